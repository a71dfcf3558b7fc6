"""Every Dutch sentence of the quick check lives in detector/wording/: the code around
it (views, forms, validation, the worker, the engine) holds none. Templates may."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DETECTOR = ROOT / "detector"
WORDING = DETECTOR / "wording"
# Small words of almost every Dutch sentence, and none of an English one.
DUTCH_WORD = re.compile(
    r"(?<![\w'])(je|jij|jouw|het|de|een|niet|geen|van|wordt|deze|dit|zijn|ons|mag|kan|en|op|"
    r"te|met|voor|naar|wij|video's|bestand|opnieuw|gezicht|ogen)(?![\w'])",
    re.IGNORECASE,
)


def docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def dutch_strings(path: Path) -> list[str]:
    """The string literals of a file (docstrings left out) that read as Dutch."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = docstrings(tree)
    return [
        f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and DUTCH_WORD.search(node.value)
    ]


def code_files() -> list[Path]:
    return [
        path
        for path in sorted(DETECTOR.rglob("*.py"))
        if WORDING not in path.parents and "migrations" not in path.parts
    ]


def test_no_dutch_sentence_lives_outside_the_wording_package():
    files = code_files()
    assert DETECTOR / "views.py" in files and DETECTOR / "analysis" / "codes.py" in files
    assert [found for path in files for found in dutch_strings(path)] == []


def test_the_check_recognises_dutch_and_leaves_english_alone():
    assert dutch_strings(WORDING / "errors.py")
    sentences = ["Het bestand is leeg.", "Kies een video.", "Probeer het opnieuw."]
    english = ["Analysis %s is not queued any more; skipped", "video file", "chart-mark"]
    assert all(DUTCH_WORD.search(text) for text in sentences)
    assert not any(DUTCH_WORD.search(text) for text in english)


def test_each_sentence_is_written_once():
    sources = "".join(path.read_text(encoding="utf-8") for path in sorted(DETECTOR.rglob("*.py")))
    assert sources.count('"Het bestand is leeg."') == 1
