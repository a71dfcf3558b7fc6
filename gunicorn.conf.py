"""gunicorn settings for the Docker image; GUNICORN_CMD_ARGS overrides them.

gunicorn normally sits behind nginx (deploy/nginx.conf.template), which buffers
whole requests. It must also survive on its own (`gunicorn deepfake_edu.wsgi`):
- threaded workers (gthread): a slow client holds one thread, not a whole worker
  process, and gunicorn 27 hands a connection to a thread only once its first
  bytes arrive; a body that stalls is cut off by the app's middleware
  (common.body_limit.BodyLimitMiddleware sets a read timeout on the socket).
- `timeout` is the worker heartbeat: with threads it kills a worker whose main
  loop hangs, not a long upload (a sync worker would kill honest slow uploads).
- a fresh worker imports every view before its first request (post_worker_init).
- no video is decoded in the web process (see detector/validation.py), so a
  thread never needs much memory or CPU.
"""

import multiprocessing
import os

from gunicorn.glogging import Logger, SafeAtoms  # type: ignore[import-untyped]

# No secrets from URLs in the access log either (common/redaction.py).
from common.redaction import redact

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", min(4, multiprocessing.cpu_count() * 2 + 1)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "32"))
# More open connections than threads: idle keep-alive ones wait in the poller.
worker_connections = 1000
# With threads this is a heartbeat of the worker's main loop, never a limit on a
# request; generous, so a slow machine can finish post_worker_init's imports.
timeout = 60
graceful_timeout = 30
keepalive = 5
# Request line and headers: gunicorn's defaults, stated here on purpose.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# The app is loaded once in the master and forked: a worker (also one that
# replaces another) starts at once, without importing Django and numpy again.
preload_app = True
# A worker is replaced now and then, so a slow leak cannot grow for ever; rarely,
# and spread out by the jitter, so the workers are not replaced all at once under
# load (at 2,000 the four workers restarted together every few seconds and their
# clients waited for it: p90 up to 29 times a static file's).
max_requests = 50000
max_requests_jitter = 10000
accesslog = "-"
# No IP addresses in the access log: pupils are minors.
access_log_format = '"%(r)s" %(s)s %(b)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


class RedactedAtoms(SafeAtoms):
    """Every value of the access log's format (request line, path, query, referrer,
    a redirect's Location) with the secrets in addresses cut out."""

    def __getitem__(self, key):
        value = super().__getitem__(key)
        return redact(value) if isinstance(value, str) else value


class RedactingLogger(Logger):
    atoms_wrapper_class = RedactedAtoms


logger_class = RedactingLogger


def post_worker_init(worker):
    """Import every view, and the clip header reader, before the first request: a
    fresh worker (also one replaced by max_requests) then answers at once instead of
    making its first visitors wait a second or two for the imports."""
    from django.urls import get_resolver

    worker.notify()
    get_resolver().url_patterns  # noqa: B018 — loads the URLconf and every view
    worker.notify()
    import detector.analysis.container  # noqa: F401

    worker.notify()
