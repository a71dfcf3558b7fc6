"""The flagged moments: a title, when, and the engine's reason and numbers in words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from common import dutch
from detector.analysis import codes
from detector.results import Moment, ParsedReport, parse_report
from detector.wording.norms import normal_blinks, usual_blink_length

#: Short titles: codes of ``codes.MOMENT_REASONS``.
MOMENT_TITLES = {
    "face_blurrier_than_scene": "Gezicht waziger dan de omgeving",
    "sudden_face_blur": "Gezicht plotseling wazig",
    "odd_blink": "Lange knipper",
    "eyes_closed": "Ogen lang dicht",
    "few_blinks": "Weinig geknipperd",
    "many_blinks": "Vaak geknipperd",
}
MOMENT_FALLBACK = "Opvallend moment"
WHOLE_CLIP = "De hele video"


def at(value: float) -> str:
    """A moment in the clip, in the chart's unit: 'na 5,6 seconden'."""
    return "na " + dutch.seconds_tenths(value)


def span(start: float, end: float) -> str:
    """'van 5,0 tot 5,6 seconden'."""
    return f"van {dutch.decimal(start, 1)} tot {dutch.seconds_tenths(end)}"


def moment_label(number: int) -> str:
    """Moment 1 is 'A', 2 is 'B' … (blinks carry numbers, moments letters)."""
    return chr(ord("A") + number - 1) if 1 <= number <= 26 else str(number)


def moment_title(code: str) -> str:
    return MOMENT_TITLES.get(code, MOMENT_FALLBACK)


def moment_when(moment: Moment) -> str:
    """'van 5,0 tot 5,6 seconden' for a stretch, 'na 5,6 seconden' for an instant."""
    start, end = moment.start_s, moment.end_s
    if start is not None and end is not None and end - start >= 0.05:
        return span(start, end)
    return at(moment.time_s)


def sharpness_words(share: float) -> str:
    """A sharpness relative to the usual one (1) in words: 'veel minder scherp dan
    gewoonlijk'."""
    if share < 0.35:
        return "veel minder scherp dan gewoonlijk"
    if share < 0.7:
        return "duidelijk minder scherp dan gewoonlijk"
    if share < 0.9:
        return "iets minder scherp dan gewoonlijk"
    return "ongeveer even scherp als gewoonlijk"


def moment_words(moment: Moment) -> str:
    """What the page says first: the moment in words, without the engine's ratios
    (``moment_detail`` has them, for who wants the numbers)."""
    numbers = moment.numbers
    if moment.reason not in codes.BLUR_MOMENTS or numbers.face_vs_usual is None:
        return moment_detail(moment)
    start = (
        "Het gezicht wordt plotseling wazig en daarna weer scherp."
        if moment.reason == "sudden_face_blur"
        else "Het gezicht is veel waziger dan de omgeving."
    )
    text = f"{start} Het gezicht is hier {sharpness_words(numbers.face_vs_usual)}."
    if numbers.scene_vs_usual is not None:
        text += f" De omgeving is {sharpness_words(numbers.scene_vs_usual)}."
    return text


def moment_detail(moment: Moment) -> str:
    """The engine's reason and numbers, in words ('' when it has none this page knows)."""
    numbers = moment.numbers
    if moment.reason in codes.BLUR_MOMENTS and numbers.face_vs_usual is not None:
        start = (
            "Het gezicht wordt plotseling wazig en daarna weer scherp."
            if moment.reason == "sudden_face_blur"
            else "Het gezicht is veel waziger dan de omgeving."
        )
        text = (
            f"{start} De scherpte van het gezicht zakt naar {dutch.decimal(numbers.face_vs_usual)}"
        )
        if numbers.scene_vs_usual is not None:
            text += f", die van de omgeving staat op {dutch.decimal(numbers.scene_vs_usual)}"
        return text + ". Daarbij is 1 zo scherp als gewoonlijk in deze video."
    if moment.reason == "odd_blink" and numbers.closed_s is not None:
        return (
            f"De ogen blijven {dutch.seconds_tenths(numbers.closed_s)} dicht. Een gewone "
            f"knipper duurt {usual_blink_length()}."
        )
    if moment.reason == "eyes_closed" and numbers.closed_s is not None:
        return (
            f"De ogen blijven {dutch.seconds_tenths(numbers.closed_s)} dicht. Dat is langer "
            "dan een knipper, dus het telt niet mee als knipperen."
        )
    if moment.reason in codes.WHOLE_CLIP_MOMENTS and numbers.seconds is not None:
        counted = (
            f"{dutch.times(numbers.blinks or 0)} knipperen in {dutch.seconds(numbers.seconds)}"
        )
        return (
            f"{counted.capitalize()}. {normal_blinks()} "
            "Dit geldt voor de hele video, niet voor één moment."
        )
    return ""


@dataclass
class MomentText:
    number: int  # 1-based position in suspicious_moments (the #moment-N anchor)
    label: str  # 'A', 'B' … on the chart and in the text
    reason: str
    title: str
    when: str
    detail: str  # with the engine's numbers
    time_s: float
    face_alt: str
    eyes_alt: str
    face_picture: int | None = None  # Thumbnail.number
    eyes_picture: int | None = None
    words: str = ""  # the same without the engine's ratios: what the page shows first

    @property
    def numbers(self) -> str:
        """The numbers behind ``words``, when they say more ('' otherwise)."""
        return self.detail if self.detail != self.words else ""


def moment_text(moment: Moment) -> MomentText:
    whole_clip = moment.reason in codes.WHOLE_CLIP_MOMENTS
    return MomentText(
        number=moment.number,
        label=moment_label(moment.number),
        reason=moment.reason,
        title=moment_title(moment.reason),
        when=WHOLE_CLIP if whole_clip else moment_when(moment).capitalize(),
        detail=moment_detail(moment),
        words=moment_words(moment),
        time_s=moment.time_s,
        face_alt=f"Ingezoomd gezicht {at(moment.time_s)}",
        eyes_alt="De ogen vlak voor, tijdens en vlak na dit moment, van links naar rechts",
        face_picture=moment.face_picture,
        eyes_picture=moment.eyes_picture,
    )


def moment_texts(report: ParsedReport | Mapping[str, Any]) -> list[MomentText]:
    """Every flagged moment in words, in the report's order."""
    return [moment_text(moment) for moment in parse_report(report).moments]


def moment_name(moment: MomentText) -> str:
    """'Moment B: gezicht plotseling wazig, na 5,6 seconden' (the chart's mark, the
    text alternative and the command line)."""
    return f"Moment {moment.label}: {moment.title.lower()}, {moment.when.lower()}"
