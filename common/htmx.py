"""The request type of a view behind django-htmx's middleware."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """Annotate a view's request with this to use `request.htmx` with its type."""

    htmx: HtmxDetails
