"""Functions short enough to read as one step of the story: under 60 lines in the
quick check (detector/) and Klassikaal (classroom/), where the long ones grew."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 59


def long_functions(package: str) -> list[str]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_LINES:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({lines})")
    return found


@pytest.mark.parametrize("package", ["detector", "classroom"])
def test_every_function_is_under_sixty_lines(package):
    assert long_functions(package) == []
