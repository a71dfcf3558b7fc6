"""Secrets in addresses, cut out of every log line: the teacher's key and the join
code before it (classroom/urls.py), a join code from the board's QR code, a result's
id (detector/urls.py). Whoever reads a log must not be able to join a class or go
looking for a pupil's result. gunicorn's access log (gunicorn.conf.py) and Django's
own request log (settings.LOGGING) both use it.
"""

from __future__ import annotations

import logging
import re

SECRET_IN_ADDRESS = re.compile(
    r"(/klassikaal/docent/|/sleutel/|/controle/(?!vergelijk/)|[?&]code=)[^/?&#\s\"]+"
)


def redact(text: str) -> str:
    return SECRET_IN_ADDRESS.sub(r"\1***", text)


class RedactAddresses(logging.Filter):
    """A log filter: the message and its arguments with the secrets cut out (Django
    logs "Forbidden: /klassikaal/docent/<code>/sleutel/<key>/" on a 403)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True
