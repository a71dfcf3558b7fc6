"""Pages that are the same for every visitor, served at the cost of a static file.

`@public_page` marks such a view. Its answer sets no cookie and has no
`Vary: Cookie`, says `Cache-Control: public, max-age=…` so browsers and a proxy
or CDN in front may keep it, carries an ETag so a reload is a 304, and is kept
in Django's cache (the `pages` cache of settings.CACHES) so the next visitor
gets it without a render.

A page stays public only while it touches nothing personal. `base.html`
leaves out the CSRF token for htmx on a public page (`request.public_page`);
if a template or view still reads the CSRF token or the session, the answer
is marked private and kept out of every cache, so one visitor's token or data
can never be shared with another. A test asserts that each public page stays
public.

A request with a query string (a demo step without JavaScript) gets the same
headers but is not kept in Django's cache: its possible addresses are
endless, and every one of them would push a lesson out of the cache.
"""

import logging
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.cache import cache_page
from django.views.decorators.http import conditional_page

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponse]
CACHE_ALIAS = "pages"


def touched_personal_state(request: HttpRequest) -> bool:
    """Did the view read the CSRF token (which sets a cookie) or the session?"""
    session = getattr(request, "session", None)
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE")) or bool(
        session is not None and session.accessed
    )


def public_page(view: View) -> View:
    """Serve `view` from Django's cache, with public caching headers and an ETag."""

    @wraps(view)
    def render_public(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        request.public_page = True  # type: ignore[attr-defined]  # read by base.html
        response = view(request, *args, **kwargs)
        if touched_personal_state(request) or response.cookies:
            logger.warning("%s is a public page but used the session or CSRF", request.path)
            add_never_cache_headers(response)  # "private": the page cache skips it too
        elif response.status_code == 200:
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
        return response

    cached = cache_page(
        settings.PUBLIC_PAGE_CACHE_SECONDS, cache=CACHE_ALIAS, key_prefix="public-page"
    )(render_public)

    @wraps(view)
    def serve(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        handler = render_public if request.GET else cached
        return handler(request, *args, **kwargs)

    # Outermost, so a page from the cache is also answered with a 304 when unchanged.
    return conditional_page(serve)
