"""Stand-ins for the engine, run in the warm analysis child by
tests/detector/test_warm_child.py.

``by_content`` does what the clip's bytes say, as a real clip decides how the engine
fares: "bomb" needs more memory than the child may have (tests/detector/hungry.py),
"hang" never ends, "crash" raises, "refuse" is a clip the engine refuses, "chatty"
sends progress until it is stopped; anything else is reported on (the child's pid and
what the clip holds). ``engine_counting_models`` runs the real engine and says how
many sets of face models were ever made in this child.
"""

from __future__ import annotations

import os
import time

from detector.analysis import AnalysisError, pipeline
from detector.analysis.landmarks import FaceModels
from tests.detector import hungry


def by_content(path, on_progress=None, time_limit_s=None, max_duration_s=None):
    with open(path, "rb") as clip:
        content = clip.read().decode()
    on_progress(0.5)
    if content == "bomb":
        return hungry.analyse(path, on_progress, time_limit_s, max_duration_s)
    if content == "hang":
        return hungry.hang(path, on_progress, time_limit_s, max_duration_s)
    if content == "crash":
        raise ValueError("a decoder bug")
    if content == "refuse":
        raise AnalysisError("no_frames")
    if content == "chatty":
        for _ in range(600):
            on_progress(0.5)
            time.sleep(0.05)
    return {"pid": os.getpid(), "content": content, "time_limit_s": time_limit_s}


class _CountedFaceModels(FaceModels):
    made = 0

    def __init__(self) -> None:
        type(self).made += 1
        super().__init__()


# This module is imported in the child before it warms the pool (isolation._load), so
# every set of models the pipeline makes in the child is counted.
pipeline.FaceModels = _CountedFaceModels  # type: ignore[attr-defined]


def engine_counting_models(path, on_progress=None, time_limit_s=None, max_duration_s=None):
    from detector.analysis import analyse

    made_before = _CountedFaceModels.made
    result = analyse(
        path, on_progress=on_progress, time_limit_s=time_limit_s, max_duration_s=max_duration_s
    )
    return {
        "pid": os.getpid(),
        "report": result.report,
        "models_made_before": made_before,
        "models_made": _CountedFaceModels.made,
        "pooled": sorted(id(models) for models in pipeline._POOL),
    }
