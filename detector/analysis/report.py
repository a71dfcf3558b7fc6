"""Turning the raw per-frame measurements into the report (a JSON-ready dict).

The report is the contract with the web pages, the background task and the command
line; its keys are listed in ``docs``/ARCHITECTURE. Add keys freely, but do not rename
or remove them, and bump ``REPORT_VERSION`` when their meaning changes.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from . import events
from .pipeline import Measurements

REPORT_VERSION = "1.0"
MAX_SERIES_POINTS = 300
MAX_BLURRY_FRAMES = 300
# Below this face width (pixels) the eye patches are a handful of pixels.
MIN_FACE_WIDTH_PX = 50
# Mean grey (0-255) of the face below which the eye measure is mostly noise.
MIN_FACE_BRIGHTNESS = 35
# Share of full-frame searches that must agree before a clip-level verdict.
MAJORITY = 0.3
# Blink events are only looked for when the face is visible at least this often.
MIN_FACE_RATIO_FOR_BLINKS = 0.5
MIN_FACE_RATIO_AT_ALL = 0.2
# "many" blurry moments: this many stretches, or this share of the face frames.
MANY_BLUR_STRETCHES = 3
MANY_BLUR_SHARE = 0.10


def _number(value, digits: int = 3):
    """A rounded float, or ``None`` for NaN/inf (JSON has no NaN)."""
    if value is None:
        return None
    value = float(value)
    return round(value, digits) if math.isfinite(value) else None


def _step(times: np.ndarray, fallback_fps: float) -> float:
    if len(times) > 1:
        step = float(np.median(np.diff(times)))
        if step > 0:
            return step
    return 1.0 / fallback_fps


def clip_problems(data: Measurements, face_ratio: float) -> list[str]:
    """Reasons (codes of ``messages.UNKNOWN_REASONS``) why the eyes cannot be judged."""
    detections = data.detections
    searches = max(1, len(detections))
    with_face = [d for d in detections if d.frontal_faces >= 1]
    several = sum(1 for d in with_face if d.frontal_faces >= 2)
    profile = sum(1 for d in detections if d.profile_only)
    if face_ratio < MIN_FACE_RATIO_AT_ALL:
        if profile >= MAJORITY * searches:
            return ["face_turned_away"]
        return ["no_face"]
    reasons = []
    # A second face must show up in most searches: the cascade has occasional false hits.
    if with_face and several >= 0.5 * len(with_face):
        reasons.append("several_faces")
    if profile >= 0.5 * searches:
        # The tracker can hold on to a head seen from the side, but the far eye is
        # hidden and the near one foreshortened: no blink can be read.
        reasons.append("face_turned_away")
    elif face_ratio < MIN_FACE_RATIO_FOR_BLINKS:
        reasons.append(
            "face_turned_away" if profile >= MAJORITY * searches else "face_mostly_missing"
        )
    widths = [b[2] for b in data.boxes if b is not None]
    if widths and float(np.median(widths)) < MIN_FACE_WIDTH_PX:
        reasons.append("face_too_small")
    brightness = np.asarray(data.face_brightness, dtype=np.float64)
    if np.isfinite(brightness).any() and float(np.nanmedian(brightness)) < MIN_FACE_BRIGHTNESS:
        reasons.append("too_dark")
    return reasons


def build_report(data: Measurements) -> dict:
    arrays = data.arrays()
    times = arrays["times"]
    info = data.info
    n = len(times)
    step = _step(times, info.fps)
    duration = float(times[-1] + step) if n else 0.0
    fps = (n - 1) / float(times[-1] - times[0]) if n > 1 and times[-1] > times[0] else info.fps
    has_face = np.array([b is not None for b in data.boxes], dtype=bool)
    face_ratio = float(has_face.mean()) if n else 0.0

    problems = clip_problems(data, face_ratio)
    eyes_usable = not problems
    combined, more_open = events.openness_ratio(arrays["left_eye"], arrays["right_eye"], fps)
    blinks: list[events.Event] = []
    odd: list[events.Event] = []
    if eyes_usable:
        blinks, odd = events.blink_events(times, combined, more_open)
    visible_s = float(np.isfinite(combined).sum() * step)

    unknown_reasons = list(problems)
    if eyes_usable:
        rate_signal, reason = events.judge_blink_rate(len(blinks), visible_s)
        if reason:
            unknown_reasons.append(reason)
    else:
        rate_signal = "unknown"
    rate = len(blinks) / (visible_s / 60.0) if rate_signal != "unknown" and visible_s else None

    face_sharp, scene_sharp = arrays["face_sharpness"], arrays["scene_sharpness"]
    blur_known = face_ratio >= MIN_FACE_RATIO_AT_ALL and "several_faces" not in problems
    stretches: list[events.BlurStretch] = []
    flagged = np.zeros(n, dtype=bool)
    if blur_known:
        sudden, vs_scene = events.blurry_frames(face_sharp, scene_sharp, fps, blinks)
        stretches = events.blur_stretches(face_sharp, sudden, vs_scene)
        for stretch in stretches:
            flagged[stretch.event.start : stretch.event.end + 1] = True
        flagged &= has_face
    blur_signal = _blur_signal(blur_known, stretches, flagged, has_face)

    moments = _blur_moments(data, times, stretches, face_sharp, scene_sharp)
    moments += _blink_moments(data, times, odd, rate_signal, len(blinks), visible_s)
    moments.sort(key=lambda m: m["time_s"])

    return {
        "version": REPORT_VERSION,
        "width": info.width,
        "height": info.height,
        "duration_s": _number(duration),
        "fps": _number(fps),
        "frames_analysed": n,
        "face_found_ratio": _number(face_ratio),
        "visible_face_s": _number(visible_s, 2),
        "blinks": [
            {"start_s": _number(times[b.start]), "end_s": _number(times[b.end] + step)}
            for b in blinks
        ],
        "blink_count": len(blinks),
        "blink_rate_per_min": _number(rate, 1),
        "blurry_frames": _blurry_frames(times, flagged, face_sharp, scene_sharp),
        "suspicious_moments": moments,
        "signals": {"blink_rate": rate_signal, "blur": blur_signal},
        "unknown_reasons": unknown_reasons,
        "series": _series(times, combined, face_sharp, scene_sharp),
    }


def _blur_signal(known: bool, stretches, flagged: np.ndarray, has_face: np.ndarray) -> str:
    if not known:
        return "unknown"
    if not stretches:
        return "none"
    share = flagged.sum() / max(1, has_face.sum())
    if len(stretches) >= MANY_BLUR_STRETCHES or share > MANY_BLUR_SHARE:
        return "many"
    return "some"


def _box_at(data: Measurements, index: int) -> list[int] | None:
    box = data.boxes[index] if 0 <= index < len(data.boxes) else None
    return [round(v) for v in box] if box is not None else None


def _blurry_frames(times, flagged, face_sharp, scene_sharp) -> list[dict]:
    indices = np.flatnonzero(flagged)
    if len(indices) > MAX_BLURRY_FRAMES:
        indices = indices[np.linspace(0, len(indices) - 1, MAX_BLURRY_FRAMES).astype(int)]
    return [
        {
            "time_s": _number(times[i]),
            "face_sharpness": _number(face_sharp[i], 1),
            "scene_sharpness": _number(scene_sharp[i], 1),
        }
        for i in indices
    ]


def _seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _blur_moments(data, times, stretches, face_sharp, scene_sharp) -> list[dict]:
    moments = []
    for stretch in stretches:
        i = stretch.worst
        start, end = times[stretch.event.start], times[stretch.event.end]
        if stretch.reason == "face_blurrier_than_scene":
            detail = (
                f"Van {_seconds(start)} tot {_seconds(end)} s is het gezicht veel minder scherp "
                "in verhouding tot de omgeving dan in de rest van de video."
            )
        else:
            detail = (
                f"Van {_seconds(start)} tot {_seconds(end)} s wordt het gezicht plotseling "
                "wazig, terwijl de rest van het beeld scherp blijft."
            )
        moments.append(
            {
                "time_s": _number(times[i]),
                "start_s": _number(start),
                "end_s": _number(end),
                "reason": stretch.reason,
                "detail": detail,
                "face_box": _box_at(data, i),
            }
        )
    return moments


def _blink_moments(data, times, odd, rate_signal, count, visible_s) -> list[dict]:
    moments = []
    for event in odd:
        middle = (event.start + event.end) // 2
        duration = times[event.end] - times[event.start]
        moments.append(
            {
                "time_s": _number(times[middle]),
                "start_s": _number(times[event.start]),
                "end_s": _number(times[event.end]),
                "reason": "odd_blink",
                "detail": (
                    f"De ogen blijven {_seconds(duration)} s dicht; een gewone knippering "
                    "duurt 0,1 tot 0,4 s."
                ),
                "face_box": _box_at(data, middle),
            }
        )
    if rate_signal == "low":
        # Point at a frame in the middle of the clip where the face is visible.
        visible = [i for i, box in enumerate(data.boxes) if box is not None]
        middle = visible[len(visible) // 2]
        moments.append(
            {
                "time_s": _number(times[middle]),
                "reason": "few_blinks",
                "detail": (
                    f"{count} keer geknipperd in {_seconds(visible_s)} seconden. Mensen "
                    "knipperen in een gesprek meestal 10 tot 30 keer per minuut."
                ),
                "face_box": _box_at(data, middle),
            }
        )
    return moments


def _series(times, openness, face_sharp, scene_sharp) -> dict:
    """Downsample to at most ``MAX_SERIES_POINTS`` buckets for drawing.

    Each bucket keeps the *lowest* eye openness and face sharpness, so a two-frame
    blink or blur still shows as a dip on a timeline of a long clip.
    """
    n = len(times)
    buckets = max(1, min(n, MAX_SERIES_POINTS))
    edges = np.linspace(0, n, buckets + 1).astype(int)
    out = {"time_s": [], "eye_openness": [], "face_sharpness": [], "scene_sharpness": []}
    for a, b in itertools.pairwise(edges):
        if b <= a:
            continue
        out["time_s"].append(_number(times[a]))
        out["eye_openness"].append(_number(_nan_reduce(np.nanmin, openness[a:b]), 3))
        out["face_sharpness"].append(_number(_nan_reduce(np.nanmin, face_sharp[a:b]), 1))
        out["scene_sharpness"].append(_number(_nan_reduce(np.nanmedian, scene_sharp[a:b]), 1))
    return out


def _nan_reduce(function, values: np.ndarray) -> float:
    if not np.isfinite(values).any():
        return float("nan")
    return float(function(values))
