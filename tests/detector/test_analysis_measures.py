"""Unit tests of each measure and of the event logic, on small numpy arrays."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from detector.analysis import events
from detector.analysis.face import Box
from detector.analysis.landmarks import FaceModels
from detector.analysis.sharpness import face_and_scene_sharpness, laplacian_variance
from detector.analysis.video import FrameClock
from tests.detector import clipgen


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


def landmarks_of(models: FaceModels, frame: np.ndarray):
    found = models.detect(frame)
    assert len(found) == 1
    face = models.landmarks(frame, models.crop_from_detection(found[0]))
    assert face is not None
    # Second pass from the landmarks, as in the frame loop.
    return models.landmarks(frame, face.next_crop())


def test_the_eye_model_sees_the_lids_close_on_the_astronaut_photograph():
    """The landmark model reacts to the generator's drawn eyelids (both eyes)."""
    models = FaceModels()
    photo = clipgen._astronaut()
    values = []
    for closure in (0.0, 0.5, 1.0):
        face = landmarks_of(models, clipgen.close_lids(photo, closure))
        assert face.flag > 0.9
        values.append(face.openness())
    (open_r, open_l), (half_r, half_l), (shut_r, shut_l) = values
    assert open_r > half_r > shut_r and open_l > half_l > shut_l
    assert shut_r < 0.5 * open_r and shut_l < 0.5 * open_l
    # The eye corners land on the photograph's eyes.
    for contour, ((cx, cy), half_w, _h) in zip(
        (face.right_eye, face.left_eye), clipgen.EYES, strict=True
    ):
        centre = contour[[0, 8]].mean(axis=0)
        assert abs(centre[0] - cx) < half_w and abs(centre[1] - cy) < half_w


def test_no_face_is_found_in_a_textured_picture():
    rng = np.random.default_rng(2)
    texture = cv2.resize(
        rng.integers(0, 255, (40, 60, 3), dtype=np.uint8), (640, 360), interpolation=cv2.INTER_CUBIC
    )
    assert FaceModels().detect(texture) == []


def synthetic_openness(
    fps: float, seconds: float, dips: list[tuple[float, float]], seed=0, low=0.1
):
    """Openness around 0.3 with noise and slow drift, with dips to ``low`` at ``dips``."""
    rng = np.random.default_rng(seed)
    times = np.arange(round(seconds * fps)) / fps
    values = 0.3 * (1 + 0.05 * np.sin(times / 3)) + rng.normal(0, 0.006, len(times))
    for start, end in dips:
        values[(times >= start - 1e-9) & (times < end - 1e-9)] = low
    return times, values


def find(times, right, left, fps):
    found = events.find_blinks(events.EyeSeries(times, right, left, fps))
    return found.blinks, found.odd, found.closures


def test_blink_events_are_found_at_the_dips():
    fps = 25.0
    dips = [(1.0, 1.12), (3.0, 3.2), (5.52, 5.6)]
    times, values = synthetic_openness(fps, 8, dips)
    blinks, odd, closures = find(times, values, values, fps)
    assert [round(times[b.start], 2) for b in blinks] == [1.0, 3.0, 5.52]
    assert odd == [] and closures == []
    assert all(0.6 < b.depth < 0.75 for b in blinks)


def test_single_frame_blinks_at_6_fps_are_found():
    fps = 6.0
    starts = [2.0, 5.0, 8.5, 12.0, 16.0]
    times, values = synthetic_openness(fps, 20, [(t, t + 1 / fps) for t in starts], low=0.15)
    blinks, _odd, _closures = find(times, values, values, fps)
    assert [round(times[b.lowest], 2) for b in blinks] == starts


def test_a_double_blink_is_two_blinks_when_the_eyes_reopen_in_between():
    fps = 30.0
    # closed 0.1 s, open 0.15 s, closed 0.1 s: two full closings 0.25 s apart.
    times, values = synthetic_openness(fps, 6, [(2.0, 2.1), (2.25, 2.35)])
    blinks, _odd, _closures = find(times, values, values, fps)
    assert [times[b.start] for b in blinks] == pytest.approx([2.0, 2.25], abs=1 / fps)


def test_a_flicker_inside_one_blink_does_not_split_it():
    fps = 30.0
    times, values = synthetic_openness(fps, 6, [(2.0, 2.1), (2.1333, 2.2)])
    values[(times > 2.09) & (times < 2.12)] = 0.29  # one frame back to "open"
    blinks, _odd, _closures = find(times, values, values, fps)
    assert len(blinks) == 1


def test_a_half_closure_right_after_a_blink_is_not_a_second_blink():
    fps = 30.0
    times, values = synthetic_openness(fps, 6, [(2.0, 2.15)])
    values[(times >= 2.3) & (times < 2.5)] = 0.3 * 0.78  # lids half down, not closed
    blinks, _odd, _closures = find(times, values, values, fps)
    assert len(blinks) == 1 and round(times[blinks[0].start], 2) == 2.0


def test_partial_closures_alone_are_not_blinks():
    fps = 25.0
    dips = [(1.0, 1.2), (3.0, 3.3), (5.0, 5.2)]
    times, values = synthetic_openness(fps, 8, dips, low=0.3 * 0.78)
    assert find(times, values, values, fps) == ([], [], [])


def test_eyes_closed_for_two_seconds_is_a_closure_not_blinks():
    fps = 30.0
    times, values = synthetic_openness(fps, 14, [(2.0, 2.15), (6.0, 8.0), (11.0, 11.15)])
    blinks, odd, closures = find(times, values, values, fps)
    assert [round(times[b.start], 2) for b in blinks] == [2.0, 11.0]
    assert odd == []
    assert len(closures) == 1
    assert times[closures[0].start] == pytest.approx(6.0)
    assert events.span(times, closures[0]) == pytest.approx(2.0, abs=0.05)


def test_a_long_blink_is_odd():
    fps = 30.0
    times, values = synthetic_openness(fps, 8, [(2.0, 2.7)])
    blinks, odd, closures = find(times, values, values, fps)
    assert len(blinks) == 1 and odd == blinks and closures == []


def test_one_eye_closing_is_not_a_blink():
    fps = 25.0
    times, right = synthetic_openness(fps, 6, [(2.0, 2.16)])
    _times, left = synthetic_openness(fps, 6, [], seed=1)
    assert find(times, right, left, fps) == ([], [], [])


def test_each_eye_is_measured_against_its_own_open_level():
    fps = 25.0
    times, right = synthetic_openness(fps, 8, [(3.0, 3.16)])
    _times, left = synthetic_openness(fps, 8, [(3.0, 3.16)], seed=1)
    left = left * 0.5  # a narrower eye (or a squint): the same blink
    blinks, _odd, _closures = find(times, right, left, fps)
    assert len(blinks) == 1


def test_noise_alone_gives_no_blinks():
    times, values = synthetic_openness(30.0, 60, [], seed=3)
    _times, other = synthetic_openness(30.0, 60, [], seed=4)
    assert find(times, values, other, 30.0) == ([], [], [])


def test_a_dip_cut_off_by_a_gap_in_the_measurements_is_dropped():
    fps = 25.0
    times, values = synthetic_openness(fps, 6, [(3.0, 3.2)])
    values[(times >= 3.1) & (times < 3.5)] = np.nan  # face lost mid-blink
    assert find(times, values, values, fps)[0] == []


def test_a_dip_at_the_clip_edge_is_dropped():
    fps = 25.0
    times, values = synthetic_openness(fps, 6, [(0.0, 0.12), (5.9, 6.0)])
    assert find(times, values, values, fps)[0] == []


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


def test_following_the_eyes_keeps_their_crop_and_their_openness():
    """The eyes followed without the face model, frame after frame on a still face,
    read as the face model placed them: the crop does not shrink from one frame to
    the next (it did when it was placed from the eye model's own corners, which sit
    inside the mesh's, and the eye line then jumped every third frame)."""
    models = FaceModels()
    full = clipgen._astronaut()
    # Small eyes (about 9 px wide), where the old placing lost a tenth a frame.
    photo = cv2.resize(full, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    face = landmarks_of(models, photo)
    widths = [np.mean(face.eye_widths())]
    openness = [np.mean(face.openness())]
    for _ in range(6):
        face = models.follow_eyes(photo, face)
        widths.append(np.mean(face.eye_widths()))
        openness.append(np.mean(face.openness()))
    assert max(widths) / min(widths) < 1.03
    assert max(openness) / min(openness) < 1.03
