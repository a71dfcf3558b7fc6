"""The engine's pictures of flagged moments, and its report contract (codes, no words)."""

from __future__ import annotations

import re
from pathlib import Path

import cv2
import numpy as np
import pytest

import detector.analysis
from detector.analysis import DOUBTS, MOMENT_REASONS, UNKNOWN_REASONS
from detector.analysis.landmarks import FaceLandmarks
from detector.analysis.pictures import CROP_SIDE, FACE_PX, MAX_KEPT, PictureKeeper
from tests.detector import clipgen

LONG_CLOSURES = clipgen.ClipSpec(
    854, 480, 25, 12, [1.5, 9.0], [(5.0, 5.5)], closures=[(3.0, 3.7), (7.0, 8.6)], seed=12
)


@pytest.fixture(scope="module")
def closures(clip_cache):
    return clip_cache.result("closures", LONG_CLOSURES)


def decode(jpeg: bytes) -> np.ndarray:
    picture = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
    assert picture is not None
    return picture


def test_a_long_blink_is_odd_and_a_long_closure_is_eyes_closed(closures):
    _truth, result = closures
    report = result.report
    starts = [b["start_s"] for b in report["blinks"]]
    assert len(starts) == 3  # 1.5, the 0.7 s blink at 3.0, and 9.0
    assert [round(s) for s in starts] == [2, 3, 9]
    assert [round(c["start_s"]) for c in report["eyes_closed"]] == [7]
    assert report["eyes_closed"][0]["closed_s"] == pytest.approx(1.6, abs=0.25)
    reasons = [m["reason"] for m in report["suspicious_moments"]]
    assert reasons.count("odd_blink") == 1 and reasons.count("eyes_closed") == 1
    odd = next(m for m in report["suspicious_moments"] if m["reason"] == "odd_blink")
    assert odd["numbers"]["closed_s"] == pytest.approx(0.7, abs=0.2)
    for blink in report["blinks"]:
        assert blink["start_s"] <= blink["lowest_s"] < blink["end_s"]
        assert 0.4 < blink["depth"] <= 1.0


def test_every_flagged_moment_has_a_zoomed_face_and_blinks_an_eye_strip(closures):
    _truth, result = closures
    moments = result.report["suspicious_moments"]
    assert moments
    names = set()
    for moment in moments:
        face = decode(result.pictures[moment["pictures"]["face"]])
        # The face (about 145 px tall in this 480p clip) is shown at least 160 px tall.
        assert face.shape[:2] == (CROP_SIDE, CROP_SIDE) and FACE_PX >= 160
        names.update(moment["pictures"].values())
        if moment["reason"] in ("odd_blink", "eyes_closed"):
            strip = decode(result.pictures[moment["pictures"]["eyes"]])
            assert strip.shape[1] > 2.5 * strip.shape[0]  # three eye pictures side by side
    assert names == set(result.pictures)


def test_the_eye_strip_shows_open_closed_open(closures):
    """The middle third (during) is darker-lidded: less dark iris than before and after."""
    _truth, result = closures
    moment = next(m for m in result.report["suspicious_moments"] if m["reason"] == "eyes_closed")
    strip = cv2.cvtColor(decode(result.pictures[moment["pictures"]["eyes"]]), cv2.COLOR_BGR2GRAY)
    third = (strip.shape[1] - 8) // 3
    parts = [strip[:, k * (third + 4) : k * (third + 4) + third] for k in range(3)]
    dark = [float((part < 60).mean()) for part in parts]
    assert dark[1] < 0.6 * dark[0] and dark[1] < 0.6 * dark[2]


def test_the_report_has_a_quality_block_and_only_known_codes(closures):
    _truth, result = closures
    report = result.report
    quality = report["quality"]
    assert quality["eyes"] == "good" and quality["sharpness"] == "good"
    assert quality["face_found_ratio"] >= 0.95
    assert quality["landmark_confidence"] > 0.9
    assert 120 < quality["face_size_px"] < 190
    assert quality["seconds_usable"] > 10
    assert set(quality["doubts"]) <= set(DOUBTS)
    assert set(report["unknown_reasons"]) <= set(UNKNOWN_REASONS)
    assert {m["reason"] for m in report["suspicious_moments"]} <= set(MOMENT_REASONS)
    series = report["series"]
    eyes = [v for v in series["eye_openness"] if v is not None]
    face = [v for v in series["face_sharpness"] if v is not None]
    assert 0.9 < float(np.median(eyes)) < 1.1 and min(eyes) < 0.6
    assert 0.9 < float(np.median(face)) < 1.1


def test_the_engine_holds_no_dutch_sentences():
    folder = Path(detector.analysis.__file__).parent
    dutch = re.compile(r"\b(het|een|niet|gezicht|ogen|knipper\w*|wazig|seconden)\b", re.I)
    for path in folder.glob("*.py"):
        strings = re.findall(r'"([^"\n]*)"', path.read_text())
        assert not [s for s in strings if dutch.search(s)], path.name


def fake_face(y: float) -> FaceLandmarks:
    points = np.array([[100.0, y], [200.0, y + 120]] * 234)
    eye = np.zeros((71, 2)) + np.array([130.0, y + 40])
    eye[8] += np.array([30.0, 0.0])
    return FaceLandmarks(points, 1.0, eye, eye + np.array([40.0, 0.0]))


def test_the_kept_pictures_stay_within_their_budget_on_a_long_clip():
    keeper = PictureKeeper(30.0)
    frame = np.zeros((360, 640, 3), np.uint8)
    rng = np.random.default_rng(0)
    for i in range(30 * 120):  # two minutes with a dip every second
        openness = 0.1 if i % 30 == 0 else 0.3 + rng.normal(0, 0.005)
        keeper.add(i, i / 30, frame, fake_face(100 + i % 7), openness, 100.0)
        assert len(keeper.kept) <= MAX_KEPT
    keeper.finish()
    assert len(keeper.kept) <= MAX_KEPT
    # Thinned evenly: both the first and the last half-minute still have pictures.
    times = sorted(k.time_s for k in keeper.kept.values())
    assert times[0] < 30 and times[-1] > 90


def test_a_long_closure_keeps_its_pictures_when_the_budget_is_full():
    keeper = PictureKeeper(30.0)
    frame = np.zeros((360, 640, 3), np.uint8)
    for i in range(30 * 120):
        openness = 0.1 if i % 30 == 0 or 1800 <= i < 1830 else 0.3
        keeper.add(i, i / 30, frame, fake_face(100.0), openness, 100.0)
    keeper.finish()
    assert keeper.nearest(60.5, within_s=0.1) is not None
