"""The timeline's words: its title and panels, the names of its marks, its
description, and the same blinks and moments as a list (its text alternative)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from detector.results import Blink, ParsedReport
from detector.wording.moments import MomentText, at, moment_name

CHART_TITLE = "Tijdlijn van de ogen en de scherpte van het gezicht"
EYES_PANEL = "Ogen open (1 = gewoon, omlaag = dicht)"
EYES_PANEL_SHORT = "Ogen open (omlaag = dicht)"
SHARPNESS_PANEL = "Scherpte gezicht (1 = gewoon, omlaag = wazig)"
SHARPNESS_PANEL_SHORT = "Scherpte gezicht (omlaag = wazig)"
TIME_AXIS = "tijd in seconden"


def blink_name(blink: Blink) -> str:
    """'Knipper 3 na 4,2 seconden' (the chart's mark and the text alternative)."""
    return f"Knipper {blink.number} {at(blink.lowest_s or 0.0)}"


def chart_description(report: ParsedReport) -> str:
    text = "Bovenaan de ogen: de lijn zakt als de ogen dichtgaan. "
    if report.counted_blinks:
        text += "Elke knipper heeft een nummer. "
    if report.rejected_blinks:
        text += "Een open rondje is een dip die we niet als knipper telden. "
    text += "Onderaan de scherpte van het gezicht: de lijn zakt als het gezicht wazig wordt. "
    if report.moments:
        text += "Opvallende momenten zijn gekleurd en hebben een letter. "
    return text + "Onder de tijdlijn staat alles ook in woorden."


@dataclass
class TimelineEvent:
    time_s: float
    text: str
    anchor: str  # id of this entry ('knipper-3') or the moment it points to
    is_moment: bool


def timeline_events(report: ParsedReport, moments: Sequence[MomentText]) -> list[TimelineEvent]:
    """The text alternative: the same blinks and moments as the chart, in time order."""
    events = [
        TimelineEvent(
            blink.lowest_s or 0.0, blink_name(blink) + ".", f"knipper-{blink.number}", False
        )
        for blink in report.counted_blinks
    ]
    events += [
        TimelineEvent(moment.time_s, moment_name(moment) + ".", f"moment-{moment.number}", True)
        for moment in moments
    ]
    return sorted(events, key=lambda event: (event.time_s, event.is_moment))
