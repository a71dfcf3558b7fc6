"""The dips of the eye line the engine did not count as blinks (report contract 2.1):
read from the report without trusting it, listed with their reason under the chart,
drawn as open rings on it; and a clip whose eye line jitters gets no count at all."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from detector import charts
from detector.analysis import codes
from detector.results import parse_report
from detector.wording import command_line, dips, quality, signals
from tests.detector.result_pages import REJECTED_BLINKS, Page, rendered, report_v2, report_v21
from tests.detector.webfixtures import finished_report

DIP = "zakte de lijn van de ogen even, maar"


def dip(at_s: float, reason: Any = "noise", **fields: Any) -> dict:
    entry = {
        "start_s": at_s,
        "end_s": at_s + 0.2,
        "lowest_s": at_s + 0.1,
        "depth": 0.2,
        "reason": reason,
    }
    entry.update(fields)
    return entry


def rings(page: Page, layout: charts.Layout) -> list:
    css = f"timeline__chart timeline__chart--{layout.name}"
    return [c for c in page.find("circle", "chart-dip__ring") if c.inside("svg", **{"class": css})]


def ring_links(page: Page, layout: charts.Layout) -> list:
    css = f"timeline__chart timeline__chart--{layout.name}"
    return [a for a in page.find("a", "chart-dip") if a.inside("svg", **{"class": css})]


def listed(page: Page) -> list[str]:
    return [" ".join(li.text.split()) for li in page.find("li") if li.inside("details")]


# --- reading the report ---------------------------------------------------------------


def test_a_report_without_rejected_blinks_has_none():
    assert parse_report(report_v2()).rejected_blinks == ()
    assert parse_report(finished_report()).rejected_blinks == ()
    assert parse_report(report_v2(rejected_blinks=None)).rejected_blinks == ()
    assert parse_report(report_v2(rejected_blinks={"start_s": 1.0})).rejected_blinks == ()


def test_rejected_blinks_are_read_in_time_order_and_numbered():
    parsed = parse_report(report_v21()).rejected_blinks
    assert [d.lowest_s for d in parsed] == [3.6, 5.1, 8.3, 11.1, 17.5]
    assert [d.number for d in parsed] == [1, 2, 3, 4, 5]
    assert [d.reason for d in parsed] == ["settling", "noise", "one_sample", "face_jump", "one_eye"]
    first = parsed[0]
    assert (first.start_s, first.end_s, first.depth) == (3.5, 3.7, 0.2)


def test_entries_the_page_cannot_place_or_word_are_left_out():
    report = report_v2(
        rejected_blinks=[
            dip(1.0),
            "not a dip",
            None,
            [1.0, 1.2],
            dip(2.0, reason="something_new"),
            dip(3.0, reason=None),
            dip(4.0, reason=["noise"]),
            dip(5.0, start_s=None),
            dip(6.0, end_s=float("nan")),
            dip(7.0, end_s=6.5),
            dip(-1.0),
            dip(8.0, start_s=True),
            {"reason": "noise"},
            dip(9.0, reason="one_eye"),
        ]
    )
    parsed = parse_report(report).rejected_blinks
    assert [(d.start_s, d.reason) for d in parsed] == [(1.0, "noise"), (9.0, "one_eye")]
    assert [d.number for d in parsed] == [1, 2]


def test_a_dip_without_a_usable_lowest_point_or_depth_is_still_placed():
    report = report_v2(
        rejected_blinks=[
            dip(1.0, lowest_s=None, depth=None),
            dip(2.0, lowest_s=9.0, depth="deep"),
            dip(3.0, lowest_s="3.05"),
        ]
    )
    parsed = parse_report(report).rejected_blinks
    assert [d.lowest_s for d in parsed] == [pytest.approx(1.1), pytest.approx(2.1), 3.05]
    assert [d.depth for d in parsed] == [None, None, 0.2]


# --- the words --------------------------------------------------------------------------


def test_every_reason_has_its_sentence_and_no_sentence_is_orphaned():
    assert set(dips.REJECT_REASONS) == set(codes.REJECT_REASONS)


def test_each_dip_is_worded_with_its_time_and_its_reason():
    parsed = parse_report(report_v21()).rejected_blinks
    sentences = [dips.dip_sentence(d) for d in parsed]
    assert sentences[0] == (
        "Na 3,6 seconden zakte de lijn van de ogen even, maar vlak na een knipper, terwijl "
        "de oogleden weer tot rust kwamen. Dat hoort nog bij die knipper."
    )
    assert sentences[1] == (
        "Na 5,1 seconden zakte de lijn van de ogen even, maar niet dieper dan het gewone "
        "trillen van de meting in deze video."
    )
    assert "maar alleen in één beeld." in sentences[2]
    assert "maar in hetzelfde beeld veranderde het hele gezicht" in sentences[3]
    assert "maar alleen bij één oog. Dat kan een knipoog zijn" in sentences[4]
    assert not any(dips.REJECT_FALLBACK in sentence for sentence in sentences)


def test_the_command_line_counts_the_dips_and_gives_their_reasons():
    lines = command_line.summary_lines(report_v21())
    assert "Niet als knipper geteld: 5 dips." in lines
    assert sum(DIP in line for line in lines) == 5
    assert not any(
        "Niet als knipper geteld" in line for line in command_line.summary_lines(report_v2())
    )


# --- the page ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_lists_each_dip_with_its_reason_under_the_chart(client):
    page = rendered(client, report_v21())
    summary = page.find("summary")
    assert [" ".join(s.text.split()) for s in summary if s.inside("details", id="dips")] == [
        "Dips die we niet als knipper telden (5)"
    ]
    items = listed(page)
    assert len(items) == 5
    assert items[0].startswith("Na 3,6 seconden zakte de lijn van de ogen even, maar vlak na")
    for reason, item in zip(
        ["settling", "noise", "one_sample", "face_jump", "one_eye"], items, strict=True
    ):
        assert item.endswith(dips.REJECT_REASONS[reason])
    # Inside the timeline's section, after the timeline in words.
    details = page.by_id("dips")
    assert details is not None and details.inside("section", **{"aria-labelledby": "tijdlijn"})
    assert "Open rondje: een dip van de ogen die we niet als knipper telden" in page.main_text()


@pytest.mark.django_db
def test_each_dip_is_an_open_ring_on_the_chart_that_links_to_its_reason(client):
    page = rendered(client, report_v21())
    for layout in charts.LAYOUTS:
        assert len(rings(page, layout)) == 5
        links = ring_links(page, layout)
        assert [a.attrs["href"] for a in links] == [f"#dip-{n}" for n in range(1, 6)]
        for link in links:
            target = page.by_id(link.attrs["href"].removeprefix("#"))
            assert target is not None and target.tag == "li" and target.inside("details")
            seconds = link.attrs["aria-label"].removeprefix("Niet geteld ")
            assert " ".join(target.text.split()).startswith(seconds.capitalize() + " zakte")
        # Distinct from the blinks: the two counted blinks keep their numbered labels.
        blinks = [
            a
            for a in page.find("a", "chart-mark--blink")
            if a.inside("svg", **{"class": f"timeline__chart timeline__chart--{layout.name}"})
        ]
        assert [a.text.strip() for a in blinks] == ["1", "2"]
    desc = " ".join(d.text for d in page.find("desc"))
    assert "Een open rondje is een dip die we niet als knipper telden." in desc


def test_a_ring_sits_at_the_dips_lowest_point():
    parsed = parse_report(report_v21())
    layout = charts.WIDE
    chart = charts.timeline(parsed, [], layout)
    assert chart is not None
    x_of = charts.Scale(0, 30.0, layout.left, layout.width - layout.right)
    assert [float(d.x) for d in chart.dips] == [
        pytest.approx(x_of(t), abs=0.1) for t in (3.6, 5.1, 8.3, 11.1, 17.5)
    ]
    # Deeper dips sit lower (a larger y in the drawing).
    ys = {d.time_s: float(d.y) for d in chart.dips}
    assert ys[11.1] > ys[17.5] > ys[8.3] > ys[3.6] > ys[5.1]


@pytest.mark.django_db
def test_many_dips_list_the_first_ten_and_count_the_rest(client):
    many = [dip(1.0 + k, reason=codes.REJECT_REASONS[k % 5]) for k in range(13)]
    page = rendered(client, report_v21(rejected_blinks=many))
    assert len(listed(page)) == dips.MOST_LISTED == 10
    assert "Dips die we niet als knipper telden (13)" in page.main_text()
    assert "En nog 3 andere dips die we ook niet telden. Ze staan wel op de tijdlijn." in (
        page.main_text()
    )
    for layout in charts.LAYOUTS:
        assert len(rings(page, layout)) == 13
        assert len(ring_links(page, layout)) == 10  # the rest has nothing to link to
    unlinked = [c for c in rings(page, charts.WIDE) if not c.inside("a")]
    assert len(unlinked) == 3 and all(c.attrs["aria-hidden"] == "true" for c in unlinked)
    one_more = [dip(1.0 + k) for k in range(11)]
    assert (
        "En nog 1 andere dip die we ook niet telden."
        in rendered(client, report_v21(rejected_blinks=one_more)).main_text()
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "report",
    [report_v2(), finished_report(), report_v21(rejected_blinks=[])],
    ids=["contract 2.0", "contract 1.0", "no dips"],
)
def test_without_dips_there_is_no_section_and_no_ring(client, report):
    page = rendered(client, report)
    assert page.by_id("dips") is None
    assert page.find("circle", "chart-dip__ring") == []
    assert "open rondje" not in page.all_words().lower()
    assert "Tik of klik op een nummer of letter om te zien" in page.main_text()


@pytest.mark.django_db
def test_the_compare_page_keeps_the_dips_of_both_results_apart(client):
    rendered(client, report_v21())
    rendered(client, report_v21(rejected_blinks=REJECTED_BLINKS[:2]))
    first, second = client.session["detector_analyses"]
    response = client.get(reverse("detector:compare"), {"a": first, "b": second})
    page = Page(response.content.decode())
    assert page.by_id("a-dips") is not None and page.by_id("b-dips") is not None
    hrefs = {a.attrs["href"] for a in page.find("a", "chart-dip")}
    assert hrefs == {f"#a-dip-{n}" for n in range(1, 6)} | {"#b-dip-1", "#b-dip-2"}
    assert all(page.by_id(href.removeprefix("#")) is not None for href in hrefs)


# --- a jittery eye line: no count --------------------------------------------------------


def noisy(**quality_fields) -> dict:
    """Eyes too jittery to count blinks in; the engine may still list what it saw."""
    report = report_v21(unknown_reasons=["eyes_noisy"], blink_rate_per_min=None)
    report["signals"]["blink_rate"] = "unknown"
    report["suspicious_moments"] = report["suspicious_moments"][1:]  # no "few blinks"
    report["quality"].update(quality_fields)
    return report


@pytest.mark.django_db
@pytest.mark.parametrize("eyes", ["unknown", "good"])
def test_a_jittery_eye_line_gets_no_count_and_no_verdict(client, eyes):
    """Also when an engine writes blinks and a verdict beside the reason: the reason wins."""
    page = rendered(client, noisy(eyes=eyes))
    text = page.main_text()
    assert "We konden het knipperen in deze video niet meten." in text
    assert quality.UNKNOWN_REASONS["eyes_noisy"] in text
    assert "Knipperen: niet gemeten." in text
    assert "keer knipperen in" not in text and "geen enkele keer" not in text
    assert "keer per minuut" not in text.replace(
        "Mensen knipperen in een gesprek meestal 10 tot 32 keer per minuut.", ""
    )
    for says in signals.BLINK_RATE_SAYS.values():
        assert says.split(".")[0] not in text
    # The chart still shows the measured line, but no numbered blink.
    assert page.find("svg", "timeline__chart")
    assert page.find("a", "chart-mark--blink") == []
    assert not [li for li in page.find("li") if li.attrs.get("id", "").startswith("knipper-")]
    assert "Elke knipper heeft een nummer." not in " ".join(d.text for d in page.find("desc"))
    # The scene's sharpness was measured: its summary stands.
    assert "We zagen het gezicht 1 keer opvallend wazig worden" in text


def test_the_eyes_too_small_reason_says_the_eyes_are_too_small():
    sentence = quality.UNKNOWN_REASONS["face_too_small"]
    assert sentence.startswith("De ogen zijn te klein in beeld om te meten")
    assert "pixels" in sentence
