"""A short human-readable Dutch summary of a report, for the command line."""

from __future__ import annotations

from .messages import MOMENT_REASONS, SIGNAL_LABELS, UNKNOWN_REASONS


def _n(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def summary_lines(report: dict) -> list[str]:
    lines = [
        f"Video: {report['width']}×{report['height']}, {_n(report['duration_s'])} s, "
        f"{_n(report['fps'])} beelden per seconde ({report['frames_analysed']} bekeken).",
        f"Gezicht gevonden in {round(100 * report['face_found_ratio'])}% van de beelden.",
    ]
    blinks = report["blinks"]
    rate_signal = report["signals"]["blink_rate"]
    line = f"{len(blinks)} keer geknipperd in {_n(report['visible_face_s'])} seconden"
    if report["blink_rate_per_min"] is not None:
        line += f" ({_n(report['blink_rate_per_min'])} per minuut)"
    lines.append(f"{line}: {SIGNAL_LABELS['blink_rate'][rate_signal]}.")
    lines.append("Mensen knipperen in een gesprek meestal 10 tot 30 keer per minuut.")
    lines.append(f"Scherpte: {SIGNAL_LABELS['blur'][report['signals']['blur']]}.")
    for code in report["unknown_reasons"]:
        lines.append(f"Let op: {UNKNOWN_REASONS.get(code, code)}")
    if report["suspicious_moments"]:
        lines.append("Opvallende momenten:")
        for moment in report["suspicious_moments"]:
            title = MOMENT_REASONS.get(moment["reason"], moment["reason"])
            lines.append(f"  {_n(moment['time_s'], 2)} s — {title} {moment['detail']}")
    return lines
