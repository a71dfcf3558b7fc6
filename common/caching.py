"""Pages that are the same for every visitor, served at the cost of a static file.

`@public_page` marks such a view. Its answer sets no cookie and has no
`Vary: Cookie`, says `Cache-Control: public, max-age=…` so browsers and a proxy
or CDN in front may keep it, carries an ETag so a reload is a 304, and is kept
in Django's cache (the `pages` cache of settings.CACHES) by
`PublicPageCacheMiddleware`, so the next visitor gets it without a render,
before the session, CSRF and URL machinery even runs.

A page stays public only while it touches nothing personal. `base.html`
leaves out the CSRF token for htmx on a public page (`request.public_page`);
if a template or view still reads the CSRF token or the session, the answer
is marked private and kept out of every cache, so one visitor's token or data
can never be shared with another. A test asserts that each public page stays
public.

A request with a query string (a demo step without JavaScript) gets the same
headers but is not kept in Django's cache: its possible addresses are
endless, and every one of them would push a lesson out of the cache.

The cache may be shared by every process on every machine (one Redis, see
settings.CACHES) and may fail: an error is a miss, logged once, and the cache is
left alone for `CACHE_PAUSE_S`; the page is rendered, never a 500.

Every other page that reads the session or the CSRF token, or sets a cookie,
gets `Cache-Control: private, no-store` from `PersonalPageMiddleware`.
"""

import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.http.request import split_domain_port
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponseBase]
V = TypeVar("V", bound=View)
CACHE_ALIAS = "pages"
# After a cache error the middleware leaves the cache alone this long (per process). A
# Redis that is down refuses a connection at once, but one out of reach costs the
# connect timeout on every request; and the log gets one line, not one per request.
CACHE_PAUSE_S = 30.0


def touched_personal_state(request: HttpRequest) -> bool:
    """Did the view read the CSRF token (which sets a cookie) or the session?"""
    session = getattr(request, "session", None)
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE")) or bool(
        session is not None and session.accessed
    )


def _render(view: View, request: HttpRequest, *args, **kwargs) -> tuple[HttpResponseBase, bool]:
    """The view's answer with its caching headers, and whether it may be shared."""
    response = view(request, *args, **kwargs)
    if touched_personal_state(request) or response.cookies:
        logger.warning("%s is a public page but used the session or CSRF", request.path)
        add_never_cache_headers(response)  # private, no-store
        return response, False
    if response.status_code != 200 or not isinstance(response, HttpResponse):
        return response, False
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
    set_response_etag(response)
    return response, True


def _cache_key(request: HttpRequest) -> str:
    # Only the address: a public page is the same whatever the request's headers. The
    # host as ALLOWED_HOSTS checked it, in lower case and without a port: keyed on the
    # raw Host header, 2,000 variants of one host (ports, letter case) would push the
    # real page out of the cache. No public page shows the host, so they may share it.
    host, _ = split_domain_port(request.get_host())
    return f"public-page:{request.scheme}://{host}{request.path}"


def _cacheable_request(request: HttpRequest) -> bool:
    return request.method in ("GET", "HEAD") and not request.META.get("QUERY_STRING")


def public_page(view: V) -> V:
    """Mark `view` as a page the same for everyone: public caching headers, an ETag, shared.

    PublicPageCacheMiddleware keeps the answer and serves it to the next
    visitor; the decorator only says that it may.
    """

    @wraps(view)
    def serve(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        request.public_page = True  # type: ignore[attr-defined]  # read by base.html
        response, shareable = _render(view, request, *args, **kwargs)
        request.public_page_shareable = shareable and _cacheable_request(request)  # type: ignore[attr-defined]
        return _conditional(request, response)

    return cast(V, serve)  # same arguments; the same kind of answer (or a 304)


class PublicPageCacheMiddleware:
    """Serve a public page from the `pages` cache before the rest of the middleware runs.

    Put it right after WhiteNoise: a hit then costs about what a static file
    costs (no session, CSRF, authentication or URL resolving). A page is kept
    as the inner middleware left it (so X-Frame-Options and the like are kept
    too) and only when `@public_page` said it may be shared; the headers of
    the outer middleware (CSP, security headers) are added to every answer.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.paused_until = 0.0

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not _cacheable_request(request):
            return self.get_response(request)
        cache = caches[CACHE_ALIAS]
        key = _cache_key(request)
        stored = self._use_cache(cache.get, key)
        if stored is not None:
            content, headers = stored
            return _conditional(request, HttpResponse(content, headers=headers))
        response = self.get_response(request)
        if isinstance(response, HttpResponse) and _shareable(request, response):
            page = (response.content, dict(response.items()))
            self._use_cache(cache.set, key, page, settings.PUBLIC_PAGE_CACHE_SECONDS)
        return response

    def _use_cache(self, method: Callable[..., Any], *args: Any) -> Any:
        """A cache that fails is a miss: the page is rendered, never a 500."""
        if time.monotonic() < self.paused_until:
            return None
        try:
            return method(*args)
        except Exception:
            # Each backend raises its own errors (redis.RedisError, OSError, a pickle
            # error on a damaged entry); whatever it is, rendering the page is safe.
            self.paused_until = time.monotonic() + CACHE_PAUSE_S
            logger.warning(
                "The page cache failed; pages are rendered without it for %d s",
                CACHE_PAUSE_S,
                exc_info=True,
            )
            return None


def _shareable(request: HttpRequest, response: HttpResponse) -> bool:
    return bool(
        getattr(request, "public_page_shareable", False)
        and response.status_code == 200
        and not response.cookies
        and "cookie" not in response.get("Vary", "").lower()
    )


class PersonalPageMiddleware:
    """`Cache-Control: private, no-store` on every answer with a visitor's own data.

    An answer is personal when the view read the session (a pupil's nickname, a
    teacher's token, quiz progress) or the CSRF token, or when it sets a cookie. One
    rule for every view, so a new page cannot forget it; a view that says something
    about caching itself (`@never_cache`, `@public_page`) keeps what it said. Put it
    just inside PublicPageCacheMiddleware and outside the session and CSRF
    middleware: on the way out it then sees the cookies they set.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not response.has_header("Cache-Control") and (
            touched_personal_state(request) or response.cookies
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response


def _conditional(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """A 304 when the browser already has this version (If-None-Match)."""
    etag = response.get("ETag")
    if request.method != "GET" or not etag:
        return response
    if not isinstance(response, HttpResponse):
        return response
    return get_conditional_response(request, etag=etag, response=response) or response
