"""The request type of a view behind django-htmx's middleware, and the one rule
for answering it with a whole page or with the part of the page that changes."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """Annotate a view's request with this to use `request.htmx` with its type."""

    htmx: HtmxDetails


def wants_fragment(request: HttpRequest) -> bool:
    """Whether the request swaps one part of a page. A boosted link or form and a
    history restore (the back button) put a whole page in, so they get one."""
    # A middleware before django-htmx's (the body limit) answers without `request.htmx`.
    htmx = getattr(request, "htmx", None) or HtmxDetails(request)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render_page_or_fragment(
    request: HttpRequest,
    template_name: str,
    fragment: str,
    context: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page `template_name`, or only its partial `fragment` (django-template-partials'
    `"page.html#fragment"`) when htmx swaps that part in."""
    if wants_fragment(request):
        template_name = f"{template_name}#{fragment}"
    return render(request, template_name, context, status=status)
