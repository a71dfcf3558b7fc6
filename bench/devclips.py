"""Score the blink detector (and show the blur signal) on the hand-annotated dev clips.

    python bench/devclips.py [/work/shared/devclips]

Scoring rule of the clips' README: an event [start, end] matches an annotated time t
when start - 0.3 <= t <= end + 0.3; one-to-one; "?" annotations are optional;
dev_08 is left out of blink scoring. The clips are for internal evaluation only and
are never copied into the repository.
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from detector.analysis import analyse

TOLERANCE_S = 0.3
SKIP_BLINK_SCORING = {"dev_08"}


def parse_annotations(field: str) -> list[tuple[float, bool]]:
    """``"0.44;1.04?;1.40"`` -> ``[(0.44, False), (1.04, True), (1.40, False)]``."""
    out = []
    for item in filter(None, (part.strip() for part in field.split(";"))):
        optional = item.endswith("?")
        out.append((float(item.rstrip("?")), optional))
    return out


def score(events: list[dict], annotations: list[tuple[float, bool]]) -> tuple[int, int, int]:
    """Return (true positives, false positives, misses) with one-to-one matching.

    Required annotations are matched first, then optional ones, each to the nearest
    free event, so an optional entry never steals an event from a required one.
    """
    free = list(range(len(events)))
    tp = fn = 0
    ordered = sorted(annotations, key=lambda a: a[1])  # required first
    for t, optional in ordered:
        candidates = [
            i
            for i in free
            if events[i]["start_s"] - TOLERANCE_S <= t <= events[i]["end_s"] + TOLERANCE_S
        ]
        if candidates:
            best = min(candidates, key=lambda i: abs(events[i]["start_s"] - t))
            free.remove(best)
            tp += 0 if optional else 1
        elif not optional:
            fn += 1
    return tp, len(free), fn


def main() -> None:
    paths = [arg for arg in sys.argv[1:] if not arg.startswith("-")]
    folder = Path(paths[0] if paths else "/work/shared/devclips")
    rows = list(csv.DictReader((folder / "MANIFEST.tsv").open(), delimiter="\t"))
    total_tp = total_fp = total_fn = 0
    print(f"{'clip':32} {'TP':>3} {'FP':>3} {'FN':>3}  rate   blur   moments  s")
    for row in rows:
        started = time.monotonic()
        report = analyse(folder / row["file"])
        elapsed = time.monotonic() - started
        key = row["file"][:6]
        blur = report["signals"]["blur"]
        blur_moments = [
            f"{m['time_s']:.2f}"
            for m in report["suspicious_moments"]
            if m["reason"] in ("face_blurrier_than_scene", "sudden_face_blur")
        ]
        rate = report["signals"]["blink_rate"]
        if key in SKIP_BLINK_SCORING:
            print(
                f"{row['file'][:32]:32}   (not scored; {len(report['blinks'])} events)  "
                f"{rate:7} {blur:6} {','.join(blur_moments)} {elapsed:.1f}"
            )
            continue
        tp, fp, fn = score(report["blinks"], parse_annotations(row["blink_times_s"]))
        total_tp, total_fp, total_fn = total_tp + tp, total_fp + fp, total_fn + fn
        print(
            f"{row['file'][:32]:32} {tp:3} {fp:3} {fn:3}  {rate:7} {blur:6} "
            f"{','.join(blur_moments) or '-'} {elapsed:.1f}"
        )
        if "-v" in sys.argv:
            print("   events:", [(b["start_s"], b["end_s"]) for b in report["blinks"]])
            print("   truth: ", row["blink_times_s"], "| unknown:", report["unknown_reasons"])
    precision = total_tp / max(1, total_tp + total_fp)
    recall = total_tp / max(1, total_tp + total_fn)
    print(
        f"overall: TP={total_tp} FP={total_fp} FN={total_fn} "
        f"precision={precision:.2f} recall={recall:.2f}"
    )


if __name__ == "__main__":
    main()
