"""Quick check of a video clip: blinks and blurry moments of the main face.

Plain Python (OpenCV and numpy, no Django), so it can be tested, benchmarked and run
from the command line: ``python -m detector.analysis CLIP.mp4 [--json]``.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from .pipeline import measure_clip
from .report import REPORT_VERSION, build_report
from .video import AnalysisError, VideoInfo, grab_frame, probe_video

__all__ = [
    "REPORT_VERSION",
    "AnalysisError",
    "VideoInfo",
    "analyse",
    "grab_frame",
    "probe_video",
]


def analyse(
    path: str | os.PathLike,
    on_progress: Callable[[float], None] | None = None,
    time_limit_s: float | None = None,
) -> dict:
    """Analyse one clip and return the report (a JSON-serialisable dict).

    ``on_progress(fraction)`` is called now and then with a number from 0 to 1.
    Raises :class:`AnalysisError` (Dutch message) for files that cannot be read, and
    when the analysis takes longer than ``time_limit_s`` seconds.
    """
    return build_report(measure_clip(path, on_progress=on_progress, time_limit_s=time_limit_s))
