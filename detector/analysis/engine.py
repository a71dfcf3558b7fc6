"""The engine's entry point: measure a clip, then build its report and pictures."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from . import recording
from .pipeline import measure_clip
from .report import Result, build_result


def analyse(
    path: str | os.PathLike[str],
    on_progress: Callable[[float], None] | None = None,
    time_limit_s: float | None = None,
    max_duration_s: float | None = None,
) -> Result:
    """Analyse one clip: ``.report`` (a JSON-serialisable dict) and ``.pictures``.

    ``on_progress(fraction)`` is called now and then with a number from 0 to 1.
    Raises :class:`AnalysisError` (with a ``code``) for files that cannot be read, and
    when the analysis takes longer than ``time_limit_s`` seconds. ``max_duration_s``:
    only the clip's first seconds on the decoded timeline are measured (the report's
    ``cut_at_s`` says where it stopped), whatever the container claims.

    A browser recording whose header gives no length is first copied into a file the
    decoder can seek in (:mod:`.recording`), so that it is measured in stretches on
    every core like any other file; the report is the same.
    """
    started = time.monotonic()
    with recording.seekable(path, max_duration_s, time_limit_s) as readable:
        time_left = None if time_limit_s is None else time_limit_s - (time.monotonic() - started)
        data = measure_clip(
            readable,
            on_progress=on_progress,
            time_limit_s=None if time_left is None else max(0.0, time_left),
            max_duration_s=max_duration_s,
        )
    return build_result(data)
