"""The engine package imports lazily: the web process reads container headers with
detector.analysis.container and reads the engine's codes and norms, and must not load
OpenCV, numpy or LiteRT for that. And the engine imports nothing from Django."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Django is not heavy, but the engine never needs it.
HEAVY = ("cv2", "numpy", "ai_edge_litert", "django")


def loaded_after(statement: str) -> list[str]:
    """Which heavy modules a fresh interpreter has loaded after ``statement``."""
    code = f"import sys\n{statement}\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_reading_container_headers_loads_no_opencv_numpy_or_litert():
    assert loaded_after("import detector.analysis.container") == []


def test_catching_the_engines_error_loads_nothing_heavy():
    assert loaded_after("from detector.analysis import ERROR_CODES, AnalysisError") == []


def test_reading_the_engines_codes_and_norms_loads_nothing_heavy():
    statement = (
        "from detector.analysis import DOUBTS, MOMENT_REASONS, UNKNOWN_REASONS, codes\n"
        "assert codes.BLINK_NORM_LOW_PER_MIN < codes.BLINK_NORM_HIGH_PER_MIN"
    )
    assert loaded_after(statement) == []


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports (absolute names; relative imports stay relative)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_the_engine_imports_nothing_from_django_or_the_web_side():
    files = sorted((ROOT / "detector" / "analysis").rglob("*.py"))
    assert files
    for path in files:
        for name in imported_modules(path):
            top = name.split(".")[0]
            assert top not in ("django", "django_htmx", "django_tasks"), (path.name, name)
            assert top != "detector" or name.startswith("detector.analysis"), (path.name, name)
            assert top not in ("common", "deepfake_edu"), (path.name, name)


def test_the_engine_loads_on_first_use_of_analyse():
    statement = (
        "import detector.analysis\n"
        "from detector.analysis import Result, analyse\n"
        "assert analyse.__module__ == 'detector.analysis.engine'\n"
        "assert detector.analysis.analyse is analyse"
    )
    assert loaded_after(statement) == ["cv2", "numpy"]
