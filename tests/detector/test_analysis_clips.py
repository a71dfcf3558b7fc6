"""End-to-end: generated clips with known blinks and blurred stretches."""

from __future__ import annotations

import json

import pytest

from tests.detector import clipgen

# One clip per kind: frame rates 15-60, sizes 240p-1080p, all with a moving, scaling,
# slightly turning head, drifting light, sensor noise and mp4v compression.
CLIP_KINDS = {
    "360p_25fps": clipgen.ClipSpec(
        640, 360, 25, 10, [1.0, 2.7, 4.1, 6.3, 8.4], [(5.0, 5.6)], seed=0
    ),
    "240p_15fps": clipgen.ClipSpec(426, 240, 15, 10, [1.2, 3.5, 6.0, 8.2], [(4.6, 5.3)], seed=1),
    "720p_30fps": clipgen.ClipSpec(1280, 720, 30, 8, [1.1, 3.0, 5.2, 7.0], [(3.8, 4.4)], seed=2),
    "1080p_60fps": clipgen.ClipSpec(1920, 1080, 60, 5, [0.8, 2.0, 3.9], [(2.7, 3.2)], seed=3),
    "480p_30fps_still_bright": clipgen.ClipSpec(
        854,
        480,
        30,
        8,
        [0.7, 2.2, 3.3, 5.9, 7.1],
        [(4.2, 4.9)],
        motion=0.3,
        lighting=0.5,
        noise=1.0,
        seed=4,
    ),
}

BLUR_REASONS = {"face_blurrier_than_scene", "sudden_face_blur"}


def match_blinks(found: list[dict], truth: list[tuple[float, float]], fps: float):
    """One-to-one matching of found blink events to true ones by overlap.

    Returns (matched pairs, precision, recall).
    """
    free = list(range(len(found)))
    pairs = []
    for start, end in truth:
        overlapping = [
            i for i in free if found[i]["start_s"] < end + 1 / fps and found[i]["end_s"] > start
        ]
        if overlapping:
            best = min(overlapping, key=lambda i: abs(found[i]["start_s"] - start))
            free.remove(best)
            pairs.append(((start, end), found[best]))
    precision = len(pairs) / len(found) if found else 1.0
    recall = len(pairs) / len(truth) if truth else 1.0
    return pairs, precision, recall


def match_spans(found: list[tuple[float, float]], truth: list[tuple[float, float]]):
    matched_truth = sum(1 for a, b in truth if any(s < b and e > a for s, e in found))
    matched_found = sum(1 for s, e in found if any(s < b and e > a for a, b in truth))
    precision = matched_found / len(found) if found else 1.0
    recall = matched_truth / len(truth) if truth else 1.0
    return precision, recall


@pytest.fixture(params=sorted(CLIP_KINDS))
def clip(request, clip_cache):
    return clip_cache.get(request.param, CLIP_KINDS[request.param])


def test_it_finds_the_rendered_blinks(clip):
    truth, report = clip
    fps = truth.spec.fps
    pairs, precision, recall = match_blinks(report["blinks"], truth.blinks, fps)
    assert precision >= 0.9, (report["blinks"], truth.blinks)
    assert recall >= 0.9, (report["blinks"], truth.blinks)
    # Times are as exact as the measured frames (every n-th frame at high frame rates).
    measured_step = report["duration_s"] / report["frames_measured"]
    for (start, _end), event in pairs:
        assert abs(event["start_s"] - start) <= 2 * measured_step + 1e-3, (event, start)


def test_it_finds_the_blurred_stretches(clip):
    truth, report = clip
    found = [
        (m["start_s"], m["end_s"] + 1 / truth.spec.fps)
        for m in report["suspicious_moments"]
        if m["reason"] in BLUR_REASONS
    ]
    precision, recall = match_spans(found, truth.blurs)
    assert precision >= 0.9, (found, truth.blurs)
    assert recall >= 0.9, (found, truth.blurs)
    assert report["signals"]["blur"] in {"some", "many"}
    blurry_times = [f["time_s"] for f in report["blurry_frames"]]
    inside = [t for t in blurry_times if any(a - 0.05 <= t < b + 0.05 for a, b in truth.blurs)]
    assert len(inside) >= 0.9 * len(blurry_times)


def test_it_reports_the_clip_geometry_and_a_face_box(clip):
    truth, report = clip
    spec = truth.spec
    assert (report["width"], report["height"]) == (spec.width, spec.height)
    assert report["frames_analysed"] == truth.frame_count
    assert report["fps"] == pytest.approx(spec.fps, rel=0.02)
    assert report["duration_s"] == pytest.approx(spec.duration_s, abs=1.5 / spec.fps)
    assert report["face_found_ratio"] >= 0.95
    for moment in report["suspicious_moments"]:
        x, y, w, h = moment["face_box"]
        # The rendered face is about 30 % of the frame height wide, near the middle.
        assert 0.2 * spec.height < w < 0.45 * spec.height
        assert 0.25 * spec.width < x + w / 2 < 0.75 * spec.width
        assert 0.2 * spec.height < y + h / 2 < 0.75 * spec.height


def test_the_report_is_json_with_a_small_series(clip):
    _truth, report = clip
    decoded = json.loads(json.dumps(report, allow_nan=False))
    series = decoded["series"]
    lengths = {len(values) for values in series.values()}
    assert len(lengths) == 1 and 0 < lengths.pop() <= 300
    assert set(decoded["signals"]) == {"blink_rate", "blur"}
    assert decoded["version"]


def test_a_short_clip_gets_no_blink_rate_verdict(clip):
    """6-12 s of footage cannot show a low or normal rate (see judge_blink_rate)."""
    _truth, report = clip
    assert report["signals"]["blink_rate"] in {"unknown", "high"}


def test_it_invents_no_blinks_and_no_blur_in_a_calm_clip(clip_cache):
    truth, report = clip_cache.get("no_blinks", clipgen.ClipSpec(640, 360, 30, 6, [], [], seed=5))
    assert report["blinks"] == []
    assert report["signals"]["blink_rate"] == "unknown"
    assert "too_short" in report["unknown_reasons"]
    assert report["blink_rate_per_min"] is None
    assert report["signals"]["blur"] == "none"
    assert report["suspicious_moments"] == []
    assert truth.frame_count == report["frames_analysed"]


def test_a_clip_without_a_face_is_unknown_with_reason_no_face(clip_cache):
    _truth, report = clip_cache.get(
        "no_face", clipgen.ClipSpec(640, 360, 25, 6, scene="no_face", seed=6)
    )
    assert report["face_found_ratio"] < 0.2
    assert report["unknown_reasons"] == ["no_face"]
    assert report["signals"] == {"blink_rate": "unknown", "blur": "unknown"}
    assert report["blinks"] == []
    assert report["blink_rate_per_min"] is None


def test_two_faces_make_the_eyes_unknown_with_reason_several_faces(clip_cache):
    _truth, report = clip_cache.get(
        "two_faces", clipgen.ClipSpec(1280, 360, 25, 6, scene="two_faces", seed=7)
    )
    assert "several_faces" in report["unknown_reasons"]
    assert report["signals"]["blink_rate"] == "unknown"
    assert report["blinks"] == []


# A face blurred to a smear (sigma 6 on a face ~70 px wide) is no face to the models;
# the engine measures the sharpness where the face was until it is found again there.
SMEARED_FACE = clipgen.ClipSpec(
    320, 240, 25, 8, [1.0, 6.5], [(3.5, 4.5)], blur_sigma=6.0, motion=0.5, seed=13
)


def test_a_face_blurred_to_a_smear_is_a_blurry_stretch_not_a_lost_face(clip_cache):
    truth, report = clip_cache.get("smeared_face", SMEARED_FACE)
    ((blur_start, blur_end),) = truth.blurs
    moments = [m for m in report["suspicious_moments"] if m["reason"] in BLUR_REASONS]
    assert len(moments) == 1, report["suspicious_moments"]
    moment = moments[0]
    step = 1 / truth.spec.fps
    assert abs(moment["start_s"] - blur_start) <= 3 * step
    assert abs(moment["end_s"] - blur_end) <= 3 * step
    assert blur_start <= moment["time_s"] <= blur_end
    assert moment["numbers"]["face_vs_usual"] < 0.3
    assert moment["face_box"] is not None and "face" in moment["pictures"]
    # The blur shows in the sharpness series; the eyes are not measured there, and no
    # blink is invented in or around it (the two real ones are found).
    series = report["series"]
    inside = [
        i for i, t in enumerate(series["time_s"]) if blur_start + step <= t <= blur_end - step
    ]
    assert inside
    assert all(series["face_sharpness"][i] < 0.3 for i in inside)
    assert all(series["eye_openness"][i] is None for i in inside)
    assert [b["start_s"] for b in report["blinks"]] == pytest.approx([1.0, 6.5], abs=0.25)
    assert not any(
        b["start_s"] < blur_end + 0.3 and b["end_s"] > blur_start - 0.3 for b in report["blinks"]
    )
