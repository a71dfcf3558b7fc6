"""The result page on real engine output: generated clips with known blinks and blur
go through `detector.analysis.analyse`, are stored as the worker stores them, and the
page must agree with the clip: the count it states, one chart mark per blink at the
right time, a picture for each named moment, and the same events in words."""

from __future__ import annotations

import re

import cv2
import numpy as np
import pytest
from django.urls import reverse

from detector import charts, wording
from detector.analysis import codes
from detector.results import parse_report
from tests.detector.result_pages import CLIPS, Page, result_html, store, true_blinks

pytestmark = pytest.mark.django_db

TIME_TOLERANCE_S = 0.12


@pytest.fixture(params=sorted(CLIPS))
def checked(request, clip_cache, client):
    """(truth, report as stored, analysis, page) for each generated clip."""
    truth, result = clip_cache.result(request.param, CLIPS[request.param])
    analysis = store(result, client)
    html = result_html(client, analysis)
    return truth, analysis.report, analysis, Page(html)


def test_the_page_states_the_count_of_the_blinks_in_the_clip(checked):
    truth, report, _, page = checked
    blinks = true_blinks(truth)
    seconds = round(report["visible_face_s"])
    assert f"We zagen {len(blinks)} keer knipperen in {seconds} seconden" in page.main_text()
    # ... with what people usually do (the lessons' range) right after it.
    assert "Mensen knipperen in een gesprek meestal 10 tot 32 keer per minuut." in page.main_text()


def test_the_chart_has_one_numbered_mark_per_blink_at_its_time(checked):
    truth, _report, _, page = checked
    blinks = true_blinks(truth)
    svgs = page.find("svg", "timeline__chart")
    assert {svg.attrs["class"].split()[-1] for svg in svgs} == {
        f"timeline__chart--{layout.name}" for layout in charts.LAYOUTS
    }
    for layout in charts.LAYOUTS:
        css = f"timeline__chart--{layout.name}"
        marks = [
            a
            for a in page.find("a", "chart-mark--blink")
            if a.inside("svg", **{"class": f"timeline__chart {css}"})
        ]
        assert [m.text.strip() for m in marks] == [str(k) for k in range(1, len(blinks) + 1)]
        for mark, (start, end) in zip(marks, blinks, strict=True):
            time_s = float(mark.attrs["data-time-s"])
            assert start - TIME_TOLERANCE_S <= time_s <= end + TIME_TOLERANCE_S
            # The mark links to its line in the text alternative, which names the same time.
            target = page.by_id(mark.attrs["href"].removeprefix("#"))
            assert target is not None and target.tag == "li"
            assert mark.attrs["aria-label"] + "." == " ".join(target.text.split())


def test_each_flagged_moment_has_its_crop_and_blinks_their_eye_strip(checked, client):
    _truth, report, analysis, page = checked
    moments = report["suspicious_moments"]
    assert moments, "the clips have a blurred face, so at least one moment is flagged"
    parsed = parse_report(report).moments
    for number, moment in enumerate(moments, start=1):
        card = page.by_id(f"moment-{number}")
        assert card is not None
        pictures = [img for img in page.find("img") if img.inside("li", id=f"moment-{number}")]
        kinds = ["face", "eyes"] if moment["reason"] in codes.EYE_MOMENTS else ["face"]
        assert len(pictures) == len(kinds)
        for img, kind in zip(pictures, kinds, strict=True):
            url = reverse("detector:thumbnail", args=[analysis.pk, moment["thumbnails"][kind]])
            assert img.attrs["src"] == url and img.attrs["alt"]
            response = client.get(url)
            assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
            picture = cv2.imdecode(np.frombuffer(response.content, np.uint8), cv2.IMREAD_COLOR)
            if kind == "face":
                assert picture.shape[0] >= 160  # a zoomed face, not a whole frame
            else:
                assert picture.shape[1] > 2 * picture.shape[0]  # before | during | after
        # The engine's own reason and numbers, in words.
        assert wording.moment_detail(parsed[number - 1]) in " ".join(card.text.split())


def test_the_slow_blink_is_named_with_its_seconds(clip_cache, client):
    _truth, result = clip_cache.result("slow_blink", CLIPS["slow_blink"])
    page = Page(result_html(client, store(result, client)))
    slow = [m for m in result.report["suspicious_moments"] if m["reason"] == "odd_blink"]
    assert len(slow) == 1
    closed = slow[0]["numbers"]["closed_s"]
    assert 0.5 <= closed <= 1.0
    expected = f"De ogen blijven {str(round(closed, 1)).replace('.', ',')} seconde dicht."
    assert expected in page.main_text()


def test_the_text_alternative_lists_the_same_events_as_the_chart(checked):
    truth, report, _, page = checked
    items = [li for li in page.find("li") if li.inside("ol", **{"class": "events"})]
    blink_items = [li for li in items if li.attrs.get("id", "").startswith("knipper-")]
    assert len(blink_items) == len(true_blinks(truth)) == len(report["blinks"])
    moment_links = [
        a.attrs["href"] for a in page.find("a") if a.inside("ol", **{"class": "events"})
    ]
    expected = [f"#moment-{k}" for k in range(1, len(report["suspicious_moments"]) + 1)]
    assert sorted(moment_links) == expected
    # Every moment has a mark on the chart with the same letter.
    for number, _moment in enumerate(report["suspicious_moments"], start=1):
        marks = [
            a
            for a in page.find("a", "chart-mark--moment")
            if a.attrs["href"] == f"#moment-{number}"
        ]
        assert len(marks) == len(charts.LAYOUTS)
        assert {m.text.strip() for m in marks} == {wording.moment_label(number)}


def test_every_moment_the_summary_names_can_be_pointed_at_on_the_chart(checked):
    _, _report, _, page = checked
    named = re.findall(r"moment ([A-Z])\b", page.main_text())
    assert named, "the blurred stretch is named in the summary"
    letters = {a.text.strip() for a in page.find("a", "chart-mark--moment")}
    assert set(named) <= letters


def test_the_flagged_blur_is_shaded_where_the_face_was_blurred(checked):
    truth, report, _, _ = checked
    ((blur_start, blur_end),) = truth.blurs
    layout = charts.WIDE
    parsed = parse_report(report)
    chart = charts.timeline(parsed, wording.moment_texts(parsed), layout)
    assert chart is not None

    def x_of(t):
        return layout.left + t / report["duration_s"] * (layout.width - layout.left - layout.right)

    shaded = [b for b in chart.bands if "chart-band--moment" in b.css]
    assert any(
        float(b.x) <= x_of(blur_end) and float(b.x) + float(b.width) >= x_of(blur_start)
        for b in shaded
    )


def test_svg_coordinates_keep_a_decimal_point(checked):
    *_, page = checked
    for element in page.elements:
        for name in ("x", "y", "width", "height", "x1", "x2", "y1", "y2", "viewBox"):
            if name in element.attrs and element.inside("svg"):
                assert "," not in element.attrs[name]
        if element.tag == "polyline":
            assert re.fullmatch(r"[\d.]+,[\d.]+( [\d.]+,[\d.]+)*", element.attrs["points"])


def test_every_dip_the_engine_did_not_count_is_on_the_chart_with_its_reason(checked):
    """Whatever the engine rejects (older engines wrote no ``rejected_blinks``: none),
    each dip is a ring on both drawings, and the first ones are listed with a reason."""
    _truth, report, _, page = checked
    rejected = parse_report(report).rejected_blinks
    assert len(rejected) == len(report.get("rejected_blinks", []))
    for layout in charts.LAYOUTS:
        css = f"timeline__chart timeline__chart--{layout.name}"
        rings = [
            c for c in page.find("circle", "chart-dip__ring") if c.inside("svg", **{"class": css})
        ]
        assert len(rings) == len(rejected)
    listed = [li for li in page.find("li") if li.inside("details", id="dips")]
    assert len(listed) == min(len(rejected), wording.dips.MOST_LISTED)
    for li, dip in zip(listed, rejected, strict=False):
        assert " ".join(li.text.split()) == wording.dip_sentence(dip)
        time_s = float(li.attrs["data-time-s"])
        assert any(
            start - TIME_TOLERANCE_S <= time_s <= end + TIME_TOLERANCE_S
            for start, end in [(d["start_s"], d["end_s"]) for d in report["rejected_blinks"]]
        )
