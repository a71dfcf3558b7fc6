"""From measurements over time to events: blinks, blurry stretches, a blink-rate verdict.

Everything here works on plain numpy arrays (one value per frame, NaN where the face
was not measured), so it can be tested on synthetic series.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# --- blinks ---------------------------------------------------------------------------
# Openness is divided by the "open" level of the surrounding 1.5 s. Eyes are open
# about 95 % of the time, so a high percentile of that window is the open state even
# for someone who blinks a lot.
BASELINE_WINDOW_S = 1.5
BASELINE_PERCENTILE = 70
# ...but never below the median of a longer stretch, so that eyes kept shut for a
# couple of seconds do not become the "open" level (and split into fake blinks).
LONG_BASELINE_WINDOW_S = 6.0
# Hysteresis: a blink starts below ENTER and ends when the eyes are back above EXIT.
BLINK_ENTER = 0.75
BLINK_EXIT = 0.86
# Both eyes must close: the more open eye must also drop clearly.
BLINK_BOTH_EYES = 0.88
# A blink lasts about 0.1-0.4 s. Longer closures are odd; beyond this they are
# "eyes closed" or looking down, not blinks.
BLINK_ODD_S = 0.5
BLINK_MAX_S = 1.2
# Closings closer together than this are one (double) blink.
BLINK_MERGE_S = 0.12


@dataclass
class Event:
    start: int  # first frame index (inclusive)
    end: int  # last frame index (inclusive)


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


def openness_ratio(left: np.ndarray, right: np.ndarray, fps: float) -> tuple[np.ndarray, ...]:
    """Per-eye openness divided by its rolling open-state baseline (1.0 = as open as usual).

    Returns ``(combined, more_open_eye)``: the geometric mean of both eyes, used to
    find blinks, and the larger of the two, used to insist that *both* eyes close.
    """
    left, right = fill_short_gaps(left), fill_short_gaps(right)
    window = max(5, round(BASELINE_WINDOW_S * fps))
    long_window = max(window, round(LONG_BASELINE_WINDOW_S * fps))
    ratios = []
    for eye in (left, right):
        baseline = np.fmax(
            rolling_percentile(eye, window, BASELINE_PERCENTILE),
            rolling_percentile(eye, long_window, 50),
        )
        with np.errstate(all="ignore"):
            ratios.append(np.where(baseline > 0, eye / baseline, np.nan))
    with np.errstate(all="ignore"):
        combined = np.sqrt(np.clip(ratios[0], 0, None) * np.clip(ratios[1], 0, None))
        more_open = np.fmax(ratios[0], ratios[1])
    return combined, more_open


def blink_events(
    times: np.ndarray, combined: np.ndarray, more_open: np.ndarray
) -> tuple[list[Event], list[Event]]:
    """Find blinks as short dips of eye openness, with hysteresis.

    Returns ``(blinks, odd_blinks)``: odd ones are closures that last unusually long
    (still reported as blinks, but flagged). Dips that touch a gap in the
    measurements (face lost) or the clip edges are dropped: we cannot tell whether
    the eyes reopened.
    """
    n = len(combined)
    events: list[Event] = []
    i = 0
    while i < n:
        if not (combined[i] < BLINK_ENTER):
            i += 1
            continue
        start = i
        while start > 0 and combined[start - 1] < BLINK_ENTER:
            start -= 1
        end = i
        while end + 1 < n and not (combined[end + 1] > BLINK_EXIT):
            end += 1
        segment = slice(start, end + 1)
        complete = end + 1 < n and start > 0 and np.isfinite(combined[segment]).all()
        if complete and np.nanmin(more_open[segment]) < BLINK_BOTH_EYES:
            # The blink spans the frames under ENTER; the hysteresis tail only decides
            # when it is over.
            last = start + int(np.flatnonzero(combined[segment] < BLINK_ENTER)[-1])
            events.append(Event(start, last))
        i = end + 1

    merged: list[Event] = []
    for event in events:
        if merged and times[event.start] - times[merged[-1].end] <= BLINK_MERGE_S + 1e-6:
            merged[-1] = Event(merged[-1].start, event.end)
        else:
            merged.append(event)

    blinks, odd = [], []
    for event in merged:
        duration = _span(times, event)
        if duration > BLINK_MAX_S:
            continue
        blinks.append(event)
        if duration > BLINK_ODD_S:
            odd.append(event)
    return blinks, odd


def _span(times: np.ndarray, event: Event) -> float:
    """Duration of an event, counting the last frame's own length."""
    step = float(np.median(np.diff(times))) if len(times) > 1 else 0.0
    return float(times[event.end] - times[event.start]) + step


# --- blink rate -----------------------------------------------------------------------
# People blink about 10-30 times a minute in conversation (fewer while reading or
# staring at a screen, more when nervous).
NORMAL_RATE_MIN = 10.0
NORMAL_RATE_MAX = 30.0
SIGNIFICANCE = 0.05
# Below this much visible face we never judge: even a statistically "significant"
# count over a few seconds says more about that moment than about the person.
MIN_SECONDS_ANY = 5.0
# "normal" needs enough time that a too-low rate would have shown:
# P(0 blinks | 10/min, 20 s) = exp(-3.3) = 0.036.
MIN_SECONDS_NORMAL = 20.0


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


def judge_blink_rate(blink_count: int, visible_s: float) -> tuple[str, str | None]:
    """Classify a blink count over ``visible_s`` seconds of visible eyes.

    Returns ``(verdict, unknown_reason)`` with verdict ``low``, ``normal``, ``high`` or
    ``unknown``. Blinks are treated as a Poisson process: the verdict is ``low`` only
    when so few blinks would be unlikely (p < 0.05) even for someone blinking at the
    low end of normal (10/min), ``high`` only when so many would be unlikely at the high
    end (30/min). A clip that is too short to rule out either is ``unknown``: six
    seconds without a blink happen to everyone.
    """
    if visible_s < MIN_SECONDS_ANY:
        return "unknown", "too_short"
    minutes = visible_s / 60.0
    p_this_few = poisson_cdf(blink_count, NORMAL_RATE_MIN * minutes)
    p_this_many = 1.0 - poisson_cdf(blink_count - 1, NORMAL_RATE_MAX * minutes)
    if p_this_few < SIGNIFICANCE:
        return "low", None
    if p_this_many < SIGNIFICANCE:
        return "high", None
    if visible_s < MIN_SECONDS_NORMAL:
        return "unknown", "too_short"
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
    reason: str  # "sudden_face_blur" or "face_blurrier_than_scene"
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
        scene_drop = np.where(np.isfinite(scene_drop), scene_drop, 1.0)
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
        reason = (
            "face_blurrier_than_scene"
            if vs_scene[segment].sum() >= sudden[segment].sum()
            else "sudden_face_blur"
        )
        stretches.append(BlurStretch(event, reason, worst))
    return stretches
