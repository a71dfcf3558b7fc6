"""From measurements over time to events: blinks, blurry stretches, a blink-rate verdict.

Everything here works on plain numpy arrays (one value per frame, NaN where the face
was not measured), so it can be tested on synthetic series.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from . import codes
from .codes import BlinkRate, MomentReason, RejectReason, UnknownReason

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
# --- when a dip counts (see find_blinks) ----------------------------------------------
# The eye line jitters from frame to frame: a lot on small, compressed or swapped eyes.
# A dip counts only when it is NOISE_K times deeper than that jitter (robust_noise). For
# Gaussian noise one sample in ~30,000 falls that far: under one a quarter hour at 30
# measured frames a second, where the aim is at most one false blink a minute; codec
# noise has heavier tails than Gaussian noise, hence the margin over the 3.1 that one a
# minute would need.
NOISE_K = 4.0
# The jitter is measured outside the candidate dips (and this many frames around them),
# and only with at least NOISE_MIN_STEPS steps.
NOISE_MARGIN = 2
NOISE_MIN_STEPS = 10
# Where NOISE_K x the jitter is deeper than this, a blink cannot stand out: a full
# blink takes the eye line to ~0.4 of open (depth ~0.6), and dips must clear the noise
# with room to spare. Such a clip's blinks are "not measurable" (not counted at all).
MEASURABLE_DEPTH = 0.5
# A shallower dip (under SETTLE_SHARE of the blink's depth) whose lowest point comes
# within SETTLE_S after the blink's is the lids settling as they reopen (reopening
# takes two to three times as long as closing, ~0.2-0.3 s), part of that blink (news
# footage: depth ~0.25-0.3, 0.2-0.5 s after a full blink). A second full closure is a
# blink (a double blink).
SETTLE_S = 0.5
SETTLE_SHARE = 0.7
# At LOW_FPS or more a blink (0.1-0.4 s) spans two frames or more below the start level;
# a single measured frame is not enough. Below LOW_FPS a blink may fall into one frame
# (at 6 fps a frame lasts 0.17 s, and its exposure catches the lids on their way): it
# counts when that frame is clearly closed in both eyes, each below the start level on
# its own (the dip's depth has cleared the noise by NOISE_K already).
# The second frame of a blink is at least "partly closed": below BLINK_END and below
# the open level by SECOND_FRAME_K times the jitter (for Gaussian noise 2.3 % of
# frames; with the first frame at NOISE_K times, noise alone does this ~1 in 10^6).
SECOND_FRAME_K = 2.0
# A blink changes the face's mean grey by a few levels from one frame to the next
# (closed lids cover a small part of the face; over the 471 dips in the development
# clips and their low-frame-rate copies, at most 6.2 levels). A dip where it jumps by more than
# FACE_JUMP_GREY (of 255), and more than FACE_JUMP_K times its own jitter, between two
# measured frames of the dip or next to it, is the picture changing: a flash, a cut, a
# lamp (tens of levels at once). Light that drifts slowly does not jump.
FACE_JUMP_GREY = 16.0
FACE_JUMP_K = 6.0


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


def eye_baseline(eye: Floats, fps: float) -> Floats:
    """One eye's open level per measured frame (see BASELINE_WINDOW_S)."""
    eye = fill_short_gaps(eye)
    window = max(5, round(BASELINE_WINDOW_S * fps))
    long_window = max(window, round(LONG_BASELINE_WINDOW_S * fps))
    baseline = np.fmax(
        rolling_percentile(eye, window, BASELINE_PERCENTILE),
        LONG_BASELINE_FLOOR * rolling_percentile(eye, long_window, BASELINE_PERCENTILE),
    )
    return np.asarray(baseline, dtype=np.float64)


def _divide(values: Floats, baseline: Floats) -> Floats:
    with np.errstate(all="ignore"):
        return np.asarray(np.where(baseline > 0, values / baseline, np.nan), dtype=np.float64)


def eye_ratio(eye: Floats, fps: float) -> Floats:
    """One eye's openness divided by its own open level (1.0 = as open as usual)."""
    return _divide(fill_short_gaps(eye), eye_baseline(eye, fps))


def _combine(right: Floats, left: Floats) -> tuple[Floats, Floats]:
    with np.errstate(all="ignore"):
        combined = np.asarray((right + left) / 2, dtype=np.float64)
        more_open = np.asarray(np.fmax(right, left), dtype=np.float64)
    return combined, more_open


def openness_ratio(right: Floats, left: Floats, fps: float) -> tuple[Floats, Floats]:
    """Both eyes' openness relative to their open level.

    Returns ``(combined, more_open)``: the mean of both eyes, used to find blinks and
    drawn in the report, and the more open of the two, used to insist that *both*
    eyes close (one eye closing is a wink or a measuring error, not a blink).
    """
    return _combine(eye_ratio(right, fps), eye_ratio(left, fps))


@dataclass(frozen=True)
class EyeSeries:
    """What the blink rules read: the eyes at the measured frames (evenly spaced, NaN
    where not measured), the face's mean grey there, and the extra frames measured in
    between around dips (``fine_*``, see pipeline.DENSE_BELOW)."""

    times: Floats
    right: Floats
    left: Floats
    fps: float  # measured frames per second
    native_fps: float | None = None  # the clip's own frame rate
    brightness: Floats | None = None
    fine_times: Floats | None = None
    fine_right: Floats | None = None
    fine_left: Floats | None = None
    fine_brightness: Floats | None = None


@dataclass
class Rejected:
    """A dip of the eye line that was not counted as a blink, and why."""

    event: Event
    reason: RejectReason


@dataclass
class Blinks:
    """What :func:`find_blinks` found.

    ``blinks`` includes the ``odd`` ones (closed longer than BLINK_ODD_S);
    ``closures`` are longer than BLINK_MAX_S ("eyes closed", not blinks). ``noise``:
    the eye line's own sample-to-sample jitter in this clip (a ratio, robust);
    ``needed_depth``: how deep a dip must go to count here; ``measurable``: False when
    that is deeper than a blink reliably goes (the clip's blinks are not counted).
    """

    combined: Floats
    blinks: list[Event] = field(default_factory=list)
    odd: list[Event] = field(default_factory=list)
    closures: list[Event] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    samples: dict[int, int] = field(default_factory=dict)  # blink start -> frames it rests on
    noise: float = 0.0
    typical: float = 1.0  # the eyes' typical openness outside dips (1 = open level)
    needed_depth: float = 0.0
    measurable: bool = True


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


def _merged(times: Floats, found: list[Event]) -> list[Event]:
    """Dips closer together than BLINK_MERGE_S, or with their lowest points closer
    than BLINK_MIN_APART_S, are one dip (the deeper one's lowest point)."""
    merged: list[Event] = []
    for event in found:
        if merged:
            last = merged[-1]
            gap = times[event.start] - times[last.end]
            apart = times[event.lowest] - times[last.lowest]
            if gap < BLINK_MERGE_S - 1e-6 or apart < BLINK_MIN_APART_S - 1e-6:
                deeper = event if event.depth > last.depth else last
                merged[-1] = Event(last.start, event.end, deeper.lowest, deeper.depth)
                continue
        merged.append(event)
    return merged


def robust_noise(
    values: Floats, keep: NDArray[np.bool_] | None = None, min_steps: int = NOISE_MIN_STEPS
) -> float:
    """A series' own sample-to-sample jitter: 1.4826 x the median absolute deviation of
    its steps (the standard deviation, for Gaussian noise, without being pulled by the
    few big steps of real events), divided by sqrt(2) because a step carries the noise
    of two samples. ``keep``: the samples to use (both ends of a step must be kept);
    0.0 with fewer than ``min_steps`` steps."""
    values = np.asarray(values, dtype=np.float64)
    steps = np.diff(values)
    usable = np.isfinite(steps)
    if keep is not None:
        usable &= keep[1:] & keep[:-1]
    steps = steps[usable]
    if len(steps) < min_steps:
        return 0.0
    deviation = np.median(np.abs(steps - np.median(steps)))
    return float(1.4826 * deviation / math.sqrt(2.0))


def _typical(values: Floats, keep: NDArray[np.bool_]) -> float:
    finite = values[keep & np.isfinite(values)]
    return float(np.median(finite)) if len(finite) else 1.0


def _outside(n: int, found: list[Event], margin: int) -> NDArray[np.bool_]:
    keep = np.ones(n, dtype=bool)
    for event in found:
        keep[max(0, event.start - margin) : event.end + margin + 1] = False
    return keep


@dataclass
class _Samples:
    """Every measured frame (the evenly spaced ones and the extra ones around dips) in
    time order: time, both eyes relative to their open level, the face's mean grey."""

    times: Floats
    combined: Floats
    more_open: Floats
    brightness: Floats

    def within(self, start_s: float, end_s: float) -> NDArray[np.bool_]:
        return (self.times >= start_s - 1e-6) & (self.times <= end_s + 1e-6)


def _all_samples(
    series: EyeSeries, ratios: tuple[Floats, Floats], bases: tuple[Floats, Floats]
) -> _Samples:
    """``ratios``: both eyes at the measured frames relative to their open level
    (``bases``), which the extra frames are divided by too (interpolated)."""
    (right, left), (right_base, left_base) = ratios, bases
    parts = [(series.times, right, left, _or_nan(series.brightness, len(series.times)))]
    if series.fine_times is not None and len(series.fine_times):
        fine_times = np.asarray(series.fine_times, dtype=np.float64)
        parts.append(
            (
                fine_times,
                _divide(np.asarray(series.fine_right), _at(fine_times, series.times, right_base)),
                _divide(np.asarray(series.fine_left), _at(fine_times, series.times, left_base)),
                _or_nan(series.fine_brightness, len(fine_times)),
            )
        )
    times = np.concatenate([p[0] for p in parts])
    order = np.argsort(times, kind="stable")
    combined, more_open = _combine(
        np.concatenate([p[1] for p in parts])[order], np.concatenate([p[2] for p in parts])[order]
    )
    return _Samples(times[order], combined, more_open, np.concatenate([p[3] for p in parts])[order])


def _or_nan(values: Floats | None, n: int) -> Floats:
    return np.full(n, np.nan) if values is None else np.asarray(values, dtype=np.float64)


def _at(when: Floats, times: Floats, values: Floats) -> Floats:
    """``values`` (given at ``times``) at the moments ``when``, linearly in between."""
    finite = np.isfinite(values)
    if not finite.any():
        return np.full(len(when), np.nan)
    return np.asarray(np.interp(when, times[finite], values[finite]), dtype=np.float64)


def find_blinks(series: EyeSeries) -> Blinks:
    """Find blinks as dips of eye openness that stand out from the clip's own noise
    and look like a blink; keep the other dips with the reason they do not count.

    A candidate is a dip below BLINK_START reaching BLINK_DEEP (a little looser below
    LOW_FPS measured frames a second), cut neither by a clip edge nor by a gap. It is
    rejected (in this order) as ``settling`` (shallow, just after a blink), ``noise``
    (not NOISE_K times deeper than the eye line's jitter), ``one_eye``, ``face_jump``
    (the face's mean grey jumped at the same moment) or ``one_sample`` (too few
    measured frames below the start level for the clip's frame rate).
    """
    fps = series.fps
    bases = eye_baseline(series.right, fps), eye_baseline(series.left, fps)
    ratios = (
        _divide(fill_short_gaps(series.right), bases[0]),
        _divide(fill_short_gaps(series.left), bases[1]),
    )
    combined, _more_open = _combine(*ratios)
    slack = LOW_FPS_SLACK if fps < LOW_FPS else 0.0
    start_level, deep_level = BLINK_START + slack, BLINK_DEEP + slack
    candidates = _merged(series.times, _dips(combined, start_level, deep_level))
    found = Blinks(combined)
    # The jitter outside the dips that stand out from it: first over every frame, then
    # without the dips deeper than that first floor (a blink's steps are no jitter;
    # leaving out the shallow dips too would leave out the jitter's own low points).
    rough = _typical(combined, np.ones(len(combined), bool)) - NOISE_K * robust_noise(combined)
    clear = [event for event in candidates if 1.0 - event.depth < rough]
    outside = _outside(len(combined), clear, NOISE_MARGIN)
    found.noise = robust_noise(combined, outside)
    # Depths count from the open level (a high percentile), which jitter lifts above
    # the eyes' typical level: the noise floor is that typical level less NOISE_K
    # times the jitter.
    found.typical = _typical(combined, outside)
    floor = found.typical - NOISE_K * found.noise
    found.needed_depth = max(1.0 - deep_level, 1.0 - floor)
    found.measurable = 1.0 - floor <= MEASURABLE_DEPTH
    samples = _all_samples(series, ratios, bases)
    rules = _Rules(series, samples, found, start_level)
    last_blink: Event | None = None
    for event in candidates:
        reason = rules.reason(event, last_blink)
        if reason is not None:
            found.rejected.append(Rejected(event, reason))
            continue
        found.samples[event.start] = rules.below(event)
        duration = span(series.times, event)
        if duration > BLINK_MAX_S:
            found.closures.append(event)
            continue
        found.blinks.append(event)
        last_blink = event
        if duration > BLINK_ODD_S:
            found.odd.append(event)
    return found


class _Rules:
    """The checks a candidate dip must pass (see find_blinks)."""

    def __init__(
        self, series: EyeSeries, samples: _Samples, found: Blinks, start_level: float
    ) -> None:
        self.series = series
        self.times = series.times
        self.step = _step(series.times)
        self.samples = samples
        self.found = found
        self.start_level = start_level
        self.native_fps = series.native_fps or series.fps
        self.grey_noise = robust_noise(samples.brightness)

    def reason(self, event: Event, last_blink: Event | None) -> RejectReason | None:
        if self._settling(event, last_blink):
            return "settling"
        if not self.found.measurable or event.depth < self.found.needed_depth - 1e-9:
            return "noise"
        if not float(np.nanmin(self._span(event, self.samples.more_open))) < BLINK_BOTH_EYES:
            return "one_eye"
        if self._face_jump(event):
            return "face_jump"
        if self._one_sample(event):
            return "one_sample"
        return None

    def _bounds(self, event: Event) -> tuple[float, float]:
        return float(self.times[event.start]), float(self.times[event.end])

    def _span(self, event: Event, values: Floats) -> Floats:
        start_s, end_s = self._bounds(event)
        # The measured frames just before and after the dip, and the extra ones in
        # between, belong to it too: the lids closing and reopening.
        return values[self.samples.within(start_s - self.step, end_s + self.step)]

    def partly_closed(self) -> float:
        """Below this a frame shows the lids (at least partly) down: under BLINK_END,
        and under the eyes' typical level by SECOND_FRAME_K times the jitter."""
        return min(BLINK_END, self.found.typical - SECOND_FRAME_K * self.found.noise)

    def below(self, event: Event) -> int:
        """How many measured frames of this dip (and right next to it) show the lids
        down: the frames a blink rests on."""
        return int(np.sum(self._span(event, self.samples.combined) < self.partly_closed()))

    def _settling(self, event: Event, last_blink: Event | None) -> bool:
        if last_blink is None:
            return False
        after = float(self.times[event.lowest] - self.times[last_blink.lowest])
        return after <= SETTLE_S and event.depth < SETTLE_SHARE * last_blink.depth

    def _one_sample(self, event: Event) -> bool:
        """Does the dip rest on one measured frame? A blink closes and reopens the
        lids over several frames at LOW_FPS or more: besides its lowest frame, another
        frame of it (or right next to it) must still be partly closed, below
        BLINK_END and by more than SECOND_FRAME_K times the jitter."""
        if self.below(event) >= 2:
            return False
        if self.native_fps >= LOW_FPS:
            return True
        # Below LOW_FPS a blink may fall in one frame: both eyes must be closed there.
        closed = self._span(event, self.samples.more_open)
        return not bool(np.nanmin(closed) < self.start_level)

    def _face_jump(self, event: Event) -> bool:
        """Did the face's mean grey jump from one measured frame to the next during
        the dip (or into or out of it) by more than a blink can make it move?"""
        grey = self._span(event, self.samples.brightness)
        steps = np.abs(np.diff(grey[np.isfinite(grey)]))
        if not len(steps):
            return False
        return float(steps.max()) > max(FACE_JUMP_GREY, FACE_JUMP_K * self.grey_noise)


def _nan_median(values: Floats) -> float:
    finite = values[np.isfinite(values)]
    return float(np.median(finite)) if len(finite) else math.nan


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
