"""Interactive demos shown inside lessons (see issue 6)."""

from django.http import HttpRequest


def context_for(request: HttpRequest, name: str) -> dict:
    """The template context a lesson page needs to show demo `name`."""
    return {}
