"""The summary per signal: what was counted and in how many seconds, what people
usually do, whether that says anything, and whether the measurement itself may have
failed. Also the page's opening line."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from common import dutch
from detector.analysis import codes
from detector.results import ParsedReport, parse_report
from detector.wording.moments import MomentText, moment_texts
from detector.wording.norms import normal_blinks, seconds_needed, usual_range
from detector.wording.quality import doubt_words, eye_doubts, not_measured_why, sharpness_doubts

#: What a blink count says: codes of ``codes.BLINK_RATES``. ``unknown`` here is a
#: count over too few seconds (eyes that could not be measured are worded apart).
BLINK_RATE_SAYS = {
    "low": (
        "Dat is minder dan bij de meeste mensen. Dat kan gewoon gebeuren: wie "
        "voorleest of zich concentreert, knippert minder. Oude deepfakes knipperden "
        "ook weinig. Kijk dus verder dan alleen het knipperen."
    ),
    "high": (
        "Dat is vaker dan bij de meeste mensen. Dat kan gewoon gebeuren: door zenuwen, "
        "droge ogen of fel licht knipper je vaker."
    ),
    "normal": (
        "Dat past bij wat mensen meestal doen. Maar ook nieuwe deepfakes knipperen "
        "gewoon. Hieruit kun je dus niet afleiden of je de video kunt vertrouwen."
    ),
    "unknown": (
        "Dit stuk video is nog te kort om er iets uit af te leiden. Mensen knipperen "
        "niet op vaste tijden: in een paar seconden kan het veel of juist bijna niet "
        "gebeuren. Daarvoor is minstens {seconds_needed} beeld nodig waarin de "
        "ogen goed te zien zijn."
    ),
}
BLINK_MEANING = (
    "Vroege deepfakes knipperden weinig, omdat de computer vooral foto's met open "
    "ogen had gezien. Makers hebben dat inmiddels verbeterd. Gewoon knipperen "
    "bewijst dus niets. En iemand die weinig knippert, kan geconcentreerd zijn of "
    "iets voorlezen."
)
BLUR_MEANING = (
    "Bij een deepfake wordt soms een ander gezicht over de beelden geplakt. Dat gezicht "
    "is soms waziger dan de rest, of de randen flikkeren. Maar wazig beeld komt ook "
    "door snelle bewegingen, slecht licht of een video die vaak is doorgestuurd."
)
BLUR_USUAL = (
    "De computer vergelijkt hoe scherp het gezicht is met hoe scherp het meestal is in "
    "deze video, en met de omgeving."
)


def lesson_section(anchor: str) -> str:
    """Where the lesson on recognising deepfakes explains this signal."""
    return reverse("lessons:detail", args=["herkennen"]) + f"#{anchor}"


@dataclass
class SignalSummary:
    """One signal on the result page: what was counted, what is usual, what it says."""

    key: str
    title: str
    counted: str  # always: the count and the seconds (or why nothing was counted)
    usual: str  # what people usually do
    says: str  # whether this says anything
    doubt: str  # the measurement itself may have failed ('' when it is fine)
    meaning: str  # background: why the check looks at this, and its limits
    lesson_url: str


def counted_sentence(report: ParsedReport | Mapping[str, Any]) -> str:
    """'We zagen 5 keer knipperen in 13 seconden.' (the page states this count)."""
    report = parse_report(report)
    visible = report.visible_face_s
    duration = report.duration_s or visible
    seconds = dutch.seconds(visible)
    if report.blink_count == 0:
        sentence = f"We zagen de persoon geen enkele keer knipperen in {seconds}"
    else:
        sentence = f"We zagen {dutch.times(report.blink_count)} knipperen in {seconds}"
    if duration - visible >= 1:
        sentence += f" waarin de ogen goed te zien waren (de video duurt {dutch.seconds(duration)})"
    return sentence + "."


def blink_summary(report: ParsedReport | Mapping[str, Any]) -> SignalSummary:
    report = parse_report(report)
    summary = SignalSummary(
        key="knipperen",
        title="Knipperen",
        counted="",
        usual=normal_blinks(),
        says="",
        doubt="",
        meaning=BLINK_MEANING,
        lesson_url=lesson_section("knipperen"),
    )
    if report.quality.eyes == "unknown":
        summary.counted = "We konden het knipperen in deze video niet meten."
        summary.says = not_measured_why(report)
        return summary
    visible = report.visible_face_s
    summary.counted = counted_sentence(report)
    if visible < 60:
        low, high = usual_range(round(visible))
        summary.usual += f" In {dutch.seconds(visible)} is dat ongeveer {low} tot {high} keer."
    says = BLINK_RATE_SAYS.get(report.blink_rate, BLINK_RATE_SAYS["unknown"])
    summary.says = says.format(seconds_needed=seconds_needed())
    if report.quality.eyes == "doubtful":
        summary.doubt = (
            "Let op: de meting zelf is misschien niet gelukt, want "
            f"{doubt_words(report, eye_doubts(report))}. Dan kan de computer knippers "
            "missen of te veel tellen. Tel zelf mee in de video."
        )
    return summary


def blur_summary(
    report: ParsedReport | Mapping[str, Any], flagged: Sequence[MomentText] | None = None
) -> SignalSummary:
    """``flagged``: the page's moments in words (worded once per page)."""
    report = parse_report(report)
    summary = SignalSummary(
        key="wazig",
        title="Wazige pixels",
        counted="",
        usual=BLUR_USUAL,
        says="",
        doubt="",
        meaning=BLUR_MEANING,
        lesson_url=lesson_section("vage-pixels"),
    )
    if report.quality.sharpness == "unknown":
        summary.counted = "We konden de scherpte van het gezicht in deze video niet meten."
        summary.says = not_measured_why(report)
        return summary
    if flagged is None:
        flagged = moment_texts(report)
    blurs = [moment for moment in flagged if moment.reason in codes.BLUR_MOMENTS]
    seconds = dutch.seconds(report.duration_s)
    if not blurs:
        summary.counted = f"We zagen het gezicht nergens opvallend wazig worden in {seconds}."
        summary.says = (
            "Is het gezicht de hele video even wazig, dan valt dat hier niet op. Dit zegt "
            "dus niet dat er niets met de video is gedaan."
        )
    else:
        places = [f"moment {moment.label} ({moment.when.lower()})" for moment in blurs]
        summary.counted = (
            f"We zagen het gezicht {dutch.times(len(blurs))} opvallend wazig worden in "
            f"{seconds}: {dutch.join(places)}."
        )
        summary.says = (
            "Op die momenten is het gezicht duidelijk minder scherp dan gewoonlijk. Dat kan "
            "een geplakt gezicht zijn, maar ook snel bewegen of slecht licht. Kijk naar de "
            "foto's hieronder en naar de video zelf."
        )
    if report.quality.sharpness == "doubtful":
        summary.doubt = (
            "Let op: de meting zelf is misschien niet gelukt, want "
            f"{doubt_words(report, sharpness_doubts(report))}. Dan is de scherpte moeilijk "
            "te meten."
        )
    return summary


def signal_summaries(
    report: ParsedReport | Mapping[str, Any], flagged: Sequence[MomentText] | None = None
) -> list[SignalSummary]:
    return [blink_summary(report), blur_summary(report, flagged)]


def lead(report: ParsedReport | Mapping[str, Any]) -> str:
    report = parse_report(report)
    looked = f"De computer heeft {dutch.seconds(report.duration_s)} video bekeken."
    if report.cut_at_s is not None:
        cut = dutch.seconds(report.cut_at_s)
        looked = (
            f"Deze video duurt langer dan {cut}. De computer heeft alleen de eerste {cut} bekeken."
        )
    return (
        f"{looked} Dit is wat hij mat. "
        "Het is een hint om zelf beter te kijken, geen oordeel over de video."
    )
