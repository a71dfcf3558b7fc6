"""The page-or-fragment rule, and how htmx is told to show a refusal: a 403 has a
rule of its own, and every 403 page marks the message that rule swaps in."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django_htmx.middleware import HtmxDetails

from common.htmx import render_page_or_fragment, wants_fragment

PROBLEM = {"title": "Je doet niet mee", "message": "Vul eerst de code van het bord in."}


def request_with(headers: dict[str, str] | None = None) -> HttpRequest:
    """A request as django-htmx's middleware leaves it."""
    request = RequestFactory().get("/", headers=headers)
    request.htmx = HtmxDetails(request)  # type: ignore[attr-defined]
    return request


class RefusalCounter(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.marked = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.marked += any(name == "data-refusal" for name, _ in attrs)


def marked_refusals(html: str) -> int:
    counter = RefusalCounter()
    counter.feed(html)
    return counter.marked


def test_a_plain_request_gets_the_whole_page():
    response = render_page_or_fragment(request_with(), "classroom/problem.html", "refusal", PROBLEM)
    html = response.content.decode()
    assert html.startswith("<!doctype html>")
    assert "Vul eerst de code van het bord in." in html


def test_an_htmx_request_gets_only_the_fragment_with_the_status_asked_for():
    request = request_with({"HX-Request": "true"})
    response = render_page_or_fragment(
        request, "classroom/problem.html", "refusal", PROBLEM, status=403
    )
    html = response.content.decode().strip()
    assert response.status_code == 403
    assert html.startswith("<div data-refusal>")
    assert "<html" not in html
    assert "Vul eerst de code van het bord in." in html


@pytest.mark.parametrize(
    "headers",
    [
        {"HX-Request": "true", "HX-Boosted": "true"},
        {"HX-Request": "true", "HX-History-Restore-Request": "true"},
    ],
    ids=["boosted link or form", "back button"],
)
def test_a_boosted_request_and_a_history_restore_get_the_whole_page(headers):
    request = request_with(headers)
    assert not wants_fragment(request)
    response = render_page_or_fragment(request, "classroom/problem.html", "refusal", PROBLEM)
    assert response.content.decode().startswith("<!doctype html>")


def test_a_request_before_django_htmx_has_seen_it_is_judged_by_its_headers():
    assert wants_fragment(RequestFactory().get("/", headers={"HX-Request": "true"}))
    assert not wants_fragment(RequestFactory().get("/"))


@pytest.mark.django_db
def test_a_403_has_its_own_rule_before_the_other_refusals():
    page = Client().get(reverse("classroom:join")).content.decode()
    config = json.loads(re.search(r'name="htmx-config" content=\'([^\']+)\'', page)[1])
    # htmx takes the first rule whose code, a regular expression, matches the status.
    rule = next(r for r in config["responseHandling"] if re.search(r["code"], "403"))
    assert rule == {
        "code": "403",
        "swap": True,
        "error": False,
        "select": "[data-refusal]",
        "ignoreTitle": True,
    }
    other = next(r for r in config["responseHandling"] if re.search(r["code"], "409"))
    assert other["swap"] is True
    assert "select" not in other


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("template", "context"),
    [("403.html", {}), ("403_csrf.html", {}), ("classroom/problem.html", PROBLEM)],
)
def test_every_403_page_marks_the_one_message_htmx_swaps_in(template, context):
    assert marked_refusals(render_to_string(template, context)) == 1
