"""One contract between the engine and the page: every code the engine can write has
its Dutch words, every Dutch word a code, and the numbers the page states are the
engine's own norms (detector/analysis/codes.py), not a copy of them."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from django.urls import reverse

from detector.analysis import codes, events, report
from detector.models import Analysis
from detector.results import Moment, MomentNumbers
from detector.wording import command_line, dips, errors, moments, quality, signals
from tests.detector.result_pages import Page, report_v2
from tests.detector.webfixtures import give_to, make_analysis

ROOT = Path(__file__).resolve().parents[2]


def test_every_error_code_has_its_message_and_every_message_a_code():
    assert set(errors.ERRORS) == {*codes.ERROR_CODES, *codes.CONTAINER_ERROR_CODES}


def test_every_reason_for_not_measuring_has_its_sentence_and_no_sentence_is_orphaned():
    assert set(quality.UNKNOWN_REASONS) == set(codes.UNKNOWN_REASONS)


def test_every_reason_not_to_count_a_dip_has_its_sentence_and_no_sentence_is_orphaned():
    assert set(dips.REJECT_REASONS) == set(codes.REJECT_REASONS)
    assert all(text.endswith(".") for text in dips.REJECT_REASONS.values())


def test_every_doubt_has_its_words_and_touches_a_verdict():
    assert set(quality.DOUBTS) == set(codes.DOUBTS)
    assert set(codes.EYE_DOUBTS) | set(codes.SHARPNESS_DOUBTS) == set(codes.DOUBTS)
    # The face filling the picture says nothing about the eyes.
    assert "no_scene" not in codes.EYE_DOUBTS and "no_scene" in codes.SHARPNESS_DOUBTS


class Measured:
    """Per-frame measures of a clip where everything is measured well."""

    def __init__(self, **columns: float) -> None:
        self.columns = {
            "eye_width": 40.0,
            "face_brightness": 120.0,
            "face_flag": 0.99,
            "face_height": 240.0,
            "face_sharpness": 50.0,
            "scene_sharpness": 80.0,
            **columns,
        }

    def array(self, name: str) -> np.ndarray:
        return np.full(100, self.columns[name])


def verdicts(data: Measured) -> dict:
    return report._quality(data, 1.0, 30.0, [], True)  # type: ignore[arg-type]


def test_a_face_that_fills_the_picture_leaves_the_eyes_verdict_alone():
    quality = verdicts(Measured())
    assert (quality["doubts"], quality["eyes"], quality["sharpness"]) == ([], "good", "good")
    quality = verdicts(Measured(scene_sharpness=float("nan")))
    assert quality["doubts"] == ["no_scene"]
    assert (quality["eyes"], quality["sharpness"]) == ("good", "doubtful")
    quality = verdicts(Measured(face_brightness=40.0))
    assert quality["doubts"] == ["dark"]
    assert (quality["eyes"], quality["sharpness"]) == ("doubtful", "doubtful")
    quality = verdicts(Measured(eye_width=15.0))
    assert (quality["eyes"], quality["sharpness"]) == ("doubtful", "good")


def test_every_verdict_has_its_label():
    assert set(quality.MEASURED) == set(codes.VERDICTS)


def test_every_signal_value_has_its_words():
    assert set(signals.BLINK_RATE_SAYS) == set(codes.BLINK_RATES)
    assert set(command_line.SIGNAL_LABELS) == set(codes.SIGNALS)
    for signal, values in codes.SIGNALS.items():
        assert set(command_line.SIGNAL_LABELS[signal]) == set(values)


def test_every_moment_has_its_title_and_a_detail_from_its_numbers():
    assert set(moments.MOMENT_TITLES) == set(codes.MOMENT_REASONS)
    kinds = (codes.BLUR_MOMENTS, codes.EYE_MOMENTS, codes.WHOLE_CLIP_MOMENTS)
    assert sorted(reason for kind in kinds for reason in kind) == sorted(codes.MOMENT_REASONS)
    numbers = MomentNumbers(
        face_vs_usual=0.2, scene_vs_usual=0.9, closed_s=0.6, blinks=2, seconds=30.0
    )
    for reason in codes.MOMENT_REASONS:
        moment = Moment(1, reason, 5.0, 4.8, 5.4, numbers)
        assert moments.moment_detail(moment), reason


def test_the_engine_judges_by_the_norms_it_publishes(monkeypatch):
    assert (codes.BLINK_NORM_LOW_PER_MIN, codes.BLINK_NORM_HIGH_PER_MIN) == (10, 32)
    # 12 blinks in a minute: within 10-32; below a norm that starts at 20.
    assert events.judge_blink_rate(12, 60.0) == ("normal", None)
    assert events.judge_blink_rate(9, codes.MIN_SECONDS_FOR_NORMAL - 1) == ("unknown", "too_short")
    monkeypatch.setattr(codes, "BLINK_NORM_LOW_PER_MIN", 20.0)
    assert events.judge_blink_rate(12, 60.0) == ("low", None)
    monkeypatch.setattr(codes, "MIN_SECONDS_FOR_NORMAL", 30.0)
    assert events.judge_blink_rate(5, 25.0) == ("unknown", "too_short")


def test_the_wording_restates_no_norm():
    """Numbers of the norm come from codes.py: no 'N keer per minuut' or 'N seconden
    beeld' written out in the words."""
    stated = re.compile(r"\d+\s*(tot\s*\d+\s*)?keer per minuut|\d+\s*seconden? beeld")
    for path in (ROOT / "detector" / "wording").glob("*.py"):
        assert stated.findall(path.read_text(encoding="utf-8")) == [], path.name


def result_text(client, report: dict) -> str:
    analysis = make_analysis(status=Analysis.Status.DONE, progress=100, report=report)
    give_to(client, analysis)
    response = client.get(reverse("detector:status", args=[analysis.pk]))
    assert response.status_code == 200
    return Page(response.content.decode()).main_text()


@pytest.mark.django_db
def test_the_page_states_the_engines_blink_norm(client):
    low, high = round(codes.BLINK_NORM_LOW_PER_MIN), round(codes.BLINK_NORM_HIGH_PER_MIN)
    text = result_text(client, report_v2())
    assert f"meestal {low} tot {high} keer per minuut." in text
    # 30 seconds are half a minute.
    assert f"In 30 seconden is dat ongeveer {low // 2} tot {high // 2} keer." in text


@pytest.mark.django_db
def test_the_page_follows_the_engines_constants(client, monkeypatch):
    monkeypatch.setattr(codes, "BLINK_NORM_LOW_PER_MIN", 12.0)
    monkeypatch.setattr(codes, "BLINK_NORM_HIGH_PER_MIN", 36.5)
    monkeypatch.setattr(codes, "MIN_SECONDS_FOR_NORMAL", 25.0)
    text = result_text(client, report_v2())
    assert "meestal 12 tot 36,5 keer per minuut. In 30 seconden is dat ongeveer 6 tot 19 keer." in (
        text
    )
    short = report_v2(duration_s=13.0, visible_face_s=13.0, unknown_reasons=["too_short"])
    short["signals"]["blink_rate"] = "unknown"
    assert "Daarvoor is minstens 25 seconden beeld nodig" in result_text(client, short)


@pytest.mark.django_db
def test_a_face_filling_the_picture_has_its_own_sentence_on_the_page(client):
    report = report_v2()
    report["quality"].update(sharpness="doubtful", doubts=["no_scene"])
    text = result_text(client, report)
    assert "Knipperen: goed gemeten." in text
    assert "er is naast het gezicht bijna geen omgeving in beeld om mee te vergelijken" in text
    assert quality.DOUBT_FALLBACK not in text


def test_lesson_7_states_the_engines_blink_norm():
    """The lesson that teaches what a normal blink rate is and the check that judges it
    use one range: the lesson's text, its glossary term and its source's title."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    low, high = round(codes.BLINK_NORM_LOW_PER_MIN), round(codes.BLINK_NORM_HIGH_PER_MIN)
    body = (root / "templates/lessons/bodies/herkennen.html").read_text()
    lesson = (root / "lessons/content/07-herkennen.toml").read_text()
    assert f"tussen {low} en {high} keer per minuut" in body
    assert f"tussen de {low} en {high} keer per minuut" in lesson
    assert f"{low} tot {high} keer per minuut" in lesson
