"""``manage.py analyse_clip``: its help, and a report summed up in a few lines."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from common import dutch
from detector.results import ParsedReport, parse_report
from detector.wording.dips import dip_sentence, dips_line
from detector.wording.moments import moment_name, moment_texts
from detector.wording.quality import quality_lines, share_of_frames
from detector.wording.signals import blink_summary, blur_summary

HELP = "Analyseer een videofragment (knipperen en wazige momenten) en toon het rapport."
PATH_HELP = "videobestand"
JSON_HELP = "het volledige rapport als JSON"
FAILED = "De analyse is mislukt."

#: Short labels for the values of ``report["signals"]``: codes of ``codes.SIGNALS``.
SIGNAL_LABELS = {
    "blink_rate": {
        "low": "minder geknipperd dan de meeste mensen",
        "normal": "geknipperd zoals de meeste mensen",
        "high": "vaker geknipperd dan de meeste mensen",
        "unknown": "knipperen niet te beoordelen",
    },
    "blur": {
        "none": "geen wazige momenten",
        "some": "enkele wazige momenten",
        "many": "veel wazige momenten",
        "unknown": "scherpte niet te meten",
    },
}


def signal_labels(report: ParsedReport) -> str:
    """'Kort: minder geknipperd dan de meeste mensen; enkele wazige momenten.'"""
    values = {"blink_rate": report.blink_rate, "blur": report.blur}
    labels = [SIGNAL_LABELS[signal].get(value, value) for signal, value in values.items()]
    return "Kort: " + "; ".join(labels) + "."


def summary_lines(report: ParsedReport | Mapping[str, Any]) -> list[str]:
    """A short Dutch summary of a report, for ``manage.py analyse_clip``."""
    report = parse_report(report)
    ratio = report.quality.face_found_ratio or 0.0
    lines = [
        f"Video: {report.width}×{report.height}, {dutch.decimal(report.duration_s, 1)} s, "
        f"{dutch.decimal(report.fps or 0.0, 1)} beelden per seconde "
        f"({report.frames_analysed} bekeken).",
        f"Het gezicht was {share_of_frames(ratio)} te vinden.",
        signal_labels(report),
    ]
    flagged = moment_texts(report)
    blinks = blink_summary(report)
    lines += [blinks.counted, blinks.usual, blinks.says]
    lines += [blur_summary(report, flagged).counted]
    lines += [
        f"{line.signal}: {line.label}. {line.why} {line.numbers}".rstrip()
        for line in quality_lines(report)
    ]
    lines += [f"  {moment_name(moment)}. {moment.detail}" for moment in flagged]
    lines += [dips_line(report)]
    lines += [f"  {dip_sentence(dip)}" for dip in report.rejected_blinks]
    return [line for line in lines if line]
