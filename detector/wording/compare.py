"""The Vergelijk page: two of this session's results side by side, and the same two as
one table (what a phone shows instead of two whole reports under each other)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from common import dutch
from detector.analysis import codes
from detector.results import ParsedReport
from detector.wording.moments import MomentText
from detector.wording.norms import usual_range
from detector.wording.quality import MEASURED
from detector.wording.summary import summary_line

# The labels of the two choices.
FIRST_CHOICE = "Eerste controle"
SECOND_CHOICE = "Tweede controle"
NOT_MEASURED = "Niet gemeten."


def result_name(number: int) -> str:
    """This session's results are numbered in upload order on the Vergelijk page."""
    return f"Controle {number}"


@dataclass
class CompareRow:
    """One line of the table: what it is about, then one cell per result."""

    heading: str
    cells: list[str]


def blinks_cell(report: ParsedReport) -> str:
    """'2 keer in 30 seconden. Meestal 5 tot 16 keer.'"""
    if report.quality.eyes == "unknown":
        return NOT_MEASURED
    visible = report.visible_face_s
    cell = f"{dutch.times(report.blink_count).capitalize()} in {dutch.seconds(visible)}."
    if report.blink_rate == "unknown":
        return f"{cell} Te kort om iets over te zeggen."
    low, high = usual_range(round(visible))
    return f"{cell} Meestal {low} tot {high} keer."


def blur_cell(report: ParsedReport, flagged: Sequence[MomentText]) -> str:
    """'1 keer: van 20,0 tot 21,0 seconden.' or 'Nergens opvallend.'"""
    if report.quality.sharpness == "unknown":
        return NOT_MEASURED
    blurs = [moment for moment in flagged if moment.reason in codes.BLUR_MOMENTS]
    if not blurs:
        return "Nergens opvallend."
    places = dutch.join([moment.when.lower() for moment in blurs])
    return f"{dutch.times(len(blurs)).capitalize()}: {places}."


def measured_cell(report: ParsedReport) -> str:
    """'Knipperen goed gemeten, scherpte twijfelachtig gemeten.'"""
    eyes, sharpness = MEASURED[report.quality.eyes], MEASURED[report.quality.sharpness]
    return f"Knipperen {eyes}, scherpte {sharpness}."


def moments_cell(flagged: Sequence[MomentText]) -> str:
    """'A: lange knipper. B: gezicht plotseling wazig.' or 'Geen.'"""
    if not flagged:
        return "Geen."
    return " ".join(f"{moment.label}: {moment.title.lower()}." for moment in flagged)


def compare_rows(results: Sequence[tuple[ParsedReport, Sequence[MomentText]]]) -> list[CompareRow]:
    """The table's lines for each (report, its moments in words), in column order."""
    return [
        CompareRow("In het kort", [summary_line(r, flagged) for r, flagged in results]),
        CompareRow("Lengte", [dutch.seconds(r.duration_s).capitalize() for r, _ in results]),
        CompareRow("Knipperen", [blinks_cell(r) for r, _ in results]),
        CompareRow("Wazig gezicht", [blur_cell(r, flagged) for r, flagged in results]),
        CompareRow("Momenten", [moments_cell(flagged) for _, flagged in results]),
        CompareRow("Hoe goed gemeten", [measured_cell(r) for r, _ in results]),
    ]
