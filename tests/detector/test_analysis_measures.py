"""Unit tests of each measure and of the event logic, on small numpy arrays."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from detector.analysis import events
from detector.analysis.eyes import PATCH_SIZE, dark_extent, eye_patch
from detector.analysis.face import Box
from detector.analysis.sharpness import face_and_scene_sharpness, laplacian_variance
from detector.analysis.video import FrameClock
from tests.detector import clipgen


def eye_like_patch(closed: bool, brightness: int = 170) -> np.ndarray:
    """A skin patch with an eye: a dark iris disc when open, a lash line when closed."""
    width, height = PATCH_SIZE
    patch = np.full((height, width), brightness, np.uint8)
    centre = (width // 2, height // 2)
    if closed:
        cv2.line(patch, (8, centre[1] + 2), (width - 8, centre[1] + 2), 40, 2)
    else:
        cv2.ellipse(patch, centre, (14, 6), 0, 0, 360, 230, -1)  # sclera
        cv2.circle(patch, centre, 6, 50, -1)  # iris and pupil
        cv2.line(patch, (8, centre[1] - 6), (width - 8, centre[1] - 6), 40, 1)  # lashes
    return patch


def test_sharpness_orders_blurred_below_sharp():
    rng = np.random.default_rng(0)
    sharp = rng.integers(0, 255, (80, 80), dtype=np.uint8)
    a_bit = cv2.GaussianBlur(sharp, (0, 0), 1.0)
    very = cv2.GaussianBlur(sharp, (0, 0), 3.0)
    assert laplacian_variance(sharp) > laplacian_variance(a_bit) > laplacian_variance(very)


def test_face_sharpness_drops_when_only_the_face_is_blurred():
    rng = np.random.default_rng(1)
    frame = cv2.resize(
        rng.integers(0, 255, (90, 160, 3), dtype=np.uint8),
        (640, 360),
        interpolation=cv2.INTER_NEAREST,
    )
    box = Box(260, 100, 120, 120)
    face_before, scene_before = face_and_scene_sharpness(frame, box)
    blurred = frame.copy()
    blurred[100:220, 260:380] = cv2.GaussianBlur(frame[100:220, 260:380], (0, 0), 3)
    face_after, scene_after = face_and_scene_sharpness(blurred, box)
    assert face_after < 0.3 * face_before
    assert scene_after == pytest.approx(scene_before)


@pytest.mark.parametrize("brightness", [90, 170, 230])
def test_eye_openness_is_lower_for_a_closed_lid(brightness):
    open_value = dark_extent(eye_like_patch(closed=False, brightness=brightness))
    closed_value = dark_extent(eye_like_patch(closed=True, brightness=brightness))
    assert closed_value < 0.6 * open_value


def test_eye_openness_of_the_astronaut_drops_as_the_lids_close():
    photo = clipgen._astronaut()
    values = []
    for closure in (0.0, 0.5, 1.0):
        frame = clipgen.close_lids(photo, closure)
        openness = [
            dark_extent(eye_patch(frame, centre, clipgen.FACE_WIDTH))
            for centre, _w, _h in clipgen.EYES
        ]
        values.append(np.mean(openness))
    assert values[0] > values[1] > values[2]
    assert values[2] < 0.6 * values[0]


def test_eye_openness_is_unknown_on_a_flat_patch():
    assert np.isnan(dark_extent(np.full((27, 44), 128, np.uint8)))


def synthetic_openness(fps: float, seconds: float, dips: list[tuple[float, float]], seed=0):
    """Openness around 0.45 with noise and slow drift, with dips to ~0.1 at ``dips``."""
    rng = np.random.default_rng(seed)
    times = np.arange(round(seconds * fps)) / fps
    values = 0.45 * (1 + 0.1 * np.sin(times / 3)) + rng.normal(0, 0.012, len(times))
    for start, end in dips:
        values[(times >= start) & (times < end)] = 0.1
    return times, values


def test_blink_events_are_found_at_the_dips():
    fps = 25.0
    dips = [(1.0, 1.12), (3.0, 3.2), (5.5, 5.6)]
    times, values = synthetic_openness(fps, 8, dips)
    combined, more_open = events.openness_ratio(values, values, fps)
    blinks, odd = events.blink_events(times, combined, more_open)
    assert [round(times[b.start], 2) for b in blinks] == [1.0, 3.0, 5.52]
    assert odd == []


def test_a_one_eyed_closure_is_not_a_blink():
    fps = 25.0
    times, left = synthetic_openness(fps, 6, [(2.0, 2.16)])
    _times, right = synthetic_openness(fps, 6, [], seed=1)
    combined, more_open = events.openness_ratio(left, right, fps)
    blinks, _odd = events.blink_events(times, combined, more_open)
    assert blinks == []


def test_long_closures_are_odd_or_no_blink_at_all():
    fps = 30.0
    times, values = synthetic_openness(fps, 12, [(2.0, 2.7), (6.0, 8.5)])
    combined, more_open = events.openness_ratio(values, values, fps)
    blinks, odd = events.blink_events(times, combined, more_open)
    # 0.7 s is an odd blink; 2.5 s shut is not a blink at all.
    assert len(blinks) == 1 and odd == blinks
    assert times[blinks[0].start] == pytest.approx(2.0)


def test_noise_alone_gives_no_blinks():
    times, values = synthetic_openness(30.0, 60, [], seed=3)
    combined, more_open = events.openness_ratio(values, values, 30.0)
    assert events.blink_events(times, combined, more_open) == ([], [])


def test_a_dip_cut_off_by_a_gap_in_the_measurements_is_dropped():
    fps = 25.0
    times, values = synthetic_openness(fps, 6, [(3.0, 3.2)])
    values[(times >= 3.1) & (times < 3.5)] = np.nan  # face lost mid-blink
    combined, more_open = events.openness_ratio(values, values, fps)
    assert events.blink_events(times, combined, more_open)[0] == []


def test_rolling_percentile_matches_a_direct_computation():
    rng = np.random.default_rng(4)
    values = rng.normal(size=200)
    values[50:60] = np.nan
    result = events.rolling_percentile(values, 11, 70)
    padded = np.pad(values, 5, mode="edge")  # the ends repeat the first/last value
    for i in (0, 5, 55, 120, 199):
        window = padded[i : i + 11]
        assert result[i] == pytest.approx(np.nanpercentile(window, 70))


@pytest.mark.parametrize(
    ("count", "seconds", "verdict"),
    [
        (0, 6, "unknown"),  # six seconds without a blink happen to everyone
        (1, 12, "unknown"),
        (0, 30, "low"),  # P(0 | 10/min, 30 s) = 0.7 %
        (1, 60, "low"),
        (15, 60, "normal"),
        (4, 25, "normal"),
        (50, 60, "high"),
        (9, 8, "high"),  # P(>= 9 | 30/min, 8 s) = 2 %
        (3, 20, "normal"),
    ],
)
def test_blink_rate_is_judged_only_when_the_statistics_support_it(count, seconds, verdict):
    assert events.judge_blink_rate(count, seconds)[0] == verdict


def test_the_poisson_tail_is_right():
    assert events.poisson_cdf(0, 2.0) == pytest.approx(np.exp(-2.0))
    assert events.poisson_cdf(3, 2.0) == pytest.approx(0.857123, abs=1e-6)


def test_sudden_face_blur_is_flagged_but_not_camera_blur_or_blinks():
    fps = 25.0
    n = 200
    rng = np.random.default_rng(5)
    face = 500 + rng.normal(0, 20, n)
    scene = 800 + rng.normal(0, 30, n)
    face[50:60] = 80  # the face alone goes soft
    face[100:110] = 80
    scene[100:110] = 120  # the whole picture goes soft: camera, not face
    face[150:153] = 150  # a dip during a blink
    blink = events.Event(150, 152)
    sudden, vs_scene = events.blurry_frames(face, scene, fps, [blink])
    flagged = np.flatnonzero(sudden | vs_scene)
    assert set(flagged) == set(range(50, 60))
    stretches = events.blur_stretches(face, sudden, vs_scene)
    assert [(s.event.start, s.event.end) for s in stretches] == [(50, 59)]


def test_the_frame_clock_uses_variable_timestamps_and_survives_broken_ones():
    clock = FrameClock(30.0)
    assert [clock.tick(ms) for ms in (0, 33.3, 100, 133.3)] == pytest.approx(
        [0, 0.0333, 0.1, 0.1333], abs=1e-4
    )
    zeros = FrameClock(25.0)
    assert [zeros.tick(0.0) for _ in range(4)] == pytest.approx([0, 0.04, 0.08, 0.12])
    broken = FrameClock(25.0)
    assert [broken.tick(ms) for ms in (0, 40, float("nan"), 1e12, 160)] == pytest.approx(
        [0, 0.04, 0.08, 0.12, 0.16]
    )
