"""Fixtures for the detector's tests.

The engine's: generated clips with known truth, made once per test run (session
scope) into a temporary folder. The web side's: a private clip storage per test
(a folder, or with ``s3_bucket`` a bucket: tests/s3.py), the task backends, small
clips (helpers that are not fixtures: webfixtures.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from detector.analysis import Result, analyse
from tests.detector import clipgen
from tests.detector.webfixtures import DUMMY, IMMEDIATE, clips_in, write_clip
from tests.s3 import s3_bucket  # noqa: F401 (a fixture)


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


# --- The web side's fixtures: private clip storage, task backends, small clips. ---


@pytest.fixture
def clip_dir(settings, tmp_path) -> Path:
    """The private clip storage, in a fresh temporary folder for each test."""
    return clips_in(settings, tmp_path / "clips")


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE


@pytest.fixture
def dummy_tasks(settings):
    settings.TASKS = DUMMY


@pytest.fixture
def small_clip(tmp_path) -> Path:
    return write_clip(tmp_path / "gesprek.mp4")


@pytest.fixture
def blurry_face_clip(tmp_path) -> Path:
    # A blurry stretch between sharp ones: the face is lost to the models while blurred
    # and found again at the same place, so its sharpness is measured there.
    return write_clip(
        tmp_path / "wazig.mp4", seconds=4.0, blur_face_from_s=1.5, blur_face_until_s=2.5
    )
