"""The clip measured in stretches, one per core: the same answer as in one piece.

The tests fix the number of stretches (``cores=``), so they mean the same on a
machine with one core as on one with eight.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from detector.analysis import pipeline
from detector.analysis.pipeline import measure_clip, plan_stretches
from detector.analysis.report import build_result
from detector.analysis.video import FrameClock, VideoInfo
from tests.detector import clipgen
from tests.detector.test_analysis_clips import BLUR_REASONS

# Blinks on both sides of the seam at 5 s, one just after it.
BLINKS = clipgen.ClipSpec(640, 360, 25, 10, [1.0, 3.2, 5.3, 7.4, 9.0], [], seed=21)
# A face blurred to a smear (no face to the models) across the seam at 4 s.
SMEAR_ON_SEAM = clipgen.ClipSpec(
    320, 240, 25, 8, [1.0, 6.5], [(3.5, 4.5)], blur_sigma=6.0, motion=0.5, seed=13
)


def info(duration: float | None, fps: float = 30.0, guess: bool = False) -> VideoInfo:
    frames = None if duration is None else round(duration * fps)
    return VideoInfo(640, 360, fps, frames, duration, True, fps_is_guess=guess)


def test_one_stretch_per_core_each_at_least_two_seconds_long():
    assert plan_stretches(info(60.0), cores=2) == [0.0, 30.0]
    assert plan_stretches(info(60.0), cores=4) == [0.0, 15.0, 30.0, 45.0]
    assert len(plan_stretches(info(600.0), cores=64)) == pipeline.MAX_STRETCHES
    assert plan_stretches(info(5.0), cores=4) == [0.0, 2.5]
    assert plan_stretches(info(3.0), cores=2) == [0.0]
    assert plan_stretches(info(60.0), cores=1) == [0.0]
    # Nowhere to seek to: length or frame rate unknown.
    assert plan_stretches(info(None), cores=2) == [0.0]
    assert plan_stretches(info(60.0, guess=True), cores=2) == [0.0]


def test_a_clock_that_starts_later_keeps_the_clips_time_scale():
    later = FrameClock(25.0, origin_ms=40.0)
    assert [later.tick(ms) for ms in (5040.0, 5080.0, float("nan"))] == pytest.approx(
        [5.0, 5.04, 5.08]
    )
    # A first timestamp that cannot be placed makes the stretch untrustworthy.
    assert math.isnan(FrameClock(25.0, origin_ms=0.0).tick(float("nan")))
    assert math.isnan(FrameClock(25.0, origin_ms=1000.0).tick(500.0))


@pytest.fixture(scope="module")
def blink_clip(tmp_path_factory) -> clipgen.ClipTruth:
    return clipgen.make_clip(tmp_path_factory.mktemp("stretches") / "blinks.mp4", BLINKS)


def _spans(report: dict) -> list[float]:
    return [t for b in report["blinks"] for t in (b["start_s"], b["end_s"])]


def test_two_stretches_measure_the_same_frames_and_find_the_same_blinks(blink_clip):
    whole = measure_clip(blink_clip.path, cores=1)
    halves = measure_clip(blink_clip.path, cores=2)
    # Every frame once: the same measured times, in order, and every frame decoded.
    assert halves.times == pytest.approx(whole.times)
    assert np.all(np.diff(halves.times) > 0)
    assert halves.frames_decoded == whole.frames_decoded == blink_clip.frame_count
    # The second stretch follows the face from its own start, so a number or two may
    # differ in the last digits; the events may not.
    open_whole = np.nanmean([whole.right_eye, whole.left_eye], axis=0)
    open_halves = np.nanmean([halves.right_eye, halves.left_eye], axis=0)
    assert np.nanmax(np.abs(open_whole - open_halves)) < 0.05
    report_whole = build_result(whole).report
    report_halves = build_result(halves).report
    assert _spans(report_halves) == pytest.approx(_spans(report_whole))
    assert len(report_halves["blinks"]) == len(BLINKS.blink_times)
    assert report_halves["blinks"][2]["start_s"] > 5.0  # the one just after the seam


def test_a_seek_that_lands_nowhere_leaves_the_time_to_the_stretch_before(blink_clip, monkeypatch):
    whole = measure_clip(blink_clip.path, cores=1)
    # A second stretch planned beyond the end of the clip: its seek finds no frame.
    monkeypatch.setattr(
        pipeline, "plan_stretches", lambda info, cores=None, limit=None: [0.0, 99.0]
    )
    alone = measure_clip(blink_clip.path, cores=2)
    assert alone.times == whole.times
    assert alone.right_eye == pytest.approx(whole.right_eye, nan_ok=True)
    assert alone.frames_decoded == whole.frames_decoded


def test_a_face_lost_on_the_seam_is_followed_by_the_stretch_before(tmp_path):
    truth = clipgen.make_clip(tmp_path / "smear.mp4", SMEAR_ON_SEAM)
    assert plan_stretches(VideoInfo(320, 240, 25.0, 200, 8.0, True), cores=2) == [0.0, 4.0]
    data = measure_clip(truth.path, cores=2)
    report = build_result(data).report
    moments = [m for m in report["suspicious_moments"] if m["reason"] in BLUR_REASONS]
    assert len(moments) == 1, report["suspicious_moments"]
    ((blur_start, blur_end),) = truth.blurs
    assert moments[0]["start_s"] <= 4.0 <= moments[0]["end_s"]
    assert abs(moments[0]["start_s"] - blur_start) <= 3 / SMEAR_ON_SEAM.fps
    assert abs(moments[0]["end_s"] - blur_end) <= 3 / SMEAR_ON_SEAM.fps
    assert len(report["blinks"]) == 2
