"""Turning the raw per-frame measurements into the report and the pictures.

The report is the contract with the web side, the background task and the command
line. It holds codes and numbers only, never sentences: ``detector/wording/`` words
them, and every code is listed in :mod:`.codes`. Add keys freely, but do not rename or
remove them, and bump ``REPORT_VERSION`` when their meaning changes. The keys (version 2.1):

* ``version``, ``width``, ``height``, ``duration_s``, ``fps`` (of the decoded clip),
  ``frames_analysed`` (decoded), ``frames_measured``, ``face_found_ratio``,
  ``visible_face_s`` (seconds with both eyes measured), ``cut_at_s`` (where the
  measuring stopped at the length limit on the decoded timeline; ``None``: the whole
  clip was measured);
* ``blinks``: ``[{"number", "start_s", "end_s", "lowest_s", "depth", "samples"}]``;
  ``depth`` is 1 - the lowest openness (0.7 = the eyes closed to 30 % of their usual
  opening), ``samples`` (2.1) the measured frames it rests on: those of the dip and
  right next to it that show the lids down (see events.find_blinks; at 20 fps or more
  always at least 2);
* ``rejected_blinks`` (2.1): dips of the eye line not counted as blinks,
  ``[{"start_s", "end_s", "lowest_s", "depth", "reason"}]``, ``reason`` a code of
  ``REJECT_REASONS``;
* ``eyes_closed``: closures longer than a blink, ``[{"start_s", "end_s", "closed_s"}]``;
* ``blink_count``, ``blink_rate_per_min`` (``None`` when the rate is not judged);
* ``blurry_frames``: ``[{"time_s", "face_sharpness", "scene_sharpness"}]``, relative
  to their usual level in this clip (as in ``series``);
* ``suspicious_moments``: ``[{"id", "time_s", "start_s", "end_s", "reason",
  "numbers", "face_box", "pictures"}]``; ``reason`` is a code of ``MOMENT_REASONS``,
  ``numbers`` the figures behind it (e.g. ``{"closed_s": 0.6}``), ``pictures`` maps a
  kind (``face``, ``eyes``) to a name in :attr:`Result.pictures`;
* ``signals``: ``{"blink_rate": low|normal|high|unknown, "blur": none|some|many|unknown}``;
* ``unknown_reasons``: codes of ``UNKNOWN_REASONS``;
* ``quality``: how well the face was measured (numbers, a verdict per signal
  good|doubtful|unknown, and the codes of ``DOUBTS``); since 2.1 also ``eye_noise``
  (the eye line's own jitter, a share of its open level) and ``blink_depth_needed``
  (how deep a dip had to go to count in this clip);
* ``series``: ``time_s``, ``eye_openness`` (1 = as open as usual for this person,
  down = closed), ``face_sharpness`` and ``scene_sharpness`` (each 1 = its usual
  level in this clip, down = blurrier); at most ``MAX_SERIES_POINTS`` points.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from . import events
from .codes import DOUBTS as DOUBTS
from .codes import EYE_DOUBTS, EYE_MOMENTS, SHARPNESS_DOUBTS, Doubt
from .codes import MOMENT_REASONS as MOMENT_REASONS
from .codes import UNKNOWN_REASONS as UNKNOWN_REASONS
from .pictures import Kept, PictureKeeper, encode, eye_strip
from .pipeline import Measurements

REPORT_VERSION = "2.1"
MAX_SERIES_POINTS = 300
MAX_BLURRY_FRAMES = 300
MAX_MOMENTS_WITH_PICTURES = 8

# Blinks are only looked for when the face is visible at least this often.
MIN_FACE_RATIO_FOR_BLINKS = 0.5
MIN_FACE_RATIO_AT_ALL = 0.2
# Too small: eyes narrower than this (pixels, corner to corner) give the eye model a
# crop of a few pixels, and blinks are "not measurable" (face_too_small). Measured on
# the development clips scaled down under platform-like compression (bench/degrade.py):
# blink F1 0.95-0.98 at 12 px, 0.92-0.96 at 10 px, 0.85-0.88 at 8 px with 3.7 false
# blinks a minute on the talking heads. Doubtful below EYE_SMALL_PX (lids of thin
# contrast), and the face's sharpness is doubtful below FACE_SMALL_PX tall.
MIN_EYE_WIDTH_PX = 10.0
EYE_SMALL_PX = 20.0
FACE_SMALL_PX = 80.0
# Mean grey (0-255) of the face below which the measures are mostly noise; doubtful
# below DARK.
MIN_FACE_BRIGHTNESS = 35.0
DARK = 60.0
# Head turned: 0 = frontal, 1 = profile (see landmarks.FaceLandmarks.turn); 0.6 is about
# 45 degrees, 0.7 about 60 degrees. Beyond this
# the far eye is hidden and the near one foreshortened: its openness is not used.
TURNED = 0.7
# The face-landmark model's own face flag below which the eyes are not used, and the
# median below which the whole measurement is doubtful.
MIN_FLAG_FOR_EYES = 0.7
FLAG_DOUBTFUL = 0.9
FACE_OFTEN_LOST = 0.8
# "many" blurry moments: this many stretches, or this share of the face frames.
MANY_BLUR_STRETCHES = 3
MANY_BLUR_SHARE = 0.10
# Eye strip: before and after are this far outside the closure.
STRIP_MARGIN_S = 0.15
# A face lost for a moment (a blur can smear it past what the models call a face)
# counts for the sharpness measures when it is lost for at most this long (see
# pipeline.HOLD_FACE_S) and found again about where it was: its centre moved less
# than HELD_MOVED face widths and its width changed by less than HELD_RESIZED.
HELD_MAX_S = 2.0
HELD_MOVED = 0.5
HELD_RESIZED = 0.3
# ... and it faced the camera on both sides of the gap (turn: 0 = frontal, 0.6 about
# 45 degrees; talking heads in the development clips sit at 0.05-0.3): a head turning
# away is lost for that reason, not for a blur.
HELD_TURN = 0.5

Floats = NDArray[np.float64]
Report = dict[str, Any]


@dataclass
class Result:
    """What :func:`detector.analysis.analyse` returns."""

    report: Report
    pictures: dict[str, bytes] = field(default_factory=dict)


def _number(value: float | None, digits: int = 3) -> float | None:
    """A rounded float, or ``None`` for NaN/inf (JSON has no NaN)."""
    if value is None:
        return None
    value = float(value)
    return round(value, digits) if math.isfinite(value) else None


def _median(values: Floats) -> float:
    finite = values[np.isfinite(values)]
    return float(np.median(finite)) if len(finite) else float("nan")


def _step(times: Floats, fallback_fps: float) -> float:
    if len(times) > 1:
        step = float(np.median(np.diff(times)))
        if step > 0:
            return step
    return 1.0 / fallback_fps


def clip_problems(
    data: Measurements, face_ratio: float, usable_eyes: NDArray[np.bool_]
) -> list[str]:
    """Codes of ``UNKNOWN_REASONS`` (except ``too_short``) for this clip."""
    if face_ratio < MIN_FACE_RATIO_AT_ALL:
        return ["no_face"]
    reasons = []
    counts = [c for c in data.face_counts if c >= 1]
    if counts and sum(1 for c in counts if c >= 2) >= 0.5 * len(counts):
        reasons.append("several_faces")
    turn = data.array("turn")
    has_face = np.isfinite(turn)
    if has_face.any() and float(np.mean(turn[has_face] > TURNED)) >= 0.5:
        reasons.append("face_turned_away")
    elif face_ratio < MIN_FACE_RATIO_FOR_BLINKS:
        reasons.append("face_mostly_missing")
    if _median(data.array("eye_width")) < MIN_EYE_WIDTH_PX:
        reasons.append("face_too_small")
    if _median(data.array("face_brightness")) < MIN_FACE_BRIGHTNESS:
        reasons.append("too_dark")
    flags = data.array("face_flag")
    if has_face.any() and float(np.mean(flags[has_face] < MIN_FLAG_FOR_EYES)) >= 0.5:
        reasons.append("landmarks_unsure")
    return reasons


def build_result(data: Measurements) -> Result:
    """The report and its pictures: the eyes, then the sharpness, then the moments
    worth a look, each judged on the measured frames."""
    times = data.array("times")
    step = _step(times, data.fps)
    has_face = np.array([b is not None for b in data.boxes], dtype=bool)
    face_ratio = float(has_face.mean()) if len(times) else 0.0
    eyes = _judge_eyes(data, times, step, has_face, face_ratio)
    sharpness = _judge_sharpness(data, times, step, has_face, face_ratio, eyes)
    moments, pictures = _moments(data, times, step, eyes, sharpness)
    report: Report = {
        **_clip_facts(data, times, step, face_ratio, eyes),
        **_eye_facts(times, step, eyes),
        "blurry_frames": _blurry_frames(
            times, sharpness.flagged, sharpness.face_rel, sharpness.scene_rel
        ),
        "suspicious_moments": moments,
        "signals": {"blink_rate": eyes.rate_signal, "blur": sharpness.signal},
        "unknown_reasons": eyes.unknown_reasons,
        "quality": {
            **_quality(data, face_ratio, eyes.visible_s, eyes.problems, sharpness.known),
            "eye_noise": _number(eyes.found.noise),
            "blink_depth_needed": _number(eyes.found.needed_depth, 2),
        },
        "series": _series(times, eyes.openness, sharpness.face_rel, sharpness.scene_rel),
    }
    return Result(report, pictures)


@dataclass
class _Eyes:
    """What the eyes showed: the openness per measured frame, what the blink rules
    found (blinks, odd blinks, long closures, rejected dips), the judged blink rate."""

    problems: list[str]
    openness: Floats
    found: events.Blinks
    visible_s: float
    rate_signal: str
    rate_per_min: float | None
    unknown_reasons: list[str] = field(default_factory=list)

    @property
    def blinks(self) -> list[events.Event]:
        return self.found.blinks

    @property
    def odd(self) -> list[events.Event]:
        return self.found.odd

    @property
    def closures(self) -> list[events.Event]:
        return self.found.closures


@dataclass
class _Sharpness:
    """What the face's sharpness showed, relative to its usual level in this clip."""

    known: bool
    stretches: list[events.BlurStretch]
    flagged: NDArray[np.bool_]
    signal: str
    face_rel: Floats
    scene_rel: Floats


def _judge_eyes(
    data: Measurements, times: Floats, step: float, has_face: NDArray[np.bool_], face_ratio: float
) -> _Eyes:
    # Eyes are used only where the head faces the camera and the model is sure.
    turn, flags = data.array("turn"), data.array("face_flag")
    usable = has_face & (turn <= TURNED) & (flags >= MIN_FLAG_FOR_EYES)
    right = np.where(usable, data.array("right_eye"), np.nan)
    left = np.where(usable, data.array("left_eye"), np.nan)
    problems = clip_problems(data, face_ratio, usable)
    measured_fps = 1.0 / step
    openness, _more_open = events.openness_ratio(right, left, measured_fps)
    visible_s = float(np.isfinite(openness).sum() * step)
    eyes = _Eyes(problems, openness, events.Blinks(openness), visible_s, "unknown", None)
    eyes.unknown_reasons = list(problems)
    if problems:
        return eyes
    eyes.found = events.find_blinks(_eye_series(data, times, right, left, measured_fps))
    if not eyes.found.measurable:
        eyes.unknown_reasons.append("eyes_noisy")
        return eyes
    eyes.rate_signal, reason = events.judge_blink_rate(len(eyes.blinks), visible_s)
    if reason:
        eyes.unknown_reasons.append(reason)
    if eyes.rate_signal != "unknown" and visible_s:
        eyes.rate_per_min = len(eyes.blinks) / (visible_s / 60.0)
    return eyes


def _eye_series(
    data: Measurements, times: Floats, right: Floats, left: Floats, fps: float
) -> events.EyeSeries:
    """What the blink rules read, the extra frames around dips included."""
    return events.EyeSeries(
        times=times,
        right=right,
        left=left,
        fps=fps,
        native_fps=data.info.fps,
        brightness=data.array("face_brightness"),
        fine_times=data.array("fine_times"),
        fine_right=data.array("fine_right"),
        fine_left=data.array("fine_left"),
        fine_brightness=data.array("fine_brightness"),
    )


def _judge_sharpness(
    data: Measurements,
    times: Floats,
    step: float,
    has_face: NDArray[np.bool_],
    face_ratio: float,
    eyes: _Eyes,
) -> _Sharpness:
    face_sharp, scene_sharp, held = held_face(data, times, has_face)
    blur_face = has_face | held
    known = face_ratio >= MIN_FACE_RATIO_AT_ALL and "several_faces" not in eyes.problems
    stretches: list[events.BlurStretch] = []
    flagged = np.zeros(len(times), dtype=bool)
    if known:
        sudden, vs_scene = events.blurry_frames(face_sharp, scene_sharp, 1.0 / step, eyes.blinks)
        stretches = events.blur_stretches(face_sharp, sudden, vs_scene)
        for stretch in stretches:
            flagged[stretch.event.start : stretch.event.end + 1] = True
        flagged &= blur_face
    face_usual, scene_usual = _median(face_sharp), _median(scene_sharp)
    return _Sharpness(
        known=known,
        stretches=stretches,
        flagged=flagged,
        signal=_blur_signal(known, stretches, flagged, blur_face),
        face_rel=face_sharp / face_usual if face_usual > 0 else face_sharp * np.nan,
        scene_rel=scene_sharp / scene_usual if scene_usual > 0 else scene_sharp * np.nan,
    )


def _moments(
    data: Measurements, times: Floats, step: float, eyes: _Eyes, sharpness: _Sharpness
) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    """The moments worth a look, in time order, numbered, the first ones with pictures."""
    moments = _blur_moments(
        data, times, sharpness.stretches, sharpness.face_rel, sharpness.scene_rel
    )
    moments += _blink_moments(data, times, eyes.odd, eyes.closures, step)
    if eyes.rate_signal in ("low", "high"):
        moments.append(
            _rate_moment(data, times, eyes.rate_signal, len(eyes.blinks), eyes.visible_s)
        )
    moments.sort(key=lambda m: float(m["time_s"]))
    pictures: dict[str, bytes] = {}
    for number, moment in enumerate(moments, start=1):
        moment["id"] = f"m{number}"
        moment["pictures"] = {}
        if data.keeper is not None and number <= MAX_MOMENTS_WITH_PICTURES:
            _add_pictures(moment, data.keeper, pictures)
    return moments, pictures


def _clip_facts(
    data: Measurements, times: Floats, step: float, face_ratio: float, eyes: _Eyes
) -> Report:
    n = len(times)
    fps = data.info.fps
    if data.frames_decoded > 1 and n > 1 and times[-1] > times[0]:
        fps = (n - 1) / float(times[-1] - times[0]) * (data.frames_decoded / n)
    return {
        "version": REPORT_VERSION,
        "width": data.info.width,
        "height": data.info.height,
        "duration_s": _number(float(times[-1] + step) if n else 0.0),
        "fps": _number(fps),
        "frames_analysed": data.frames_decoded,
        # Where the measuring stopped at the length limit; None: the whole clip.
        "cut_at_s": None if data.cut_at_s is None else _number(data.cut_at_s),
        "frames_measured": n,
        "face_found_ratio": _number(face_ratio),
        "visible_face_s": _number(eyes.visible_s, 2),
    }


def _eye_facts(times: Floats, step: float, eyes: _Eyes) -> Report:
    found = eyes.found
    return {
        "blinks": [
            {
                "number": k,
                "start_s": _number(times[b.start]),
                "end_s": _number(times[b.end] + step),
                "lowest_s": _number(times[b.lowest]),
                "depth": _number(b.depth, 2),
                "samples": found.samples.get(b.start, 0),
            }
            for k, b in enumerate(found.blinks, start=1)
        ],
        "rejected_blinks": [
            {
                "start_s": _number(times[r.event.start]),
                "end_s": _number(times[r.event.end] + step),
                "lowest_s": _number(times[r.event.lowest]),
                "depth": _number(r.event.depth, 2),
                "reason": r.reason,
            }
            for r in found.rejected
        ],
        "eyes_closed": [
            {
                "start_s": _number(times[c.start]),
                "end_s": _number(times[c.end] + step),
                "closed_s": _number(events.span(times, c), 2),
            }
            for c in found.closures
        ],
        "blink_count": len(found.blinks),
        "blink_rate_per_min": _number(eyes.rate_per_min, 1),
    }


def held_face(
    data: Measurements, times: Floats, has_face: NDArray[np.bool_]
) -> tuple[Floats, Floats, NDArray[np.bool_]]:
    """Face and scene sharpness, with the short gaps where the face was lost filled in.

    A face blurred to a smear is no face to the landmark models, so a blurry stretch
    would show as "face lost". Where the face was lost for at most HELD_MAX_S between
    two frames where it was found at about the same place, the sharpness measured in
    the last face box during the gap (``data.held_*``) stands in. Returns ``(face,
    scene, held)``; ``held`` marks the frames filled in. Eyes are not measured there.
    """
    face = data.array("face_sharpness")
    scene = data.array("scene_sharpness")
    held = np.zeros(len(face), dtype=bool)
    if len(getattr(data, "held_face_sharpness", ())) != len(face):
        return face, scene, held  # measured by an engine without held boxes
    turn = data.array("turn")
    held_face_values = data.array("held_face_sharpness")
    held_scene_values = data.array("held_scene_sharpness")
    for gap in events.runs(~has_face):
        before, after = gap.start - 1, gap.end + 1
        if before < 0 or after >= len(face):
            continue  # not found again (or not yet): we cannot tell where it went
        if float(times[after] - times[before]) > HELD_MAX_S:
            continue
        box_before, box_after = data.boxes[before], data.boxes[after]
        if box_before is None or box_after is None or not _same_place(box_before, box_after):
            continue
        if not (turn[before] <= HELD_TURN and turn[after] <= HELD_TURN):
            continue
        span = slice(gap.start, gap.end + 1)
        measured = np.isfinite(held_face_values[span])
        if not measured.all():
            continue
        face[span] = held_face_values[span]
        scene[span] = held_scene_values[span]
        held[span] = True
    return face, scene, held


def _same_place(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    if aw <= 0 or bw <= 0:
        return False
    moved = math.hypot((ax + aw / 2) - (bx + bw / 2), (ay + ah / 2) - (by + bh / 2))
    return moved <= HELD_MOVED * aw and abs(bw / aw - 1.0) <= HELD_RESIZED


def _quality(
    data: Measurements, face_ratio: float, visible_s: float, problems: list[str], blur_known: bool
) -> dict[str, Any]:
    eye_width = _median(data.array("eye_width"))
    brightness = _median(data.array("face_brightness"))
    flag = _median(data.array("face_flag"))
    face_height = _median(data.array("face_height"))
    doubts: list[Doubt] = []
    if eye_width < EYE_SMALL_PX:
        doubts.append("eyes_small")
    if face_height < FACE_SMALL_PX:
        doubts.append("face_small")
    if brightness < DARK:
        doubts.append("dark")
    if face_ratio < FACE_OFTEN_LOST:
        doubts.append("face_often_lost")
    if flag < FLAG_DOUBTFUL:
        doubts.append("landmarks_unsure")
    scene = data.array("scene_sharpness")[np.isfinite(data.array("face_sharpness"))]
    if len(scene) and float(np.mean(np.isfinite(scene))) < 0.5:
        doubts.append("no_scene")  # the face fills the picture: nothing to compare it with
    measured = face_ratio >= MIN_FACE_RATIO_AT_ALL
    return {
        "face_found_ratio": _number(face_ratio),
        "landmark_confidence": _number(flag, 2),
        "face_size_px": _number(face_height, 0),
        "eye_width_px": _number(eye_width, 1),
        "brightness": _number(brightness, 0),
        "seconds_usable": _number(visible_s, 2),
        "eyes": "unknown"
        if problems or not measured
        else ("doubtful" if set(EYE_DOUBTS) & set(doubts) else "good"),
        "sharpness": "unknown"
        if not blur_known
        else ("doubtful" if set(SHARPNESS_DOUBTS) & set(doubts) else "good"),
        "doubts": doubts if measured else [],
    }


def _blur_signal(
    known: bool,
    stretches: list[events.BlurStretch],
    flagged: NDArray[np.bool_],
    has_face: NDArray[np.bool_],
) -> str:
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
    if box is None and 0 <= index < len(getattr(data, "held_boxes", ())):
        box = data.held_boxes[index]  # a face lost for a moment (see held_face)
    return [round(v) for v in box] if box is not None else None


def _blurry_frames(
    times: Floats, flagged: NDArray[np.bool_], face_rel: Floats, scene_rel: Floats
) -> list[dict[str, Any]]:
    indices = np.flatnonzero(flagged)
    if len(indices) > MAX_BLURRY_FRAMES:
        indices = indices[np.linspace(0, len(indices) - 1, MAX_BLURRY_FRAMES).astype(int)]
    return [
        {
            "time_s": _number(times[i]),
            "face_sharpness": _number(face_rel[i], 2),
            "scene_sharpness": _number(scene_rel[i], 2),
        }
        for i in indices
    ]


def _blur_moments(
    data: Measurements,
    times: Floats,
    stretches: list[events.BlurStretch],
    face_rel: Floats,
    scene_rel: Floats,
) -> list[dict[str, Any]]:
    moments = []
    for stretch in stretches:
        i = stretch.worst
        moments.append(
            {
                "time_s": _number(times[i]),
                "start_s": _number(times[stretch.event.start]),
                "end_s": _number(times[stretch.event.end]),
                "reason": stretch.reason,
                "numbers": {
                    "face_vs_usual": _number(face_rel[i], 2),
                    "scene_vs_usual": _number(scene_rel[i], 2),
                },
                "face_box": _box_at(data, i),
            }
        )
    return moments


def _blink_moments(
    data: Measurements,
    times: Floats,
    odd: list[events.Event],
    closures: list[events.Event],
    step: float,
) -> list[dict[str, Any]]:
    moments = []
    for reason, found in (("odd_blink", odd), ("eyes_closed", closures)):
        for event in found:
            moments.append(
                {
                    "time_s": _number(times[event.lowest]),
                    "start_s": _number(times[event.start]),
                    "end_s": _number(times[event.end] + step),
                    "reason": reason,
                    "numbers": {"closed_s": _number(events.span(times, event), 2)},
                    "face_box": _box_at(data, event.lowest),
                }
            )
    return moments


def _rate_moment(
    data: Measurements, times: Floats, signal: str, count: int, visible_s: float
) -> dict[str, Any]:
    # Point at a frame in the middle of the clip where the face is visible.
    visible = [i for i, box in enumerate(data.boxes) if box is not None]
    middle = visible[len(visible) // 2]
    return {
        "time_s": _number(times[middle]),
        "reason": "few_blinks" if signal == "low" else "many_blinks",
        "numbers": {"blinks": count, "seconds": _number(visible_s, 1)},
        "face_box": _box_at(data, middle),
    }


def _add_pictures(moment: dict[str, Any], keeper: PictureKeeper, out: dict[str, bytes]) -> None:
    key = str(moment["id"])
    time_s = float(moment["time_s"])
    face = keeper.nearest(time_s, within_s=0.5 if moment.get("start_s") is not None else 30.0)
    if face is not None:
        name = f"{key}_face.jpg"
        out[name] = encode(face.crop)
        moment["pictures"]["face"] = name
    if moment["reason"] in EYE_MOMENTS:
        before = keeper.nearest(float(moment["start_s"]) - STRIP_MARGIN_S, within_s=0.4)
        during = keeper.nearest(time_s, within_s=0.2)
        after = keeper.nearest(float(moment["end_s"]) + STRIP_MARGIN_S, within_s=0.4)
        parts: list[Kept] = [p for p in (before, during, after) if p is not None]
        if during is not None and len(parts) == 3:
            name = f"{key}_eyes.jpg"
            out[name] = encode(eye_strip(parts))
            moment["pictures"]["eyes"] = name


def _series(times: Floats, openness: Floats, face_rel: Floats, scene_rel: Floats) -> dict[str, Any]:
    """Downsample to at most ``MAX_SERIES_POINTS`` buckets for drawing.

    Each bucket keeps the *lowest* eye openness and face sharpness, so a two-frame
    blink or blur still shows as a dip on a timeline of a long clip.
    """
    n = len(times)
    buckets = max(1, min(n, MAX_SERIES_POINTS))
    edges = np.linspace(0, n, buckets + 1).astype(int)
    out: dict[str, list[float | None]] = {
        "time_s": [],
        "eye_openness": [],
        "face_sharpness": [],
        "scene_sharpness": [],
    }
    for a, b in itertools.pairwise(edges):
        if b <= a:
            continue
        out["time_s"].append(_number(times[a]))
        out["eye_openness"].append(_number(_nan_reduce(np.nanmin, openness[a:b]), 3))
        out["face_sharpness"].append(_number(_nan_reduce(np.nanmin, face_rel[a:b]), 3))
        out["scene_sharpness"].append(_number(_nan_reduce(np.nanmedian, scene_rel[a:b]), 3))
    return out


def _nan_reduce(function: Callable[[Floats], Any], values: Floats) -> float:
    if not np.isfinite(values).any():
        return float("nan")
    return float(function(values))
