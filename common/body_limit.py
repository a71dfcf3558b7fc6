"""Request bodies refused before they are read, up to the limit each view declares.

BodyLimitMiddleware comes first in MIDDLEWARE, ahead of CSRF (whose check reads
request.POST, and with it the whole body into a temporary file):
- a Content-Length over the limit is answered 413 at once, nothing read;
- a chunked body (no Content-Length; Django would ignore it) is read up to the
  limit into a temporary file and cut off there with a 413;
- a client that stops sending halfway is cut off after BODY_READ_TIMEOUT_S of
  silence (a socket timeout, under gunicorn), so it cannot hold a thread for ever.

A view that takes files says how much with `@body_limit(...)`; every other address
gets SMALL_BODY_BYTES. The middleware finds the view by resolving the path, so it
knows no app, and a view cannot forget the limit: without a declaration it is small.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve

# A multipart body carries some headers around the files themselves.
MULTIPART_OVERHEAD = 64 * 1024
# Every form that takes no file: a nickname, an answer, a password.
SMALL_BODY_BYTES = 256 * 1024
BODY_READ_TIMEOUT_S = 30
CHUNK = 64 * 1024
TOO_LARGE = "Dit is te veel om te versturen."
MALFORMED = "Dit verzoek klopt niet. Probeer het opnieuw."

V = TypeVar("V", bound=Callable[..., Any])


@dataclass(frozen=True)
class BodyLimit:
    """The most a view takes. Either may be a function, read per request, so a limit
    from the settings follows the settings."""

    max_bytes: int | Callable[[], int]
    too_large_message: str | Callable[[], str] = TOO_LARGE

    def bytes(self) -> int:
        return self.max_bytes() if callable(self.max_bytes) else self.max_bytes

    def message(self) -> str:
        message = self.too_large_message
        return message() if callable(message) else message


SMALL = BodyLimit(SMALL_BODY_BYTES)


def body_limit(
    max_bytes: int | Callable[[], int], too_large_message: str | Callable[[], str] = TOO_LARGE
) -> Callable[[V], V]:
    """Let a view take bodies up to `max_bytes`; a bigger one gets a 413 with
    `too_large_message` before anything reads it.

    Like `csrf_exempt` it only marks the view, so it works in any place of a stack
    of decorators that use functools.wraps, and on a method (a ModelAdmin's
    add_view) as well as on a function.
    """
    declared = BodyLimit(max_bytes, too_large_message)

    def declare(view: V) -> V:
        view.body_limit = declared  # type: ignore[attr-defined]
        return view

    return declare


def multipart_bytes(megabytes: int) -> int:
    """A form carrying files of `megabytes` in all, with room for the form around them."""
    return megabytes * 1024 * 1024 + MULTIPART_OVERHEAD


def declared_limit(request: HttpRequest) -> BodyLimit:
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        return SMALL
    return getattr(view, "body_limit", SMALL)


class BodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return self.get_response(request)
        limit = declared_limit(request)
        # Under gunicorn: a client silent for this long while sending is cut off.
        sock = meta.get("gunicorn.socket")
        if sock is not None and hasattr(sock, "settimeout"):
            with contextlib.suppress(OSError):
                sock.settimeout(BODY_READ_TIMEOUT_S)
        length_header = meta.get("CONTENT_LENGTH") or ""
        if length_header:
            try:
                length = int(length_header)
            except ValueError:
                return refuse(request, 400, MALFORMED)
            if length < 0:
                return refuse(request, 400, MALFORMED)
            if length > limit.bytes():
                return refuse(request, 413, limit.message())
        elif "chunked" in meta.get("HTTP_TRANSFER_ENCODING", "").lower():
            refused = self.read_chunked(request, limit)
            if refused is not None:
                return refused
        return self.get_response(request)

    def read_chunked(self, request: HttpRequest, limit: BodyLimit) -> HttpResponse | None:
        """Read a chunked body up to the limit; then Django sees it as a normal one."""
        stream = request.META.get("wsgi.input")
        if stream is None:
            return None
        max_bytes = limit.bytes()
        spool = tempfile.SpooledTemporaryFile(  # noqa: SIM115 — lives as long as the request
            max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE, dir=str(settings.FILE_UPLOAD_TEMP_DIR)
        )
        size = 0
        try:
            while True:
                chunk = stream.read(min(CHUNK, max_bytes + 1 - size))
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    spool.close()
                    return refuse(request, 413, limit.message())
                spool.write(chunk)
        except OSError:
            spool.close()
            return refuse(request, 400, MALFORMED)
        spool.seek(0)
        request.META["CONTENT_LENGTH"] = str(size)
        request._stream = LimitedStream(spool, size)  # type: ignore[arg-type,assignment]
        request._read_started = False  # type: ignore[attr-defined]
        request._body_spool = spool  # type: ignore[attr-defined]  # closed with the request
        return None


def refuse(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """A short Dutch page (or, for htmx, the message alone) without reading the body."""
    context = {"message": message, "status": status}
    if request.headers.get("HX-Request"):
        body = render_to_string("body_refused.html#message", context)
    else:
        body = render_to_string("body_refused.html", context)
    return HttpResponse(body, status=status)
