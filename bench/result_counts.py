"""The blink count the result page states, against the annotated count, per dev clip.

    DJANGO_DEBUG=1 .venv/bin/python bench/result_counts.py [../shared/devclips]

Runs the engine (``detector.analysis.analyse``) on every clip of ``MANIFEST.tsv`` and
``zju/MANIFEST.tsv`` and words the report with ``detector.wording`` exactly as the
result page does. Prints per clip: the annotated blinks (required, and with the
optional ``?`` ones), the count in the page's sentence, what the page then says about
it (judged or "too short"), how well the eyes were measured, and the sentence itself.
The clips are for internal evaluation only; tests never read them.
"""

from __future__ import annotations

import csv
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deepfake_edu.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django

django.setup()

from detector import wording  # noqa: E402
from detector.analysis import AnalysisError, analyse  # noqa: E402

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "shared" / "devclips"
COUNT = re.compile(r"We zagen (?:(\d+) keer|de persoon geen enkele keer) knipperen")


def annotated(field: str) -> tuple[int, int]:
    """(required, required + optional) blinks of a manifest's blink_times_s field."""
    items = [item.strip() for item in field.split(";") if item.strip()]
    required = sum(1 for item in items if not item.endswith("?"))
    return required, len(items)


def page_count(report: dict) -> tuple[int | None, str]:
    """The count in the page's sentence (None when the page says it could not count)."""
    summary = wording.blink_summary(report)
    found = COUNT.search(summary.counted)
    if not found:
        return None, summary.counted
    return int(found.group(1) or 0), summary.counted


def what_it_says(report: dict) -> str:
    signal = (report.get("signals") or {}).get("blink_rate", "unknown")
    if signal != "unknown":
        return signal
    return "te kort" if "too_short" in (report.get("unknown_reasons") or []) else "niet gemeten"


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FOLDER
    rows = list(csv.DictReader((folder / "MANIFEST.tsv").open(), delimiter="\t"))
    zju = folder / "zju" / "MANIFEST.tsv"
    if zju.exists():
        rows += list(csv.DictReader(zju.open(), delimiter="\t"))
    print(f"{'clip':34} {'kind':9} {'truth':>7} {'page':>4}  {'says':12} {'eyes':9} sentence")
    exact = within = counted = 0
    started = time.monotonic()
    for row in rows:
        path = folder / row["file"]
        required, everything = annotated(row.get("blink_times_s") or "")
        truth = f"{required}" if required == everything else f"{required}-{everything}"
        try:
            report = analyse(path).report
        except AnalysisError as error:
            print(f"{Path(row['file']).stem:34} {row['kind']:9} {truth:>7} {'-':>4}  {error.code}")
            continue
        count, sentence = page_count(report)
        eyes = wording.eyes_state(report)
        shown = "-" if count is None else str(count)
        print(
            f"{Path(row['file']).stem:34} {row['kind']:9} {truth:>7} {shown:>4}  "
            f"{what_it_says(report):12} {eyes:9} {sentence}"
        )
        if count is not None:
            counted += 1
            exact += count == required
            within += required <= count <= everything
    print(
        f"\n{len(rows)} clips, {counted} with a count on the page; equal to the required "
        f"annotated count: {exact}; within required..with-optional: {within} "
        f"({time.monotonic() - started:.0f} s)"
    )


if __name__ == "__main__":
    main()
