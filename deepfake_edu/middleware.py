"""Middleware of the whole site: request bodies refused before they are read, and
headers Django has no setting for.

BodyLimitMiddleware comes first in MIDDLEWARE, ahead of CSRF (whose check reads
request.POST, and with it the whole body into a temporary file):
- a Content-Length over the limit is answered 413 at once, nothing read;
- a chunked body (no Content-Length; Django would ignore it) is read up to the
  limit into a temporary file and cut off there with a 413;
- a client that stops sending halfway is cut off after BODY_READ_TIMEOUT_S of
  silence (a socket timeout, under gunicorn), so it cannot hold a thread for ever.
The limit is the upload limit plus room for the form around the file on the upload
page, and SMALL_BODY_BYTES everywhere else (every other form is a few fields).
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

# A multipart body carries some headers around the file itself.
MULTIPART_OVERHEAD = 64 * 1024
# Every form but the upload: a nickname, an answer, a password.
SMALL_BODY_BYTES = 256 * 1024
BODY_READ_TIMEOUT_S = 30
CHUNK = 64 * 1024


def upload_limit_bytes() -> int:
    return settings.DETECTOR_MAX_UPLOAD_MB * 1024 * 1024 + MULTIPART_OVERHEAD


def question_form_limit_bytes() -> int:
    """A quiz question in the admin may carry its pictures (quiz/pictures.py)."""
    from quiz.models import Picture
    from quiz.pictures import MAX_UPLOAD_MB

    return Picture.MAX_PER_QUESTION * MAX_UPLOAD_MB * 1024 * 1024 + MULTIPART_OVERHEAD


class BodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self._upload_path: str | None = None
        self._question_admin: str | None = None

    def limit_for(self, request: HttpRequest) -> int:
        if self._upload_path is None or self._question_admin is None:
            self._upload_path = reverse("detector:upload")
            self._question_admin = reverse("admin:quiz_question_changelist")
        if request.path == self._upload_path:
            return upload_limit_bytes()
        if request.path.startswith(self._question_admin):
            return question_form_limit_bytes()
        return SMALL_BODY_BYTES

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return self.get_response(request)
        limit = self.limit_for(request)
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
                return refuse(request, 400)
            if length < 0:
                return refuse(request, 400)
            if length > limit:
                return refuse(request, 413)
        elif "chunked" in meta.get("HTTP_TRANSFER_ENCODING", "").lower():
            refused = self.read_chunked(request, limit)
            if refused is not None:
                return refused
        return self.get_response(request)

    def read_chunked(self, request: HttpRequest, limit: int) -> HttpResponse | None:
        """Read a chunked body up to the limit; then Django sees it as a normal one."""
        stream = request.META.get("wsgi.input")
        if stream is None:
            return None
        spool = tempfile.SpooledTemporaryFile(  # noqa: SIM115 — lives as long as the request
            max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE, dir=str(settings.FILE_UPLOAD_TEMP_DIR)
        )
        size = 0
        try:
            while True:
                chunk = stream.read(min(CHUNK, limit + 1 - size))
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    spool.close()
                    return refuse(request, 413)
                spool.write(chunk)
        except OSError:
            spool.close()
            return refuse(request, 400)
        spool.seek(0)
        request.META["CONTENT_LENGTH"] = str(size)
        request._stream = LimitedStream(spool, size)  # type: ignore[arg-type,assignment]
        request._read_started = False  # type: ignore[attr-defined]
        request._body_spool = spool  # type: ignore[attr-defined]  # closed with the request
        return None


def refuse(request: HttpRequest, status: int) -> HttpResponse:
    """A short Dutch page (or, for htmx, the message alone) without reading the body."""
    if status == 413:
        message = (
            f"Dit is te veel om te versturen. Een video mag hoogstens "
            f"{settings.DETECTOR_MAX_UPLOAD_MB} MB zijn."
        )
    else:
        message = "Dit verzoek klopt niet. Probeer het opnieuw."
    context = {"message": message, "status": status}
    if request.headers.get("HX-Request"):
        body = render_to_string("body_refused.html#message", context)
    else:
        body = render_to_string("body_refused.html", context)
    return HttpResponse(body, status=status)


class SecurityHeadersMiddleware:
    """Headers Django has no setting for: Cross-Origin-Resource-Policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the site's own styled page (Django's default page has an
    inline style, which our Content-Security-Policy blocks). The reason stays in the
    log; the visitor gets what to do."""
    return render(request, "403_csrf.html", status=403)


def client_ip(request: HttpRequest) -> str:
    """The visitor's address for django-axes, by the upload limits' trusted-proxy rule."""
    from detector.services import client_ip as ip_from_meta

    return ip_from_meta(request.META)
