"""Vergelijk: two of this session's own results side by side, without JavaScript."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from detector.models import Analysis
from tests.detector.result_pages import Page, report_v2
from tests.detector.webfixtures import give_to, make_analysis

pytestmark = pytest.mark.django_db

URL = "/controle/vergelijk/"


def done(client, **report_fields) -> Analysis:
    analysis = make_analysis(
        status=Analysis.Status.DONE, progress=100, report=report_v2(**report_fields)
    )
    give_to(client, analysis)
    return analysis


def test_the_address_is_the_compare_view():
    assert reverse("detector:compare") == URL


def test_two_own_results_side_by_side(client):
    first = done(client)
    second = done(client, blink_count=7, signals={"blink_rate": "normal", "blur": "none"})
    second.report["blinks"] = [
        {"number": k, "start_s": 2.0 * k, "end_s": 2.0 * k + 0.2, "lowest_s": 2.0 * k + 0.1}
        for k in range(1, 8)
    ]
    second.report["suspicious_moments"] = []
    second.save()

    response = client.get(URL, {"a": first.pk, "b": second.pk})

    assert response.status_code == 200
    page = Page(response.content.decode())
    columns = page.find("section", "compare__column")
    assert len(columns) == 2
    assert "We zagen 2 keer knipperen in 30 seconden" in columns[0].text
    assert "We zagen 7 keer knipperen in 30 seconden" in columns[1].text
    # Each column has its own chart whose marks point into that column only.
    for side, count in (("a", 2), ("b", 7)):
        marks = [
            a
            for a in page.find("a", "chart-mark--blink")
            if a.attrs["href"].startswith(f"#{side}-")
        ]
        assert len(marks) == count * 2  # wide and narrow drawing
        for mark in marks:
            assert page.by_id(mark.attrs["href"][1:]) is not None
    ids = [e.attrs["id"] for e in page.elements if "id" in e.attrs]
    assert len(ids) == len(set(ids))
    assert page.by_id("a-moment-2") is not None and page.by_id("b-moment-1") is None


def test_without_a_choice_it_offers_this_sessions_results_in_a_plain_form(client):
    first, second = done(client), done(client)
    done(Client())  # someone else's

    response = client.get(URL)

    assert response.status_code == 200
    page = Page(response.content.decode())
    form = page.find("form", "compare__choice")[0]
    assert form.attrs["method"] == "get"
    options = [o.attrs["value"] for o in page.find("option")]
    assert options == [first.pk, second.pk] * 2
    # The two latest are chosen already, so one click compares them.
    selected = [o.attrs["value"] for o in page.find("option") if "selected" in o.attrs]
    assert selected == [first.pk, second.pk]


def test_someone_elses_result_is_not_found(client):
    mine = done(client)
    theirs = done(Client())
    response = client.get(URL, {"a": mine.pk, "b": theirs.pk})
    assert response.status_code == 404
    assert "We zagen" not in response.content.decode()


def test_an_unknown_or_unfinished_result_is_not_found(client):
    mine = done(client)
    waiting = make_analysis()
    give_to(client, waiting)
    assert client.get(URL, {"a": mine.pk, "b": "bestaat-niet"}).status_code == 404
    assert client.get(URL, {"a": mine.pk, "b": waiting.pk}).status_code == 404


def test_with_fewer_than_two_results_it_says_what_to_do(client):
    done(client)
    text = Page(client.get(URL).content.decode()).main_text()
    assert "nog geen twee afgeronde controles" in text


def test_the_result_page_links_to_the_compare_view_once_there_are_two(client):
    first = done(client)
    status = reverse("detector:status", args=[first.pk])
    assert URL not in client.get(status).content.decode()
    done(client)
    assert f'href="{URL}?a={first.pk}"' in client.get(status).content.decode()


def test_both_results_are_one_table_with_a_column_each(client):
    """What a phone shows instead of two whole reports: one row per signal, the two
    clips side by side (CSS hides the whole reports where they would stack)."""
    first = done(client)
    second = done(client, suspicious_moments=[], signals={"blink_rate": "normal", "blur": "none"})
    page = Page(client.get(URL, {"a": first.pk, "b": second.pk}).content.decode())
    tables = page.find("table", "compare__table")
    assert len(tables) == 1
    cells: list[list[str]] = []
    for element in page.elements:
        if element.tag == "tr":
            cells.append([])
        elif element.tag in ("th", "td") and element.inside("table"):
            cells[-1].append(" ".join(element.text.split()))
    rows = {row[0]: row[1:] for row in cells[1:]}
    assert cells[0] == ["", "Controle 1", "Controle 2"]
    assert rows["In het kort"][0].startswith("Opvallend: minder geknipperd dan de meeste")
    assert rows["In het kort"][1].startswith("Niets opvallends gemeten.")
    assert rows["Knipperen"] == ["2 keer in 30 seconden. Meestal 5 tot 16 keer."] * 2
    assert rows["Wazig gezicht"] == ["1 keer: van 20,0 tot 21,0 seconden.", "Nergens opvallend."]
    assert rows["Momenten"] == [
        "A: weinig geknipperd. B: gezicht waziger dan de omgeving.",
        "Geen.",
    ]
    assert rows["Hoe goed gemeten"] == ["Knipperen goed gemeten, scherpte goed gemeten."] * 2
    links = [a.attrs["href"] for a in page.find("a") if a.inside("table")]
    assert links == [reverse("detector:status", args=[pk]) for pk in (first.pk, second.pk)]
