"""Fixtures for the analysis engine's tests: generated clips with known truth.

Clips are generated once per test run (session scope) into a temporary folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from detector.analysis import Result, analyse
from tests.detector import clipgen


class ClipCache:
    def __init__(self, folder: Path):
        self.folder = folder
        self.clips: dict[str, tuple[clipgen.ClipTruth, Result]] = {}

    def result(self, name: str, spec: clipgen.ClipSpec) -> tuple[clipgen.ClipTruth, Result]:
        if name not in self.clips:
            truth = clipgen.make_clip(self.folder / f"{name}.mp4", spec)
            self.clips[name] = (truth, analyse(truth.path))
        return self.clips[name]

    def get(self, name: str, spec: clipgen.ClipSpec) -> tuple[clipgen.ClipTruth, dict]:
        truth, result = self.result(name, spec)
        return truth, result.report


@pytest.fixture(scope="session")
def clip_cache(tmp_path_factory) -> ClipCache:
    return ClipCache(tmp_path_factory.mktemp("clips"))
