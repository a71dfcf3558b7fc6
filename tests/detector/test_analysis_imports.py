"""The engine package imports lazily: the web process reads container headers with
detector.analysis.container and must not load OpenCV, numpy or LiteRT for that."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("cv2", "numpy", "ai_edge_litert")


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


def test_the_engine_loads_on_first_use_of_analyse():
    statement = (
        "import detector.analysis\n"
        "from detector.analysis import Result, analyse\n"
        "assert analyse.__module__ == 'detector.analysis.engine'\n"
        "assert detector.analysis.analyse is analyse"
    )
    assert loaded_after(statement) == ["cv2", "numpy"]
