"""The engine's entry point: measure a clip, then build its report and pictures."""

from __future__ import annotations

import os
from collections.abc import Callable

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
    """
    data = measure_clip(
        path, on_progress=on_progress, time_limit_s=time_limit_s, max_duration_s=max_duration_s
    )
    return build_result(data)
