"""From measurements over time to events: blinks, blurry stretches, a blink-rate verdict.

Everything here works on plain numpy arrays (one value per frame, NaN where the face
was not measured), so it can be tested on synthetic series.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from . import codes
from .codes import BlinkRate, MomentReason, UnknownReason

# --- blinks ---------------------------------------------------------------------------
# Eye openness (lid gap / eye width, from the iris model's eye contour) differs from
# person to person, so each eye is divided by its own open level: a high percentile of
# a centred window (eyes are open ~95 % of the time, so the 85th percentile of 2 s is
# the open state even for someone who blinks often) ...
BASELINE_WINDOW_S = 2.0
BASELINE_PERCENTILE = 85
# ... floored at a share of the open level of a longer stretch, so that eyes kept shut
# for a second or two do not become the "open" level and split into fake blinks.
LONG_BASELINE_WINDOW_S = 10.0
LONG_BASELINE_FLOOR = 0.8
# Hysteresis on the ratio (1 = as open as usual). A blink starts below START, must get
# below DEEP somewhere (a full blink closes the lids; the contour then reads ~0.3-0.5
# of open, while a look down or a half closure stays above ~0.75), and ends when the
# eyes are back above END. A frame of a blink at a low frame rate may miss the lowest
# moment, so below LOW_FPS the first two are a little looser.
BLINK_START = 0.75
BLINK_DEEP = 0.70
BLINK_END = 0.85
LOW_FPS = 20.0
LOW_FPS_SLACK = 0.05
# Both eyes must close: the more open eye must also drop below this.
BLINK_BOTH_EYES = 0.85
# Dips closer together than this are one blink (a flicker of the measure).
BLINK_MERGE_S = 0.1
# A blink (closing to reopening) takes at least ~0.2 s: lowest points closer than this
# are one blink, whatever the measure did in between.
BLINK_MIN_APART_S = 0.2
# A blink lasts about 0.1-0.4 s. Closures longer than BLINK_ODD_S are flagged as odd;
# longer than BLINK_MAX_S they are "eyes closed", not a blink.
BLINK_ODD_S = 0.5
BLINK_MAX_S = 1.0


@dataclass
class Event:
    start: int  # first frame index (inclusive)
    end: int  # last frame index (inclusive)
    lowest: int = -1  # frame with the lowest openness (-1 = not set)
    depth: float = 0.0  # 1 - lowest openness ratio


Floats = NDArray[np.float64]


def rolling_percentile(values: np.ndarray, window: int, percentile: float) -> np.ndarray:
    """Centred rolling percentile ignoring NaN, computed in chunks to bound memory."""
    values = np.asarray(values, dtype=np.float64)
    n = len(values)
    if n == 0:
        return values.copy()
    half = max(1, window // 2)
    # Edge padding, not NaN: NaN rows take numpy's slow one-row-at-a-time path.
    padded = np.pad(values, half, mode="edge")
    out = np.empty(n)
    chunk = 20_000
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        windows = np.lib.stride_tricks.sliding_window_view(
            padded[start : stop + 2 * half], 2 * half + 1
        )
        with np.errstate(all="ignore"):
            finite = np.isfinite(windows)
            complete = finite.all(axis=1)
            partial = finite.any(axis=1) & ~complete
            block = np.full(stop - start, np.nan)
            if complete.any():
                block[complete] = np.percentile(windows[complete], percentile, axis=1)
            if partial.any():
                block[partial] = np.nanpercentile(windows[partial], percentile, axis=1)
        out[start:stop] = block
    return out


def runs(mask: np.ndarray) -> list[Event]:
    """Consecutive True stretches of a boolean array."""
    events = []
    start = None
    for i, flag in enumerate(mask):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            events.append(Event(start, i - 1))
            start = None
    if start is not None:
        events.append(Event(start, len(mask) - 1))
    return events


def fill_short_gaps(values: np.ndarray, longest: int = 2) -> np.ndarray:
    """Linearly fill runs of at most ``longest`` NaNs between two measured frames.

    The tracker can lose the face for a frame during a quick head turn; a blink that
    happens at the same moment should not be thrown away for that.
    """
    values = np.asarray(values, dtype=np.float64).copy()
    for gap in runs(~np.isfinite(values)):
        if gap.start > 0 and gap.end < len(values) - 1 and gap.end - gap.start < longest:
            before, after = values[gap.start - 1], values[gap.end + 1]
            steps = gap.end - gap.start + 2
            for k in range(gap.start, gap.end + 1):
                values[k] = before + (after - before) * (k - gap.start + 1) / steps
    return values


def eye_ratio(eye: Floats, fps: float) -> Floats:
    """One eye's openness divided by its own open level (1.0 = as open as usual)."""
    eye = fill_short_gaps(eye)
    window = max(5, round(BASELINE_WINDOW_S * fps))
    long_window = max(window, round(LONG_BASELINE_WINDOW_S * fps))
    baseline = np.fmax(
        rolling_percentile(eye, window, BASELINE_PERCENTILE),
        LONG_BASELINE_FLOOR * rolling_percentile(eye, long_window, BASELINE_PERCENTILE),
    )
    with np.errstate(all="ignore"):
        return np.asarray(np.where(baseline > 0, eye / baseline, np.nan), dtype=np.float64)


def openness_ratio(right: Floats, left: Floats, fps: float) -> tuple[Floats, Floats]:
    """Both eyes' openness relative to their open level.

    Returns ``(combined, more_open)``: the mean of both eyes, used to find blinks and
    drawn in the report, and the more open of the two, used to insist that *both*
    eyes close (one eye closing is a wink or a measuring error, not a blink).
    """
    ratios = [eye_ratio(right, fps), eye_ratio(left, fps)]
    with np.errstate(all="ignore"):
        combined = np.asarray((ratios[0] + ratios[1]) / 2, dtype=np.float64)
        more_open = np.asarray(np.fmax(ratios[0], ratios[1]), dtype=np.float64)
    return combined, more_open


def _dips(combined: Floats, start_level: float, deep_level: float) -> list[Event]:
    """Stretches below ``start_level`` that reach ``deep_level``, with hysteresis.

    A stretch ends when the eyes are back above ``BLINK_END``; the event covers the
    frames below ``start_level``. Stretches touching the clip edges or a gap in the
    measurements are dropped: we cannot tell whether the eyes were open around them.
    """
    n = len(combined)
    found: list[Event] = []
    i = 0
    while i < n:
        if not combined[i] < start_level:
            i += 1
            continue
        start = i
        end = i
        while end + 1 < n and not combined[end + 1] > BLINK_END:
            end += 1
        segment = combined[start : end + 1]
        complete = (
            start > 0
            and end + 1 < n
            and bool(np.isfinite(segment).all())
            and combined[start - 1] > start_level
        )
        if complete and float(np.min(segment)) < deep_level:
            below = np.flatnonzero(segment < start_level)
            lowest = start + int(np.argmin(segment))
            found.append(
                Event(start, start + int(below[-1]), lowest, 1.0 - float(combined[lowest]))
            )
        i = end + 1
    return found


def blink_events(
    times: Floats, combined: Floats, more_open: Floats, fps: float | None = None
) -> tuple[list[Event], list[Event], list[Event]]:
    """Find blinks as dips of eye openness.

    Returns ``(blinks, odd_blinks, closures)``: odd blinks (also in ``blinks``) last
    longer than ``BLINK_ODD_S``; closures last longer than ``BLINK_MAX_S`` and are
    "eyes closed", not blinks.
    """
    if fps is None:
        fps = 1.0 / _step(times)
    slack = LOW_FPS_SLACK if fps < LOW_FPS else 0.0
    events = _dips(combined, BLINK_START + slack, BLINK_DEEP + slack)
    merged: list[Event] = []
    for event in events:
        if merged:
            last = merged[-1]
            gap = times[event.start] - times[last.end]
            apart = times[event.lowest] - times[last.lowest]
            if gap < BLINK_MERGE_S - 1e-6 or apart < BLINK_MIN_APART_S - 1e-6:
                deeper = event if event.depth > last.depth else last
                merged[-1] = Event(last.start, event.end, deeper.lowest, deeper.depth)
                continue
        merged.append(event)
    blinks: list[Event] = []
    odd: list[Event] = []
    closures: list[Event] = []
    for event in merged:
        segment = more_open[event.start : event.end + 1]
        if not float(np.nanmin(segment)) < BLINK_BOTH_EYES:
            continue  # one eye only
        duration = span(times, event)
        if duration > BLINK_MAX_S:
            closures.append(event)
            continue
        blinks.append(event)
        if duration > BLINK_ODD_S:
            odd.append(event)
    return blinks, odd, closures


def _step(times: Floats) -> float:
    if len(times) > 1:
        step = float(np.median(np.diff(times)))
        if step > 0:
            return step
    return 1.0 / 25.0


def span(times: Floats, event: Event) -> float:
    """Duration of an event, counting the last frame's own length."""
    return float(times[event.end] - times[event.start]) + _step(times)


# --- blink rate -----------------------------------------------------------------------
# The norm (blinks a minute in conversation) and the least seconds of visible eyes
# for a verdict are the engine's published norms (codes.py): the result page and
# lesson 7 state the same numbers.
SIGNIFICANCE = 0.05


def poisson_cdf(k: int, mean: float) -> float:
    """P(N <= k) for N ~ Poisson(mean)."""
    if k < 0:
        return 0.0
    term = math.exp(-mean)
    total = term
    for i in range(1, k + 1):
        term *= mean / i
        total += term
    return min(1.0, total)


def judge_blink_rate(blink_count: int, visible_s: float) -> tuple[BlinkRate, UnknownReason | None]:
    """Classify a blink count over ``visible_s`` seconds of visible eyes.

    Returns ``(verdict, unknown_reason)`` with verdict ``low``, ``normal``, ``high`` or
    ``unknown``. Blinks are treated as a Poisson process: the verdict is ``low`` only
    when so few blinks would be unlikely (p < 0.05) even for someone blinking at the
    low end of the norm (``BLINK_NORM_LOW_PER_MIN``), ``high`` only when so many would
    be unlikely at its high end (``BLINK_NORM_HIGH_PER_MIN``). A clip that is too short
    to rule out either is ``unknown``: six seconds without a blink happen to everyone.
    """
    if visible_s < codes.MIN_SECONDS_FOR_ANY_VERDICT:
        return "unknown", codes.TOO_SHORT
    minutes = visible_s / 60.0
    p_this_few = poisson_cdf(blink_count, codes.BLINK_NORM_LOW_PER_MIN * minutes)
    p_this_many = 1.0 - poisson_cdf(blink_count - 1, codes.BLINK_NORM_HIGH_PER_MIN * minutes)
    if p_this_few < SIGNIFICANCE:
        return "low", None
    if p_this_many < SIGNIFICANCE:
        return "high", None
    if visible_s < codes.MIN_SECONDS_FOR_NORMAL:
        return "unknown", codes.TOO_SHORT
    return "normal", None


# --- blur -----------------------------------------------------------------------------
# "Sudden": the face falls below this fraction of its sharpness in the surrounding
# two seconds, and drops at least twice as much as the scene (so it is not the camera
# losing focus or shaking). "Blurrier than the scene": the face/scene ratio falls far
# below its typical value in this clip, and the face is far below its typical value.
SUDDEN_BLUR_FACTOR = 0.5
FACE_VS_SCENE_DROP = 0.5
RATIO_BLUR_FACTOR = 0.35
FACE_CLIP_FACTOR = 0.5
BLUR_CONTEXT_S = 2.0
BLUR_MIN_FRAMES = 2


@dataclass
class BlurStretch:
    event: Event
    reason: MomentReason  # one of codes.BLUR_MOMENTS
    worst: int  # frame index with the lowest face sharpness


def blurry_frames(
    face: np.ndarray, scene: np.ndarray, fps: float, blinks: list[Event]
) -> tuple[np.ndarray, np.ndarray]:
    """Flag frames where the face alone is blurry. Returns ``(sudden, vs_scene)`` masks.

    *Sudden*: the face is much less sharp than in the surrounding two seconds, and it
    lost much more of its sharpness than the scene did.
    *Versus scene*: the face/scene sharpness ratio is far below its typical value in
    this clip (a face pasted in with less detail than the shot around it). Both are
    relative to the clip itself: skin is smoother than a bookshelf, so an absolute
    face/scene threshold would flag every sharp background.

    Closed eyes remove the sharpest detail of a face, so face sharpness dips during
    every blink; frames inside a blink (plus one frame either side) are not flagged.
    """
    n = len(face)
    window = max(5, round(BLUR_CONTEXT_S * fps))
    with np.errstate(all="ignore"):
        face_drop = face / rolling_percentile(face, window, 50)
        scene_drop = scene / rolling_percentile(scene, window, 50)
        # Without a scene to compare with (a face filling the picture) a soft face may
        # be the camera or the codec: not flagged (unknown rather than a guess).
        sudden = (face_drop < SUDDEN_BLUR_FACTOR) & (face_drop < FACE_VS_SCENE_DROP * scene_drop)
        ratio = face / scene
        typical_ratio = np.nanmedian(ratio) if np.isfinite(ratio).any() else np.nan
        typical_face = np.nanmedian(face) if np.isfinite(face).any() else np.nan
        vs_scene = (ratio < RATIO_BLUR_FACTOR * typical_ratio) & (
            face < FACE_CLIP_FACTOR * typical_face
        )
    in_blink = np.zeros(n, dtype=bool)
    for event in blinks:
        in_blink[max(0, event.start - 1) : event.end + 2] = True
    sudden &= ~in_blink
    vs_scene &= ~in_blink
    return sudden, vs_scene


def blur_stretches(face: np.ndarray, sudden: np.ndarray, vs_scene: np.ndarray) -> list[BlurStretch]:
    """Group flagged frames into stretches of at least ``BLUR_MIN_FRAMES`` frames."""
    flagged = sudden | vs_scene
    # Close one-frame gaps so a flicker in the measure does not split a stretch.
    closed = flagged.copy()
    for i in range(1, len(flagged) - 1):
        if not flagged[i] and flagged[i - 1] and flagged[i + 1]:
            closed[i] = True
    stretches = []
    for event in runs(closed):
        if event.end - event.start + 1 < BLUR_MIN_FRAMES:
            continue
        segment = slice(event.start, event.end + 1)
        worst = event.start + int(np.nanargmin(np.where(flagged[segment], face[segment], np.inf)))
        reason: MomentReason = (
            "face_blurrier_than_scene"
            if vs_scene[segment].sum() >= sudden[segment].sum()
            else "sudden_face_blur"
        )
        stretches.append(BlurStretch(event, reason, worst))
    return stretches
