"""How well each signal was measured, and why not better: the verdicts, the doubts
and the reasons why a signal could not be measured at all."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from common import dutch
from detector.analysis import codes
from detector.results import ParsedReport, parse_report
from detector.wording.norms import seconds_needed

#: ``report["quality"]["eyes"]`` and ``["sharpness"]``: codes of ``codes.VERDICTS``.
MEASURED = {"good": "goed gemeten", "doubtful": "twijfelachtig gemeten", "unknown": "niet gemeten"}

#: Why the measurement may be shaky: codes of ``codes.DOUBTS``.
DOUBTS = {
    "eyes_small": "de ogen zijn klein in beeld",
    "face_small": "het gezicht is klein in beeld",
    "dark": "het gezicht is vrij donker",
    "face_often_lost": "het gezicht was lang niet in elk beeld te vinden",
    "landmarks_unsure": "de computer wist niet altijd zeker waar de ogen zaten",
    "no_scene": "er is naast het gezicht bijna geen omgeving in beeld om mee te vergelijken",
}
DOUBT_FALLBACK = "de beelden zijn niet ideaal om te meten"

#: Why a signal could not be measured: codes of ``codes.UNKNOWN_REASONS``.
#: ``{seconds_needed}`` is the engine's least seconds for a verdict, in words.
UNKNOWN_REASONS = {
    "no_face": "Er is geen gezicht gevonden in de video.",
    "several_faces": (
        "Er zijn meerdere gezichten in beeld. De snelle controle werkt alleen met één gezicht."
    ),
    "face_turned_away": (
        "Het gezicht is vaak van opzij of afgewend te zien. Dan zijn de ogen niet goed te volgen."
    ),
    "face_too_small": (
        "De ogen zijn te klein in beeld om te meten: een oog is maar een paar pixels breed."
    ),
    "too_dark": "Het gezicht is te donker om de ogen goed te kunnen meten.",
    "too_short": (
        "Er is minder dan {seconds_needed} beeld waarin de ogen goed te zien zijn. "
        "Dat is te kort om iets over het knipperen te zeggen."
    ),
    "face_mostly_missing": "Het gezicht is een groot deel van de tijd niet te zien.",
    "landmarks_unsure": (
        "De computer wist niet zeker waar de ogen precies zaten. Dan is de meting niet "
        "te vertrouwen."
    ),
    "eyes_noisy": (
        "In deze video trilt de meting van de ogen steeds op en neer, net zo veel als bij "
        "een knipper. Dan kunnen we knipperen en trillen niet uit elkaar houden, dus "
        "tellen we niets. "
        "Dat kan komen door kleine ogen, door een video die vaak is doorgestuurd en daardoor "
        "minder scherp is, of door een geplakt gezicht dat rond de ogen niet stil blijft."
    ),
}
UNKNOWN_FALLBACK = "Dit signaal kon niet goed worden gemeten in deze video."


def unknown_text(code: str) -> str:
    return UNKNOWN_REASONS.get(code, UNKNOWN_FALLBACK).format(seconds_needed=seconds_needed())


def unknown_texts(reasons: Iterable[str]) -> list[str]:
    return [unknown_text(code) for code in reasons]


def not_measured_why(report: ParsedReport) -> str:
    """Why the eyes (and with them the other signals) could not be measured."""
    return " ".join(unknown_texts(report.eye_problems)) or UNKNOWN_FALLBACK


def unknown_explanations(report: ParsedReport | Mapping[str, Any]) -> list[str]:
    return unknown_texts(parse_report(report).unknown_reasons)


def share_of_frames(ratio: float) -> str:
    """How often the face was found, in words (no percentage)."""
    if ratio >= 0.95:
        return "in bijna elk beeld"
    if ratio >= 0.8:
        return "in de meeste beelden"
    tenths = max(0, min(10, round(ratio * 10)))
    return f"in maar {tenths} van de 10 beelden"


def eye_doubts(report: ParsedReport) -> list[str]:
    """The doubts about the eyes: all but those about the sharpness alone (a code this
    page does not know yet stays, and is worded with the fallback)."""
    return [
        code
        for code in report.quality.doubts
        if code in codes.EYE_DOUBTS or code not in codes.DOUBTS
    ]


def sharpness_doubts(report: ParsedReport) -> list[str]:
    return [code for code in report.quality.doubts if code in codes.SHARPNESS_DOUBTS]


def doubt_words(report: ParsedReport, doubts: list[str]) -> str:
    """The doubts in words: 'het gezicht is klein in beeld en het gezicht is vrij
    donker' (the sizes in pixels are in ``doubt_numbers``)."""
    quality = report.quality
    words: list[str] = []
    for code in doubts:
        text = DOUBTS.get(code, DOUBT_FALLBACK)
        if code == "face_often_lost" and quality.face_found_ratio is not None:
            text = f"het gezicht was {share_of_frames(quality.face_found_ratio)} te vinden"
        if text not in words:
            words.append(text)
    return dutch.join(words) or DOUBT_FALLBACK


def doubt_numbers(report: ParsedReport, doubts: list[str]) -> str:
    """The engine's sizes behind the doubts: 'Een oog is ongeveer 14 pixels breed.'
    ('' when no doubt has a number)."""
    quality = report.quality
    sentences = []
    if "eyes_small" in doubts and quality.eye_width_px:
        sentences.append(f"Een oog is ongeveer {round(quality.eye_width_px)} pixels breed.")
    if "face_small" in doubts and quality.face_size_px:
        sentences.append(f"Het gezicht is ongeveer {round(quality.face_size_px)} pixels hoog.")
    return " ".join(sentences)


def eyes_state(report: ParsedReport | Mapping[str, Any]) -> str:
    """'good', 'doubtful' or 'unknown' for the blink measure."""
    return parse_report(report).quality.eyes


def sharpness_state(report: ParsedReport | Mapping[str, Any]) -> str:
    return parse_report(report).quality.sharpness


@dataclass
class QualityLine:
    """How sure one signal is: 'Knipperen: goed gemeten.' plus why."""

    key: str
    signal: str
    state: str
    label: str
    why: str
    numbers: str = ""  # the sizes behind a doubt, for who wants them


def quality_lines(report: ParsedReport | Mapping[str, Any]) -> list[QualityLine]:
    report = parse_report(report)
    found = f"Het gezicht was {share_of_frames(report.quality.face_found_ratio or 0.0)} te vinden"
    eyes = _quality_line(
        report,
        ("knipperen", "Knipperen"),
        report.quality.eyes,
        found + " en de ogen waren goed te volgen.",
        eye_doubts(report),
    )
    sharpness = _quality_line(
        report,
        ("scherpte", "Scherpte van het gezicht"),
        report.quality.sharpness,
        found + " en het was groot en licht genoeg om de scherpte te meten.",
        sharpness_doubts(report),
    )
    return [eyes, sharpness]


def _quality_line(
    report: ParsedReport, signal: tuple[str, str], state: str, good: str, doubts: list[str]
) -> QualityLine:
    numbers = ""
    if state == "good":
        why = good
    elif state == "doubtful":
        why = "De meting kan fout zijn: " + doubt_words(report, doubts) + "."
        numbers = doubt_numbers(report, doubts)
    else:
        why = not_measured_why(report)
    return QualityLine(signal[0], signal[1], state, MEASURED[state], why, numbers)
