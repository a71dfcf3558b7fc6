"""Middleware of the whole site that only sets what Django has no setting for: a
header, and the page for a failed CSRF check. The body limits live in common/body_limit.py.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


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
