"""Score the blink detector (and show the blur signal) on the hand-annotated dev clips
and on degraded copies of them.

    python bench/devclips.py [../shared/devclips] [--sets dev,zju,...|all]
                             [--degraded var/devclips] [--cache DIR] [-v] [-e]

Sets: ``dev`` (``MANIFEST.tsv``, 8 clips, annotated moments; dev_08 is left out of
blink scoring), ``zju`` (``zju/MANIFEST.tsv``, 40 webcam clips of 10 people, annotated
spans), and every folder with a ``MANIFEST.tsv`` under ``--degraded`` (made by
``bench/degrade.py``: lower frame rates, small eyes, the talking heads). The default
is ``dev,zju``; ``all`` is every set found.

Scoring rule of the clips' README: an event [start, end] matches an annotation (a
moment t, or a span [a, b]) when they overlap within 0.3 s; one-to-one; "?"
annotations are optional. Per set, and per group within it (dev clips; the ZJU people
the event logic may be tuned on, subjects 1-9 = the first five people; the held-out
people 11-19), it prints TP/FP/FN, precision, recall and F1 over the clips where the
blinks are measurable, the minutes of those clips and false blinks per minute. A clip
whose report says the blinks cannot be measured (ABSTAIN_REASONS in
``unknown_reasons``) abstains: its events are not scored, its required blinks are
counted as "abstained", and "F1 all" counts them as misses. Also per set: blinks that
rest on one measured frame in a clip of at least ONE_SAMPLE_FPS (report key
``blinks[].samples``), and the rejected candidates by reason (``rejected_blinks``);
"n/a" when the engine does not report them. ``-v`` prints every clip's events, ``-e``
those of clips with errors, with the rejected candidates near annotated blinks.

``--cache DIR`` keeps each clip's raw measurements (in a folder per set), so a change
to the event logic can be re-scored without running the models again. The clips are
for internal evaluation only and are never copied into the repository.
"""

from __future__ import annotations

import argparse
import csv
import pickle
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from detector.analysis.pipeline import Measurements, measure_clip  # noqa: E402
from detector.analysis.report import build_result  # noqa: E402

TOLERANCE_S = 0.3
SKIP_BLINK_SCORING = {"dev_08"}
TUNING_SUBJECTS = {1, 3, 5, 7, 9}
ABSTAIN_REASONS = {"eyes_noisy", "face_too_small"}
ONE_SAMPLE_FPS = 20.0
REJECT_REASONS = ("noise", "one_sample", "face_jump", "one_eye", "settling")
# Groups within a set, in the order and with the labels of the summary.
GROUPS = {"dev": "dev", "zju_tuned": "tuned", "zju_heldout": "heldout"}
DEFAULT_SOURCE = ROOT.parent / "shared" / "devclips"
DEFAULT_DEGRADED = ROOT / "var" / "devclips"

Annotation = tuple[float, float, bool]  # (start, end, optional)
Report = dict[str, Any]


# --- annotations and matching ------------------------------------------------------------


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


def near(event: dict, a: float, b: float) -> bool:
    return event["start_s"] - TOLERANCE_S <= b and a <= event["end_s"] + TOLERANCE_S


def match(events: list[dict], annotations: list[Annotation]) -> tuple[set[int], set[int], int]:
    """One-to-one matching: (events matched to required annotations, events matched to
    optional ones, required annotations left unmatched).

    Required annotations are matched first, then optional ones, each to the nearest
    free event, so an optional entry never steals an event from a required one.
    """
    free = list(range(len(events)))
    required: set[int] = set()
    optional_hits: set[int] = set()
    misses = 0
    for a, b, optional in sorted(annotations, key=lambda x: x[2]):  # required first
        candidates = [i for i in free if near(events[i], a, b)]
        if candidates:
            best = min(candidates, key=lambda i: abs(events[i]["start_s"] - a))
            free.remove(best)
            (optional_hits if optional else required).add(best)
        elif not optional:
            misses += 1
    return required, optional_hits, misses


def score(events: list[dict], annotations: list[Annotation]) -> tuple[int, int, int]:
    """Return (true positives, false positives, misses)."""
    required, optional_hits, misses = match(events, annotations)
    return len(required), len(events) - len(required) - len(optional_hits), misses


# --- sets --------------------------------------------------------------------------------


@dataclass
class ClipSet:
    """A manifest and the folder its ``file`` column is relative to."""

    name: str
    manifest: Path
    base: Path

    def rows(self) -> list[dict[str, str]]:
        with self.manifest.open(newline="") as handle:
            return list(csv.DictReader(handle, delimiter="\t"))


def natural(name: str) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def available_sets(source: Path, degraded: Path) -> dict[str, ClipSet]:
    sets = {
        "dev": ClipSet("dev", source / "MANIFEST.tsv", source),
        "zju": ClipSet("zju", source / "zju" / "MANIFEST.tsv", source),
    }
    if degraded.is_dir():
        for manifest in sorted(degraded.glob("*/MANIFEST.tsv"), key=lambda p: natural(str(p))):
            name = manifest.parent.name
            sets[name] = ClipSet(name, manifest, manifest.parent)
    return {name: s for name, s in sets.items() if s.manifest.exists()}


def choose_sets(wanted: str, sets: dict[str, ClipSet]) -> list[ClipSet]:
    names = list(sets) if wanted == "all" else [n.strip() for n in wanted.split(",") if n]
    unknown = [n for n in names if n not in sets]
    if unknown:
        sys.exit(f"unknown set(s) {', '.join(unknown)}; found: {', '.join(sets)}")
    return [sets[n] for n in names]


def group_of(file: str) -> str:
    """``dev`` for the dev clips (and copies), ``zju_tuned`` / ``zju_heldout`` by person."""
    found = re.search(r"zju_\d+_(\d+)[MF]_", Path(file).name)
    if found is None:
        return "dev"
    return "zju_tuned" if int(found.group(1)) in TUNING_SUBJECTS else "zju_heldout"


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
    cache.mkdir(parents=True, exist_ok=True)
    with cached.open("wb") as handle:
        pickle.dump(data, handle)
    data.keeper = keeper
    return data


# --- tallies -----------------------------------------------------------------------------


@dataclass
class Tally:
    """Counts over a set of clips (or one clip). ``one_sample`` / ``rejected`` are None
    while no report carried the key."""

    clips: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    minutes: float = 0.0
    abstained_clips: int = 0
    abstained_blinks: int = 0
    one_sample: int | None = None
    one_sample_fp: int = 0
    rejected: Counter[str] | None = None

    def add(self, other: Tally) -> None:
        for name in ("clips", "tp", "fp", "fn", "abstained_clips", "abstained_blinks"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.minutes += other.minutes
        if other.one_sample is not None:
            self.one_sample = (self.one_sample or 0) + other.one_sample
            self.one_sample_fp += other.one_sample_fp
        if other.rejected is not None:
            self.rejected = (self.rejected or Counter()) + other.rejected

    def rates(self, abstained_as_misses: bool = False) -> tuple[float, float, float]:
        fn = self.fn + (self.abstained_blinks if abstained_as_misses else 0)
        precision = self.tp / max(1, self.tp + self.fp)
        recall = self.tp / max(1, self.tp + fn)
        return precision, recall, 2 * precision * recall / max(1e-9, precision + recall)


def abstains(report: Report) -> bool:
    return bool(ABSTAIN_REASONS & set(report["unknown_reasons"]))


def one_sample_blinks(report: Report, matched: set[int]) -> tuple[int | None, int]:
    """(blinks on a single measured frame at >= ONE_SAMPLE_FPS, how many of them are not
    matched to any annotation); None when the report has no ``samples``."""
    blinks = report["blinks"]
    if any("samples" not in b for b in blinks):
        return None, 0
    if (report.get("fps") or 0.0) < ONE_SAMPLE_FPS:
        return 0, 0
    single = [i for i, b in enumerate(blinks) if b["samples"] == 1]
    return len(single), sum(1 for i in single if i not in matched)


def tally_clip(report: Report, annotations: list[Annotation]) -> Tally:
    required = sum(1 for a in annotations if not a[2])
    rejected = report.get("rejected_blinks")
    tally = Tally(clips=1, rejected=None if rejected is None else Counter())
    if rejected is not None:
        tally.rejected.update(r["reason"] for r in rejected)
    if abstains(report):
        tally.abstained_clips, tally.abstained_blinks = 1, required
        return tally
    hits, optional_hits, tally.fn = match(report["blinks"], annotations)
    tally.tp = len(hits)
    tally.fp = len(report["blinks"]) - len(hits) - len(optional_hits)
    tally.minutes = (report.get("duration_s") or 0.0) / 60.0
    tally.one_sample, tally.one_sample_fp = one_sample_blinks(report, hits | optional_hits)
    return tally


# --- printing ----------------------------------------------------------------------------


def clip_line(name: str, report: Report, tally: Tally, required: int, elapsed: float) -> str:
    eye_px = report["quality"].get("eye_width_px")
    eye = f"{eye_px:5.1f}" if eye_px is not None else "    -"
    counts = f"{tally.tp:3} {tally.fp:3} {tally.fn:3} {report['blink_count']:5}/{required:<4}"
    if tally.abstained_clips:
        reasons = ",".join(sorted(ABSTAIN_REASONS & set(report["unknown_reasons"])))
        counts = f"abstains ({reasons}; {required} blinks)".ljust(22)
    single = "" if not tally.one_sample else f" 1-sample={tally.one_sample}"
    signals, quality = report["signals"], report["quality"]
    return (
        f"{name[:34]:34} {counts} {signals['blink_rate']:7} {signals['blur']:5} "
        f"{quality['eyes']:8} {eye} {elapsed:4.1f}{single}"
    )


def print_details(report: Report, row: dict[str, str], annotations: list[Annotation]) -> None:
    events = [
        (b["start_s"], b["end_s"], b["depth"], *([b["samples"]] if "samples" in b else []))
        for b in report["blinks"]
    ]
    print("   events:", events)
    print("   closed:", [(c["start_s"], c["end_s"]) for c in report["eyes_closed"]])
    print("   truth: ", row["blink_times_s"], "| unknown:", report["unknown_reasons"])
    nearby = [
        (r["start_s"], r["end_s"], r["depth"], r["reason"])
        for r in report.get("rejected_blinks", [])
        if any(near(r, a, b) for a, b, _ in annotations)
    ]
    if nearby:
        print("   rejected near annotations:", nearby)


def summary_line(name: str, t: Tally) -> str:
    precision, recall, f1 = t.rates()
    f1_all = t.rates(abstained_as_misses=True)[2]
    fp_min = t.fp / t.minutes if t.minutes else 0.0
    single = "n/a" if t.one_sample is None else f"{t.one_sample} ({t.one_sample_fp} FP)"
    return (
        f"{name:22} TP={t.tp:3} FP={t.fp:3} FN={t.fn:3}  precision={precision:.2f} "
        f"recall={recall:.2f} F1={f1:.2f}  {t.minutes:4.1f} min {fp_min:4.1f} FP/min  "
        f"abstained {t.abstained_clips}/{t.clips} clips {t.abstained_blinks} blinks "
        f"F1 all={f1_all:.2f}  1-sample {single}"
    )


def rejected_text(t: Tally) -> str:
    if t.rejected is None:
        return "n/a"
    return " ".join(f"{reason}={t.rejected[reason]}" for reason in REJECT_REASONS)


TABLE_HEADER = (
    "| set | clips | abst. clips (blinks) | TP | FP | FN | P | R | F1 | F1 all | min "
    "| FP/min | 1-sample (FP) | rejected noise/1s/jump/1eye/settle |"
)


def table_line(name: str, t: Tally) -> str:
    precision, recall, f1 = t.rates()
    f1_all = t.rates(abstained_as_misses=True)[2]
    fp_min = t.fp / t.minutes if t.minutes else 0.0
    single = "n/a" if t.one_sample is None else f"{t.one_sample} ({t.one_sample_fp})"
    rejected = "n/a" if t.rejected is None else "/".join(str(t.rejected[r]) for r in REJECT_REASONS)
    return (
        f"| {name} | {t.clips} | {t.abstained_clips} ({t.abstained_blinks}) | {t.tp} | {t.fp} "
        f"| {t.fn} | {precision:.2f} | {recall:.2f} | {f1:.2f} | {f1_all:.2f} "
        f"| {t.minutes:.1f} | {fp_min:.1f} | {single} | {rejected} |"
    )


# --- running -----------------------------------------------------------------------------


def run_set(clip_set: ClipSet, cache: Path | None, verbose: bool, errors: bool) -> dict[str, Tally]:
    """Score one set clip by clip; returns the tally per group."""
    print(f"\n== {clip_set.name} ({clip_set.manifest})")
    print(f"{'clip':34} {'TP':>3} {'FP':>3} {'FN':>3} count/true  rate    blur  eyes     eye px  s")
    groups: dict[str, Tally] = {}
    set_cache = cache / clip_set.name if cache is not None else None
    for row in clip_set.rows():
        started = time.monotonic()
        path = clip_set.base / row["file"]
        report = build_result(measurements(path, set_cache)).report
        elapsed = time.monotonic() - started
        name = Path(row["file"]).name
        if name[:6] in SKIP_BLINK_SCORING:
            print(f"{name[:34]:34} (not scored; {len(report['blinks'])} events)")
            continue
        annotations = parse_annotations(row["blink_times_s"])
        tally = tally_clip(report, annotations)
        groups.setdefault(group_of(row["file"]), Tally()).add(tally)
        required = sum(1 for a in annotations if not a[2])
        print(clip_line(name, report, tally, required, elapsed))
        if verbose or (errors and (tally.fp or tally.fn or tally.abstained_blinks)):
            print_details(report, row, annotations)
    return groups


def set_lines(name: str, groups: dict[str, Tally]) -> list[tuple[str, Tally]]:
    """The set's total, then each group when there is more than one kind of clip
    (``zju`` alone still shows its tuned / held-out split)."""
    total = Tally()
    for tally in groups.values():
        total.add(tally)
    lines = [(name, total)]
    if len(groups) > 1 or "dev" not in groups:
        lines += [(f"{name}/{label}", groups[g]) for g, label in GROUPS.items() if g in groups]
    return lines


def print_summary(lines: list[tuple[str, Tally]]) -> None:
    print("\n== summary (F1 over measurable clips; 'F1 all' counts abstained blinks as misses)")
    for name, tally in lines:
        print(summary_line(name, tally))
        print(f"{'':22} rejected: {rejected_text(tally)}")
    print("\n" + TABLE_HEADER)
    print("|" + "---|" * TABLE_HEADER.count(" |"))
    for name, tally in lines:
        print(table_line(name, tally))


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--sets", default="dev,zju", help="comma-separated names, or all")
    parser.add_argument("--degraded", type=Path, default=DEFAULT_DEGRADED)
    parser.add_argument("--cache", type=Path, help="keep measurements here, per set")
    parser.add_argument(
        "-v", action="store_true", help="print every clip's events (start, end, depth, samples)"
    )
    parser.add_argument("-e", action="store_true", help="print the events of clips with errors")
    return parser.parse_args()


def main() -> None:
    args = arguments()
    sets = choose_sets(args.sets, available_sets(args.source, args.degraded))
    print(time.strftime("scored %Y-%m-%d %H:%M:%S %Z"))
    lines: list[tuple[str, Tally]] = []
    pooled = Tally()
    for clip_set in sets:
        found = set_lines(clip_set.name, run_set(clip_set, args.cache, args.v, args.e))
        lines += found
        if clip_set.name in ("dev", "zju"):
            pooled.add(found[0][1])
    if {"dev", "zju"} <= {s.name for s in sets}:
        lines.append(("pooled dev+zju", pooled))
    print_summary(lines)


if __name__ == "__main__":
    main()
