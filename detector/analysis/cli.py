"""Command line: ``python -m detector.analysis PATH [--pictures DIR]``.

Prints the report as JSON (codes and numbers; ``manage.py analyse_clip`` prints the
same report worded in Dutch). ``--pictures DIR`` also writes the pictures there.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

from . import AnalysisError, Result, analyse


def run(path: str, err: SupportsWrite[str]) -> Result | None:
    """Analyse ``path``; on failure print the error code and return ``None``."""
    try:
        return analyse(path)
    except AnalysisError as error:
        print(f"error: {error.code}", file=err)
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m detector.analysis",
        description="Quick check of a video clip: blinks and blurry moments (JSON report).",
    )
    parser.add_argument("path", help="video file")
    parser.add_argument("--pictures", help="folder to write the moments' pictures to")
    args = parser.parse_args(argv)
    result = run(args.path, sys.stderr)
    if result is None:
        return 2
    print(json.dumps(result.report, ensure_ascii=False, indent=2))
    if args.pictures:
        folder = Path(args.pictures)
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in result.pictures.items():
            (folder / name).write_bytes(data)
    return 0
