"""Score the blink detector (and show the blur signal) on the hand-annotated dev clips.

    python bench/devclips.py [../shared/devclips] [-v] [--cache DIR]

Two manifests: ``MANIFEST.tsv`` (8 clips, annotated moments; dev_08 is left out of
blink scoring) and ``zju/MANIFEST.tsv`` (40 webcam clips of 10 people, annotated
spans). Scoring rule of the clips' README: an event [start, end] matches an annotation
(a moment t, or a span [a, b]) when they overlap within 0.3 s; one-to-one; "?"
annotations are optional. Scores are printed per set: the 7 scored dev clips, the ZJU
people the event logic may be tuned on (subjects 1-9, the first five people), the
held-out ZJU people (11-19), and pooled.

``--cache DIR`` keeps each clip's raw measurements, so a change to the event logic can
be re-scored without running the models again. The clips are for internal evaluation
only and are never copied into the repository.
"""

from __future__ import annotations

import csv
import pickle
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from detector.analysis.pipeline import Measurements, measure_clip
from detector.analysis.report import build_result

TOLERANCE_S = 0.3
SKIP_BLINK_SCORING = {"dev_08"}
TUNING_SUBJECTS = {1, 3, 5, 7, 9}

Annotation = tuple[float, float, bool]  # (start, end, optional)


def parse_annotations(field: str) -> list[Annotation]:
    """``"0.44;1.04?;1.17-1.67"`` -> ``[(0.44, 0.44, False), (1.04, 1.04, True), ...]``."""
    out = []
    for item in filter(None, (part.strip() for part in field.split(";"))):
        optional = item.endswith("?")
        text = item.rstrip("?")
        if "-" in text:
            a, b = (float(v) for v in text.split("-"))
        else:
            a = b = float(text)
        out.append((a, b, optional))
    return out


def score(events: list[dict], annotations: list[Annotation]) -> tuple[int, int, int]:
    """Return (true positives, false positives, misses) with one-to-one matching.

    Required annotations are matched first, then optional ones, each to the nearest
    free event, so an optional entry never steals an event from a required one.
    """
    free = list(range(len(events)))
    tp = fn = 0
    for a, b, optional in sorted(annotations, key=lambda x: x[2]):  # required first
        candidates = [
            i
            for i in free
            if events[i]["start_s"] - TOLERANCE_S <= b and a <= events[i]["end_s"] + TOLERANCE_S
        ]
        if candidates:
            best = min(candidates, key=lambda i: abs(events[i]["start_s"] - a))
            free.remove(best)
            tp += 0 if optional else 1
        elif not optional:
            fn += 1
    return tp, len(free), fn


def set_name(file: str) -> str:
    match = re.match(r"zju/zju_\d+_(\d+)[MF]_", file)
    if match is None:
        return "dev"
    return "zju_tuned" if int(match.group(1)) in TUNING_SUBJECTS else "zju_heldout"


def measurements(path: Path, cache: Path | None) -> Measurements:
    if cache is None:
        return measure_clip(path)
    cached = cache / (path.name + ".pickle")
    if cached.exists():
        with cached.open("rb") as handle:
            data: Measurements = pickle.load(handle)  # noqa: S301 (our own file)
        return data
    data = measure_clip(path)
    keeper, data.keeper = data.keeper, None
    with cached.open("wb") as handle:
        pickle.dump(data, handle)
    data.keeper = keeper
    return data


def line(name: str, tp: int, fp: int, fn: int) -> str:
    precision = tp / max(1, tp + fp)
    recall = tp / max(1, tp + fn)
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    return (
        f"{name:12} TP={tp:3} FP={fp:3} FN={fn:3}  "
        f"precision={precision:.2f} recall={recall:.2f} F1={f1:.2f}"
    )


def main() -> None:
    args = sys.argv[1:]
    cache = None
    if "--cache" in args:
        at = args.index("--cache")
        cache = Path(args[at + 1])
        cache.mkdir(parents=True, exist_ok=True)
        del args[at : at + 2]
    paths = [arg for arg in args if not arg.startswith("-")]
    folder = (
        Path(paths[0]) if paths else Path(__file__).resolve().parents[2] / "shared" / "devclips"
    )
    rows = list(csv.DictReader((folder / "MANIFEST.tsv").open(), delimiter="\t"))
    zju = folder / "zju" / "MANIFEST.tsv"
    if zju.exists():
        rows += list(csv.DictReader(zju.open(), delimiter="\t"))
    totals: dict[str, list[int]] = {}
    print(f"{'clip':34} {'TP':>3} {'FP':>3} {'FN':>3} count/true  rate    blur  eyes  s")
    for row in rows:
        started = time.monotonic()
        path = folder / row["file"]
        report = build_result(measurements(path, cache)).report
        elapsed = time.monotonic() - started
        key = Path(row["file"]).name[:6]
        blur = report["signals"]["blur"]
        rate = report["signals"]["blink_rate"]
        eyes = report["quality"]["eyes"]
        annotations = parse_annotations(row["blink_times_s"])
        required = sum(1 for a in annotations if not a[2])
        name = Path(row["file"]).name[:34]
        if key in SKIP_BLINK_SCORING:
            print(
                f"{name:34} (not scored; {len(report['blinks'])} events)    "
                f"{rate:7} {blur:5} {eyes:5} {elapsed:.1f}"
            )
            continue
        tp, fp, fn = score(report["blinks"], annotations)
        for group in (set_name(row["file"]), "pooled"):
            total = totals.setdefault(group, [0, 0, 0])
            total[0] += tp
            total[1] += fp
            total[2] += fn
        print(
            f"{name:34} {tp:3} {fp:3} {fn:3} {report['blink_count']:5}/{required:<4} "
            f"{rate:7} {blur:5} {eyes:5} {elapsed:.1f}"
        )
        if "-v" in sys.argv or (("-e" in sys.argv) and (fp or fn)):
            print("   events:", [(b["start_s"], b["end_s"], b["depth"]) for b in report["blinks"]])
            print("   closed:", [(c["start_s"], c["end_s"]) for c in report["eyes_closed"]])
            print("   truth: ", row["blink_times_s"], "| unknown:", report["unknown_reasons"])
    for group in ("dev", "zju_tuned", "zju_heldout", "pooled"):
        if group in totals:
            print(line(group, *totals[group]))


if __name__ == "__main__":
    main()
