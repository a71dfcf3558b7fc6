"""The result page opens with one honest line, says things in words before numbers,
has marks big enough to tap, and the upload page says how long the pictures stay."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from detector import charts, wording
from detector.models import default_expiry
from detector.results import parse_report
from detector.wording import summary
from tests.detector.result_pages import Page, report_v2, report_v21
from tests.detector.test_wording_result import VARIANTS, VERDICT, rendered

CLEAN = report_v2(suspicious_moments=[], signals={"blink_rate": "normal", "blur": "none"})


def first_paragraph(page: Page) -> str:
    """The first thing under the page's heading."""
    heading = next(e for e in page.elements if e.tag == "h1")
    after = page.elements[page.elements.index(heading) + 1 :]
    return " ".join(next(e for e in after if e.tag == "p").text.split())


@pytest.mark.django_db
def test_a_clean_clip_opens_with_nothing_found_and_what_that_does_not_mean(client):
    line = first_paragraph(rendered(client, CLEAN))
    assert line == (
        "Niets opvallends gemeten. Dat wil niet zeggen dat je de video kunt vertrouwen."
    )


@pytest.mark.django_db
def test_a_flagged_clip_opens_with_what_was_found_and_that_it_is_no_proof(client):
    line = first_paragraph(rendered(client, report_v2()))
    assert line == (
        "Opvallend: minder geknipperd dan de meeste mensen en 1 keer een wazig gezicht. "
        "Dat is een reden om beter te kijken, geen bewijs."
    )


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_the_summary_line_never_reads_as_a_verdict(name):
    line = summary.summary_line(VARIANTS[name])
    assert VERDICT.findall(line) == []
    assert ("geen bewijs" in line) or ("niet zeggen" in line) or ("niets over" in line)


def test_the_summary_line_says_what_could_not_be_measured():
    nothing = VARIANTS["unknown_no_face"]
    assert summary.summary_line(nothing) == summary.NOTHING_MEASURED
    noisy = summary.summary_line(VARIANTS["eyes_noisy_with_dips"])
    assert noisy.endswith("Het knipperen konden we niet meten.")
    assert summary.summary_line(VARIANTS["doubtful"]).endswith(summary.SHAKY)
    assert summary.summary_line(VARIANTS["short"]).endswith(summary.TOO_SHORT)


def test_every_kind_of_moment_is_named_and_counted():
    line = summary.summary_line(VARIANTS["every_moment"])
    assert line.startswith(
        "Opvallend: 2 keer een wazig gezicht, 1 lange knipper, 1 keer de ogen lang dicht, "
        "minder geknipperd dan de meeste mensen, vaker geknipperd dan de meeste mensen "
        "en 1 ander opvallend moment."
    )


@pytest.mark.django_db
def test_a_blurry_moment_is_told_in_words_and_its_numbers_wait_in_the_details(client):
    page = rendered(client, report_v2())
    card = page.by_id("moment-2")
    assert card is not None
    shown = [p for p in page.find("p") if p.inside("li", id="moment-2")]
    words = [" ".join(p.text.split()) for p in shown if not p.inside("details")]
    assert "Het gezicht is hier veel minder scherp dan gewoonlijk." in words[-1]
    assert "De omgeving is ongeveer even scherp als gewoonlijk." in words[-1]
    assert not any(re.search(r"\d,\d\d", text) for text in words)
    numbers = [
        " ".join(p.text.split()) for p in shown if p.inside("details", **{"class": "numbers"})
    ]
    assert numbers == [
        "Het gezicht is veel waziger dan de omgeving. De scherpte van het gezicht zakt naar "
        "0,20, die van de omgeving staat op 0,97. Daarbij is 1 zo scherp als gewoonlijk in "
        "deze video."
    ]


@pytest.mark.django_db
def test_the_size_of_a_small_face_is_in_the_details_not_in_the_sentence(client):
    page = rendered(client, VARIANTS["doubtful"])
    outside = [" ".join(e.text.split()) for e in page.find("p") if not e.inside("details")]
    quality = [" ".join(li.text.split()) for li in page.find("li", "quality__line")]
    assert len(quality) == 2 and all("De getallen" in text for text in quality)
    outside += [text.split("De getallen")[0] for text in quality]
    assert not any("pixels" in text for text in outside)
    inside = [" ".join(p.text.split()) for p in page.find("p") if p.inside("details")]
    assert "Een oog is ongeveer 14 pixels breed. Het gezicht is ongeveer 70 pixels hoog." in inside


# --- Tap targets -------------------------------------------------------------------------


def narrowest_wide_chart_px() -> float:
    """The container width from which CSS shows the wide drawing (detector.css)."""
    css = Path(django_settings.BASE_DIR, "static/css/detector.css").read_text()
    match = re.search(r"@container \(max-width: (\d+)px\) \{\s*\.timeline__chart--breed", css)
    assert match, "the timeline's container query"
    return int(match.group(1)) + 1


# The narrow drawing's smallest size we promise 44 px at: a 360 px phone's room.
NARROWEST_PHONE_CHART_PX = 317


@pytest.mark.parametrize(
    ("layout", "narrowest_px"),
    [(charts.WIDE, narrowest_wide_chart_px()), (charts.NARROW, NARROWEST_PHONE_CHART_PX)],
)
def test_every_mark_and_ring_is_a_44_px_target_at_its_layouts_smallest_size(layout, narrowest_px):
    report = parse_report(report_v21())
    chart = charts.timeline(report, wording.moment_texts(report), layout)
    assert chart is not None and chart.marks and chart.dips
    px_per_unit = narrowest_px / layout.width
    for mark in chart.marks:
        assert float(mark.target_width) * px_per_unit >= 44, mark.name
        assert float(mark.target_height) * px_per_unit >= 44, mark.name
        # The visible label lies inside its target.
        assert float(mark.target_x) <= float(mark.box_x)
        assert float(mark.box_x) + float(mark.box_width) <= (
            float(mark.target_x) + float(mark.target_width)
        )
    assert 2 * float(chart.dip_target) * px_per_unit >= 44


def test_marks_in_one_lane_do_not_share_their_targets():
    report = parse_report(report_v2())
    for layout in charts.LAYOUTS:
        chart = charts.timeline(report, wording.moment_texts(report), layout)
        assert chart is not None
        spans = sorted(
            (float(m.target_y), float(m.target_x), float(m.target_x) + float(m.target_width))
            for m in chart.marks
        )
        for (y1, _, right), (y2, left, _) in itertools.pairwise(spans):
            assert y1 != y2 or right <= left


# --- The upload page ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("hours", [24, 6])
def test_the_upload_page_says_how_long_the_face_pictures_are_kept(client, settings, hours):
    settings.DETECTOR_RESULT_HOURS = hours
    page = Page(client.get(reverse("detector:upload")).content.decode())
    sentence = page.by_id("bewaartijd-fotos")
    assert sentence is not None
    assert f"ingezoomde foto's van het gezicht. Die foto's bewaren we ook {hours} uur" in (
        " ".join(sentence.text.split())
    )


def test_the_stated_hours_are_the_ones_results_expire_after():
    # The page reads the same setting the expiry of a result (and its pictures) uses.
    hours = django_settings.DETECTOR_RESULT_HOURS
    left = (default_expiry() - timezone.now()).total_seconds() / 3600
    assert abs(left - hours) < 0.01
