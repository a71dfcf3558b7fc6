"""Stand-ins for the engine, run in the analysis child by tests/detector/test_limits_decode.py:
one that needs far more memory than the child may have, one that never ends."""

from __future__ import annotations

import time


def analyse(path, on_progress=None, time_limit_s=None, max_duration_s=None):
    on_progress(0.1)
    # 3 GB, as one frame of a 32000 × 32000 clip would need: over any cap we set.
    picture = bytearray(3 * 1024 * 1024 * 1024)
    return {"size": len(picture)}


def hang(path, on_progress=None, time_limit_s=None, max_duration_s=None):
    while True:
        time.sleep(1)
