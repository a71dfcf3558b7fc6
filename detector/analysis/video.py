"""Reading video files one frame at a time, defensively.

OpenCV's FFmpeg backend happily returns garbage for broken files: zero or NaN frame
rates, negative or astronomically large frame counts, timestamps that stay at zero.
Everything read here is checked, and anything unusable becomes an ``AnalysisError``
with a code (the web side words it) instead of a crash or an endless loop.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

# Re-exported: the engine's modules raise AnalysisError from here.
from .errors import ERROR_CODES as ERROR_CODES
from .errors import AnalysisError as AnalysisError

# A frame rate outside this range is treated as "unknown" (we then fall back to 25).
MIN_SANE_FPS = 1.0
MAX_SANE_FPS = 240.0
FALLBACK_FPS = 25.0
# Frame counts beyond this are garbage from the container, not a real clip.
MAX_SANE_FRAME_COUNT = 10_000_000
MAX_SANE_SIDE = 8192
# Hard stop for the frame loop, whatever the container claims (about 2 h at 30 fps).
MAX_FRAMES_READ = 250_000


@dataclass(frozen=True)
class VideoInfo:
    """What a cheap probe knows about a clip. Unknown numbers are ``None``."""

    width: int
    height: int
    fps: float
    frame_count: int | None
    duration_s: float | None
    has_video: bool
    fps_is_guess: bool = False
    # The first frame's timestamp, the zero of the clip's times (see FrameClock).
    start_ms: float = 0.0


def _sane_fps(value: float | None) -> float | None:
    if value is None or not math.isfinite(value) or not MIN_SANE_FPS <= value <= MAX_SANE_FPS:
        return None
    return float(value)


def _sane_frame_count(value: float | None) -> int | None:
    if value is None or not math.isfinite(value) or not 0 < value <= MAX_SANE_FRAME_COUNT:
        return None
    return int(value)


def _check_file(path: str | os.PathLike[str]) -> str:
    name = os.fspath(path)
    if not os.path.isfile(name):
        raise AnalysisError("not_found")
    if os.path.getsize(name) == 0:
        raise AnalysisError("empty")
    return name


def _is_usable_frame(frame: object) -> bool:
    return (
        isinstance(frame, np.ndarray)
        and frame.ndim == 3
        and frame.shape[2] == 3
        and 8 <= frame.shape[0] <= MAX_SANE_SIDE
        and 8 <= frame.shape[1] <= MAX_SANE_SIDE
    )


def open_capture(path: str | os.PathLike[str], threads: int | None = None) -> cv2.VideoCapture:
    """Open a capture or raise ``AnalysisError``; the caller must ``release()`` it.

    ``threads``: FFmpeg's decoding threads (``None``: FFmpeg's choice, one per core).
    """
    params = [] if threads is None else [cv2.CAP_PROP_N_THREADS, threads]
    capture = cv2.VideoCapture(_check_file(path), cv2.CAP_FFMPEG, params)
    if not capture.isOpened():
        capture.release()
        raise AnalysisError("cannot_open")
    return capture


def probe_video(path: str | os.PathLike[str]) -> VideoInfo:
    """Open the clip, read one frame and report its size, frame rate and length.

    Cheap enough for an upload form. Raises ``AnalysisError`` if OpenCV cannot open
    the file or cannot decode a first frame.
    """
    capture = open_capture(path)
    try:
        ok, frame = capture.read()
        if not ok or not _is_usable_frame(frame):
            raise AnalysisError("no_frames")
        height, width = frame.shape[:2]
        fps = _sane_fps(capture.get(cv2.CAP_PROP_FPS))
        frame_count = _sane_frame_count(capture.get(cv2.CAP_PROP_FRAME_COUNT))
        start_ms = _clip_origin_ms(capture.get(cv2.CAP_PROP_POS_MSEC))
    finally:
        capture.release()
    duration = None
    if frame_count is not None:
        duration = round(frame_count / (fps or FALLBACK_FPS), 3)
    return VideoInfo(
        width=int(width),
        height=int(height),
        fps=fps or FALLBACK_FPS,
        frame_count=frame_count,
        duration_s=duration,
        has_video=True,
        fps_is_guess=fps is None,
        start_ms=start_ms,
    )


def _clip_origin_ms(first_ms: float) -> float:
    """The zero of the clip's times: its first timestamp when that is plausible."""
    return first_ms if math.isfinite(first_ms) and 0.0 <= first_ms < 5000.0 else 0.0


class FrameClock:
    """Turns the backend's per-frame timestamps into trustworthy times in seconds.

    Variable-frame-rate clips (phones, screen recordings, re-encodes that drop frames)
    only have correct times in their timestamps; ``index / fps`` drifts. But some
    backends and files report timestamps that are always zero, jump backwards or leap
    ahead. A timestamp is used when it moves forward by a plausible step; otherwise
    the clock advances by one nominal frame interval.

    A clock for a stretch that starts later in the clip (after a seek) is given the
    clip's zero (``origin_ms``, see ``VideoInfo.start_ms``); its first time is then
    the first timestamp on that scale, or NaN when that timestamp is unusable.
    """

    def __init__(self, fps: float, origin_ms: float | None = None) -> None:
        self.step = 1.0 / fps
        self.previous: float | None = None
        self.later = origin_ms is not None
        self.origin = (origin_ms or 0.0) / 1000.0

    def tick(self, pos_msec: float) -> float:
        raw = pos_msec / 1000.0 if math.isfinite(pos_msec) else float("nan")
        if self.previous is None:
            if self.later:
                first = raw - self.origin
                self.previous = first if math.isfinite(first) and first >= 0.0 else math.nan
                return self.previous
            self.origin = _clip_origin_ms(pos_msec) / 1000.0
            self.previous = 0.0
            return 0.0
        candidate = raw - self.origin
        delta = candidate - self.previous
        if math.isfinite(candidate) and 0.2 * self.step <= delta <= max(2.0, 20 * self.step):
            self.previous = candidate
        else:
            self.previous = self.previous + self.step
        return self.previous


Frame = NDArray[Any]


def iter_frames(
    capture: cv2.VideoCapture,
    fps: float,
    stride: int = 1,
    seek: tuple[float, float] | None = None,
    wanted: Callable[[], bool] | None = None,
) -> Iterator[tuple[int, float, Frame | None]]:
    """Yield ``(index, time_s, frame)`` for each decodable frame, one at a time.

    With ``stride`` > 1 only every ``stride``-th frame of the clip (index 0, stride,
    2 * stride, ...) is converted to a picture; the others are only decoded (``grab``)
    and yielded with ``None``, so that their times still count, unless ``wanted()``
    says True when such a frame comes: then it is converted too (the caller measures
    every frame for a while, see pipeline.DENSE_BELOW).

    ``seek=(time_s, origin_ms)`` starts at that time instead of the first frame
    (FFmpeg decodes from the key frame before it); times stay on the clip's scale
    (``origin_ms``: ``VideoInfo.start_ms``). Nothing is yielded if the seek fails;
    the first time is NaN if the timestamps cannot place the frame.
    """
    clock = FrameClock(fps, None if seek is None else seek[1])
    first = 0
    if seek is not None:
        if not capture.set(cv2.CAP_PROP_POS_MSEC, seek[0] * 1000.0):
            return
        first = max(0, int(capture.get(cv2.CAP_PROP_POS_FRAMES)))
    shape = None
    for index in range(first, first + MAX_FRAMES_READ):
        if index % stride and (wanted is None or not wanted()):
            if not capture.grab():
                return
            yield index, clock.tick(capture.get(cv2.CAP_PROP_POS_MSEC)), None
            continue
        ok, frame = capture.read()
        if not ok or not _is_usable_frame(frame):
            return
        if shape is None:
            shape = frame.shape
        elif frame.shape != shape:
            # Mid-stream resolution changes are too rare to handle; stop at the change.
            return
        yield index, clock.tick(capture.get(cv2.CAP_PROP_POS_MSEC)), frame
