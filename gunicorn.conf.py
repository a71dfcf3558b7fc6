"""gunicorn settings for the Docker image; GUNICORN_CMD_ARGS overrides them."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", min(4, multiprocessing.cpu_count() * 2 + 1)))
# Uploads of up to 50 MB on a slow school connection take time.
timeout = 120
accesslog = "-"
# No IP addresses in the access log: pupils are minors.
access_log_format = '"%(r)s" %(s)s %(b)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
