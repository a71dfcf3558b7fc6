"""Command line: ``python -m detector.analysis PATH [--json]``.

Also used by ``manage.py analyse_clip``, so both print exactly the same.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from . import AnalysisError, analyse
from .summary import summary_lines


def print_analysis(path: str, as_json: bool, out: TextIO, err: TextIO) -> int:
    """Analyse ``path`` and print the report; returns the process exit code."""
    try:
        report = analyse(path)
    except AnalysisError as error:
        print(f"Fout: {error}", file=err)
        return 2
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=2), file=out)
    else:
        print("\n".join(summary_lines(report)), file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m detector.analysis",
        description="Snelle controle van een videofragment: knipperen en wazige momenten.",
    )
    parser.add_argument("path", help="videobestand")
    parser.add_argument("--json", action="store_true", help="het volledige rapport als JSON")
    args = parser.parse_args(argv)
    return print_analysis(args.path, args.json, sys.stdout, sys.stderr)
