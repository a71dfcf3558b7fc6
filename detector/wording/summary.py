"""The result's one-line summary, the first thing the page says.

It names what was found, or that nothing stood out, and always says what that does
not mean: nothing found is no sign the clip can be trusted, something found is a
reason to look closer, not proof. No score, no verdict (see the house rules in
``detector/wording/__init__.py``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from common import dutch
from detector.analysis import codes
from detector.results import ParsedReport, parse_report
from detector.wording.moments import MomentText, moment_texts

NOTHING_FOUND = "Niets opvallends gemeten. Dat wil niet zeggen dat je de video kunt vertrouwen."
FOUND_CAVEAT = "Dat is een reden om beter te kijken, geen bewijs."
NOTHING_MEASURED = "We konden in deze video bijna niets meten. Dit zegt dus niets over de video."
SHAKY = "Let op: de meting zelf is misschien niet gelukt."
TOO_SHORT = "De video is te kort om iets over het knipperen te zeggen."

#: What a flagged moment adds to "Opvallend: …", for one and for more of them.
FOUND = {
    "few_blinks": ("minder geknipperd dan de meeste mensen", ""),
    "many_blinks": ("vaker geknipperd dan de meeste mensen", ""),
    "odd_blink": ("1 lange knipper", "{n} lange knippers"),
    "eyes_closed": ("1 keer de ogen lang dicht", "{n} keer de ogen lang dicht"),
    "blur": ("1 keer een wazig gezicht", "{n} keer een wazig gezicht"),
}
FOUND_FALLBACK = ("1 ander opvallend moment", "{n} andere opvallende momenten")


def found_items(flagged: Sequence[MomentText]) -> list[str]:
    """'1 keer een wazig gezicht', … in the order the kinds first appear."""
    kinds = Counter(
        "blur" if moment.reason in codes.BLUR_MOMENTS else moment.reason for moment in flagged
    )
    items = []
    for kind, count in kinds.items():
        one, more = FOUND.get(kind, FOUND_FALLBACK)
        items.append(one if count == 1 or not more else more.format(n=count))
    return items


def summary_line(
    report: ParsedReport | Mapping[str, Any], flagged: Sequence[MomentText] | None = None
) -> str:
    """'Opvallend: 1 keer een wazig gezicht. Dat is een reden om beter te kijken, geen
    bewijs.' or 'Niets opvallends gemeten. …', with what could not be measured."""
    report = parse_report(report)
    eyes, sharpness = report.quality.eyes, report.quality.sharpness
    if eyes == "unknown" and sharpness == "unknown":
        return NOTHING_MEASURED
    items = found_items(moment_texts(report) if flagged is None else flagged)
    line = f"Opvallend: {dutch.join(items)}. {FOUND_CAVEAT}" if items else NOTHING_FOUND
    if eyes == "unknown":
        return f"{line} Het knipperen konden we niet meten."
    if sharpness == "unknown":
        return f"{line} De scherpte van het gezicht konden we niet meten."
    if "doubtful" in (eyes, sharpness):
        return f"{line} {SHAKY}"
    if report.blink_rate == "unknown":
        return f"{line} {TOO_SHORT}"
    return line
