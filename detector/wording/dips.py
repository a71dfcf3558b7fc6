"""The dips of the eye line that were not counted as blinks: why not, in words.

Showing them is part of the honesty of the count: a reader who counts along in the
video and sees the eyes flicker can look up why that flicker was not a blink.
"""

from __future__ import annotations

from dataclasses import dataclass

from common import dutch
from detector.results import ParsedReport, RejectedBlink
from detector.wording.moments import at

#: Why a dip was not counted: codes of ``codes.REJECT_REASONS``. Each completes
#: "Na 4,2 seconden zakte de lijn van de ogen even, maar …".
REJECT_REASONS = {
    "noise": "niet dieper dan het gewone trillen van de meting in deze video.",
    "one_sample": (
        "alleen in één beeld. Een knipper zie je meestal in een paar beelden na elkaar."
    ),
    "face_jump": (
        "in hetzelfde beeld veranderde het hele gezicht: het werd ineens lichter of "
        "donkerder, of het schoot naar een andere plek. Dat komt eerder door een knip in "
        "de video, een flits of een fout in de meting dan door de ogen."
    ),
    "one_eye": "alleen bij één oog. Dat kan een knipoog zijn, of een fout in de meting.",
    "settling": (
        "vlak na een knipper, terwijl de oogleden weer tot rust kwamen. Dat hoort nog bij "
        "die knipper."
    ),
}
DIP = "zakte de lijn van de ogen even, maar"
REJECT_FALLBACK = "de computer telde dit niet als knipper."

SUMMARY = "Dips die we niet als knipper telden"
INTRO = (
    "Niet elke keer dat de lijn van de ogen zakt, is een knipper. Deze dips telde de "
    "computer niet mee. Op de tijdlijn staan ze als open rondje."
)
#: The first ones are listed (and linked from the chart); the rest are counted.
MOST_LISTED = 10


def dip_sentence(dip: RejectedBlink) -> str:
    """'Na 4,2 seconden zakte de lijn van de ogen even, maar alleen bij één oog. …'"""
    why = REJECT_REASONS.get(dip.reason, REJECT_FALLBACK)
    return f"{at(dip.lowest_s).capitalize()} {DIP} {why}"


def dip_name(dip: RejectedBlink) -> str:
    """The chart's mark: 'Niet geteld na 4,2 seconden'."""
    return f"Niet geteld {at(dip.lowest_s)}"


@dataclass
class DipText:
    number: int  # the #dip-N anchor
    time_s: float
    sentence: str


@dataclass
class DipTexts:
    """The page's section: its summary line, the first dips in words, the rest counted."""

    summary: str
    intro: str
    listed: list[DipText]
    rest: str  # '' when all are listed


def dip_texts(report: ParsedReport) -> DipTexts | None:
    """``None`` when every dip was counted as a blink (or there were none)."""
    dips = report.rejected_blinks
    if not dips:
        return None
    listed = [DipText(dip.number, dip.lowest_s, dip_sentence(dip)) for dip in dips[:MOST_LISTED]]
    rest = len(dips) - len(listed)
    more = ""
    if rest == 1:
        more = "En nog 1 andere dip die we ook niet telden. Hij staat wel op de tijdlijn."
    elif rest > 1:
        more = f"En nog {rest} andere dips die we ook niet telden. Ze staan wel op de tijdlijn."
    return DipTexts(f"{SUMMARY} ({len(dips)})", INTRO, listed, more)


def dips_line(report: ParsedReport) -> str:
    """For the command line: 'Niet als knipper geteld: 3 dips.' ('' when none)."""
    count = len(report.rejected_blinks)
    if not count:
        return ""
    return f"Niet als knipper geteld: {dutch.number(count)} {'dip' if count == 1 else 'dips'}."
