"""The rules that make a dip of the eye line a blink, on measured series whose truth is
known because the test made them: noise as deep as a blink, a whole-face brightness
step, a single-frame closure at 6 fps, a settling dip after a blink, and the extra
frames measured around a dip."""

from __future__ import annotations

import numpy as np
import pytest

from detector.analysis import events
from detector.analysis.pipeline import Measurements, frame_stride, measure_clip
from detector.analysis.report import build_result
from detector.analysis.video import VideoInfo
from tests.detector import clipgen

OPEN = 0.3  # lid gap / eye width of an open eye


def series(fps: float, seconds: float, noise: float = 0.004, seed: int = 0):
    """Open eyes with a little measuring noise: (times, right, left)."""
    rng = np.random.default_rng(seed)
    times = np.arange(round(seconds * fps)) / fps
    right = OPEN * (1 + rng.normal(0, noise, len(times)))
    left = OPEN * (1 + rng.normal(0, noise, len(times)))
    return times, right, left


def close(values: np.ndarray, times: np.ndarray, at: float, shape: list[float]) -> None:
    """Set the frames from ``at`` on to ``shape`` (shares of the open level)."""
    first = int(np.searchsorted(times, at - 1e-9))
    for k, share in enumerate(shape):
        values[first + k] = OPEN * share


def find(times, right, left, fps, **extra) -> events.Blinks:
    return events.find_blinks(events.EyeSeries(times, right, left, fps, **extra))


def reasons(found: events.Blinks) -> list[str]:
    return [r.reason for r in found.rejected]


def test_noise_as_deep_as_a_blink_gives_no_blink_and_is_not_measurable():
    fps = 25.0
    # A face swap's eye line: every frame jumps up or down by about a fifth of the
    # open level (both eyes together), and now and then a frame lands as low as a
    # blink's.
    times, right, _left = series(fps, 30, noise=0.2, seed=1)
    found = find(times, right, right, fps)
    assert found.blinks == []
    assert not found.measurable
    assert found.noise > 0.15
    assert found.rejected and set(reasons(found)) == {"noise"}


def test_the_same_noise_in_a_report_says_not_measurable_instead_of_a_count():
    fps = 25.0
    times, right, _left = series(fps, 30, noise=0.2, seed=1)
    report = build_result(measurements(times, right, right, fps)).report
    assert "eyes_noisy" in report["unknown_reasons"]
    assert report["signals"]["blink_rate"] == "unknown"
    assert report["blinks"] == [] and report["blink_rate_per_min"] is None
    assert report["quality"]["eye_noise"] > 0.15
    assert {r["reason"] for r in report["rejected_blinks"]} == {"noise"}


def test_real_blinks_in_quiet_eyes_are_counted_and_measurable():
    fps = 25.0
    times, right, left = series(fps, 30, seed=2)
    starts = [2.0, 7.6, 13.0, 19.2, 26.0]
    for eye in (right, left):
        for at in starts:
            close(eye, times, at, [0.7, 0.35, 0.3, 0.6, 0.85])
    found = find(times, right, left, fps)
    assert found.measurable and found.noise < 0.01
    assert [round(times[b.start], 2) for b in found.blinks] == starts
    assert found.rejected == []
    assert all(found.samples[b.start] >= 3 for b in found.blinks)


def test_a_whole_face_brightness_step_with_a_dip_is_no_blink():
    fps = 25.0
    times, right, left = series(fps, 10, seed=3)
    grey = np.full(len(times), 120.0) + np.random.default_rng(3).normal(0, 0.5, len(times))
    # A lamp goes on at 5 s: the face is 40 grey levels brighter from that frame on,
    # and the eye model reads the eyes as half shut for two frames while it adapts.
    grey[times >= 5.0 - 1e-9] += 40.0
    for eye in (right, left):
        close(eye, times, 5.0, [0.3, 0.5])
    found = find(times, right, left, fps, brightness=grey)
    assert found.blinks == []
    assert reasons(found) == ["face_jump"]


def test_slowly_drifting_light_does_not_hide_a_blink():
    fps = 25.0
    times, right, left = series(fps, 10, seed=4)
    grey = 180.0 - 4.0 * np.arange(len(times))  # 100 grey levels a second, no jump
    for eye in (right, left):
        close(eye, times, 5.0, [0.6, 0.3, 0.35, 0.7])
    found = find(times, right, left, fps, brightness=grey)
    assert len(found.blinks) == 1 and found.rejected == []


def test_a_single_frame_closure_at_6_fps_is_a_blink():
    fps = 6.0
    times, right, left = series(fps, 30, seed=5)
    starts = [3.0, 9.5, 16.0, 24.5]
    for eye in (right, left):
        for at in starts:
            close(eye, times, at, [0.55])  # one frame of 0.17 s, lids mostly down
    found = find(times, right, left, fps)
    assert [round(times[b.lowest], 2) for b in found.blinks] == starts
    assert found.rejected == []


def test_a_single_frame_at_6_fps_with_one_eye_open_is_not_a_blink():
    fps = 6.0
    times, right, left = series(fps, 20, seed=6)
    close(right, times, 5.0, [0.3])
    close(left, times, 5.0, [0.9])  # the other eye stays open
    found = find(times, right, left, fps)
    assert found.blinks == []
    assert reasons(found) == ["one_eye"]


def test_a_single_sample_dip_at_30_fps_is_not_a_blink():
    fps = 30.0
    times, right, left = series(fps, 10, seed=7)
    for eye in (right, left):
        close(eye, times, 4.0, [0.4])  # one frame, open on both sides
    found = find(times, right, left, fps)
    assert found.blinks == []
    assert reasons(found) == ["one_sample"]


def test_a_blink_followed_by_a_settling_dip_is_one_blink():
    fps = 25.0
    times, right, left = series(fps, 10, seed=8)
    for eye in (right, left):
        close(eye, times, 3.0, [0.7, 0.35, 0.3, 0.55, 0.9])  # the blink, lowest 3.08
        close(eye, times, 3.36, [0.8, 0.68, 0.72, 0.9])  # the lids settle: depth 0.32
    found = find(times, right, left, fps)
    assert len(found.blinks) == 1
    assert round(times[found.blinks[0].start], 2) == 3.0
    assert reasons(found) == ["settling"]


def test_a_second_full_closure_soon_after_a_blink_is_a_double_blink():
    fps = 25.0
    times, right, left = series(fps, 10, seed=9)
    for eye in (right, left):
        close(eye, times, 3.0, [0.7, 0.35, 0.3, 0.55, 0.9])
        close(eye, times, 3.36, [0.6, 0.3, 0.35, 0.8])  # as deep as the first
    found = find(times, right, left, fps)
    assert len(found.blinks) == 2 and found.rejected == []


def test_the_extra_frames_between_measured_ones_make_a_blink_whole():
    """A 30 fps clip measured at every second frame: a short blink has one measured
    frame below the start level; the extra frames around it show the closing lids in
    the frames next to it, so it counts. Without them it is one sample."""
    native = 30.0
    times, right, left = series(native / 2, 10, seed=10)
    close(right, times, 4.0, [0.35])
    close(left, times, 4.0, [0.35])
    alone = find(times, right, left, native / 2, native_fps=native)
    assert alone.blinks == [] and reasons(alone) == ["one_sample"]
    fine_times = np.array([3.9667, 4.0333, 4.1])
    fine = OPEN * np.array([0.9, 0.45, 0.95])
    found = find(
        times,
        right,
        left,
        native / 2,
        native_fps=native,
        fine_times=fine_times,
        fine_right=fine,
        fine_left=fine,
    )
    assert len(found.blinks) == 1
    assert found.samples[found.blinks[0].start] == 2


def measurements(times, right, left, fps: float) -> Measurements:
    """Measurements of a steady, frontal, well-lit face with these eyes."""
    info = VideoInfo(640, 360, fps, frame_count=len(times), duration_s=None, has_video=True)
    data = Measurements(info=info, fps=fps)
    n = len(times)
    data.times = list(times)
    data.right_eye, data.left_eye = list(right), list(left)
    data.face_flag = [0.99] * n
    data.turn = [0.05] * n
    data.eye_width = [40.0] * n
    data.face_height = [200.0] * n
    data.face_sharpness = [100.0] * n
    data.scene_sharpness = [80.0] * n
    data.face_brightness = [120.0] * n
    data.boxes = [(200.0, 80.0, 160.0, 200.0)] * n
    data.held_face_sharpness = [float("nan")] * n
    data.held_scene_sharpness = [float("nan")] * n
    data.held_boxes = [None] * n
    data.face_counts = [1]
    data.frames_decoded = n
    return data


@pytest.mark.parametrize("noise", [0.004, 0.03])
def test_robust_noise_reads_the_jitter_and_not_the_blinks(noise):
    fps = 25.0
    times, right, _left = series(fps, 60, noise=noise, seed=11)
    for at in np.arange(2.0, 58.0, 3.0):
        close(right, times, float(at), [0.6, 0.3, 0.35, 0.7])
    # Ratios to the open level: the jitter is the noise that was put in.
    assert events.robust_noise(right / OPEN) == pytest.approx(noise, rel=0.25)


def test_every_frame_of_a_blink_is_measured_and_few_others(tmp_path):
    """A 30 fps clip is measured at every third frame (small frames); around each
    blink every frame is measured, from the first measured frame with the lids down
    until they are open again, and the extra frames stay a small share."""
    spec = clipgen.ClipSpec(640, 360, 30, 8, [1.5, 4.0, 6.2], motion=0.3, seed=21)
    truth = clipgen.make_clip(tmp_path / "blinks.mp4", spec)
    data = measure_clip(truth.path, cores=1)
    step = 1 / spec.fps
    assert frame_stride(data.info) == 3
    measured = np.round(np.concatenate([data.times, data.fine_times]) / step).astype(int)
    sampled = set(np.round(np.asarray(data.times) / step).astype(int))
    for start, end in truth.blinks:  # the lids at least half closed
        first = min(f for f in sampled if f >= round(start / step))
        wanted = set(range(first, round(end / step) + 1))
        assert wanted <= set(measured), (start, end, sorted(wanted - set(measured)))
    assert len(data.fine_times) < 0.2 * data.frames_decoded
    report = build_result(data).report
    assert len(report["blinks"]) == 3
    assert all(b["samples"] >= 3 for b in report["blinks"])
