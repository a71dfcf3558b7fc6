"""The fast lane: `pytest -m "not browser"` must leave out every browser test."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _collect(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout


def test_not_browser_deselects_every_browser_test() -> None:
    every = _collect("tests/browser")
    assert "tests/browser/test_quiz_journey.py::" in every
    fast = _collect("tests/browser", "-m", "not browser")
    assert "tests/browser/" not in fast
    assert "no tests collected" in fast and "deselected" in fast


def test_not_postgres_deselects_the_postgres_test() -> None:
    selected = _collect("tests/detector/test_postgres_workers.py", "-m", "not postgres")
    assert "test_postgres_workers.py::" not in selected
    assert "deselected" in selected


def test_not_stack_deselects_the_stack_test() -> None:
    selected = _collect("tests/test_stack.py", "-m", "not stack")
    assert "test_stack.py::" not in selected
    assert "deselected" in selected
