"""The frame loop: read each frame once, follow the face, record the measurements.

The clip is cut into stretches of time, one per core (at most MAX_STRETCHES; short
clips and one-core machines are one stretch), and each stretch is measured by its own
thread from start to end: it decodes a frame, runs the landmark models (each frame's
crop depends on the previous frame's landmarks), and records the sharpness measures,
the brightness and the picture crops. The stretches share nothing while they run, so
both cores stay busy without handing frames back and forth (threads that handed
frames to each other left part of the second core idle). Only a few numbers per frame
are kept, plus a bounded set of small face crops (:mod:`pictures`), so memory stays
flat whatever the length of the clip.

A stretch after the first starts where OpenCV's seek lands (FFmpeg decodes from the
key frame before it, so the frame is whole); the stretch before it stops at the frame
before that one. A seek that fails or lands somewhere implausible leaves the time to
the stretch before, which then reads on. The stretches' series are joined in time
order; each starts by looking for the face with the detector, as a clip does.

Following the face: the face detector runs on the whole frame at the start and when
the face is lost; after that each frame's face-landmark crop is placed from the
previous frame's landmarks (as MediaPipe does). Every few seconds the detector runs
again anyway, to count the faces in the picture.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, fields

import cv2
import numpy as np
from numpy.typing import NDArray

from .events import robust_noise
from .face import Box, Image, crop, green
from .landmarks import Crop, FaceLandmarks, FaceModels
from .pictures import MAX_KEPT, PictureKeeper
from .sharpness import face_and_scene_sharpness, inner_face
from .video import AnalysisError, VideoInfo, iter_frames, open_capture, probe_video

PROGRESS_EVERY_S = 0.5
# Stretches: one per core, at most this many, each at least MIN_STRETCH_S long. A new
# stretch costs a seek (decoding from the key frame before it) and a face search.
MAX_STRETCHES = 4
MIN_STRETCH_S = 2.0
# A stretch must start no earlier than this before its planned start, or the seek
# is not trusted (the stretch before checks for its start from that moment on).
EARLY_SEEK_S = 0.5
# Count the faces with the detector this often, and search this often while no face
# is followed.
COUNT_FACES_EVERY_S = 3.0
SEARCH_EVERY_S = 0.2
# Faces at least this share of the largest one's width count as "another face".
COMPARABLE_FACE = 0.6
# Frames measured per second, at most: a blink (0.1-0.4 s) still spans 2-6 measured
# frames at 15 a second, and the development clips scored the same at 12 fps as at 30.
# Clips at 25 fps or less are measured in full.
MEASURE_FPS = 15.0
# Small frames decode so fast that the models set the pace; to stay within twice the
# decoding time they are measured at about 10 frames a second (a blink: 1-4 frames).
SMALL_FRAME_PIXELS = 480 * 854
SMALL_MEASURE_FPS = 10.0
# When the clip is measured in several stretches, FFmpeg decodes on each stretch's own
# thread: the stretches keep the cores busy already, and FFmpeg's decoding threads (one
# per core) hand frames back and forth, which costs CPU the models need (480p bench
# clip: 0.87 s of CPU for decoding instead of 1.06 s). A clip in one stretch keeps them.
STRETCH_DECODE_THREADS = 1
# The face-landmark model runs on every this many measured frames; in between the eye
# model follows the eyes from their previous corners (see FaceModels.follow_eyes) ...
FACE_MODEL_EVERY = 3
# ... unless the eyes moved by more than EYES_MOVED of their width (the eye crop is 2.3
# eye widths wide, so the eye is still well inside it) or changed size by more than
# EYES_RESIZED (a head turning or coming closer).
EYES_MOVED = 0.5
EYES_RESIZED = 0.2
# A face blurred to a smear is no face to the models. For up to this long after the
# face was last found, the sharpness of face and scene is still measured in the last
# face box ("held"); the report uses these values only where the face comes back at
# about the same place (see report.held_face), and never measures eyes there.
HOLD_FACE_S = 2.0
# Every frame around a dip: where a measured frame's eyes are below their recent level
# (the median of the last DENSE_LEVEL_S of measured frames) by DENSE_DROP of it, or by
# DENSE_NOISE_K times their recent jitter if that is more (see events.robust_noise), the
# frames up to the next measured one are measured too (the eyes only, from the last
# landmarks), and so on while any of them is that low. So a dip at 30 fps is seen in
# every frame from the first low one until the eyes are open again, and one sample is
# never the whole evidence for a blink (events.find_blinks). A blink goes down to ~0.4
# of open, so it sets this off on its way down. On jittery eyes the jitter sets the bar
# (the blink rules ask a dip for four times the jitter anyway), and at most
# DENSE_MAX_SHARE of the decoded frames are measured this way.
DENSE_DROP = 0.2
DENSE_NOISE_K = 2.0
DENSE_LEVEL_S = 2.0
DENSE_MAX_SHARE = 0.5
DENSE_MIN_FRAMES = 30
# OpenCV's own worker threads for the small warps and filters while measuring: with
# every core measuring a stretch already, splitting a 64 px warp over threads costs
# more than it saves.
OPENCV_THREADS = 1
# With a length limit, at most this many frames a second of it are decoded: a clip
# of a higher frame rate is cut earlier (120 fps covers phones' slow motion).
MAX_FPS_FOR_LIMIT = 120

FloatList = list[float]


@dataclass
class Measurements:
    """Per measured frame series (NaN = not measured), and the clip's counts."""

    info: VideoInfo
    fps: float
    frames_decoded: int = 0
    times: FloatList = field(default_factory=list)
    right_eye: FloatList = field(default_factory=list)
    left_eye: FloatList = field(default_factory=list)
    face_flag: FloatList = field(default_factory=list)
    turn: FloatList = field(default_factory=list)
    eye_width: FloatList = field(default_factory=list)
    face_height: FloatList = field(default_factory=list)
    face_sharpness: FloatList = field(default_factory=list)
    scene_sharpness: FloatList = field(default_factory=list)
    face_brightness: FloatList = field(default_factory=list)
    boxes: list[tuple[float, float, float, float] | None] = field(default_factory=list)
    # Where the face was not found: sharpness in the last face box (see HOLD_FACE_S).
    held_face_sharpness: FloatList = field(default_factory=list)
    held_scene_sharpness: FloatList = field(default_factory=list)
    held_boxes: list[tuple[float, float, float, float] | None] = field(default_factory=list)
    face_counts: list[int] = field(default_factory=list)
    # The extra frames measured around dips (see DENSE_BELOW), in time order: the eyes'
    # openness and the face's mean grey.
    fine_times: FloatList = field(default_factory=list)
    fine_right: FloatList = field(default_factory=list)
    fine_left: FloatList = field(default_factory=list)
    fine_brightness: FloatList = field(default_factory=list)
    keeper: PictureKeeper | None = None
    # Where the measuring stopped at the length limit (seconds on the decoded
    # timeline), or None when the whole clip was measured.
    cut_at_s: float | None = None

    def array(self, name: str) -> NDArray[np.float64]:
        values: FloatList = getattr(self, name)
        return np.asarray(values, dtype=np.float64)

    def add_missing(
        self,
        time_s: float,
        frame: Image | None = None,
        held: tuple[float, float, float, float] | None = None,
    ) -> None:
        """A measured frame without a face; with ``held`` (the last face box) the
        sharpness of face and scene is measured there all the same."""
        self.times.append(time_s)
        for series in self._series():
            series.append(float("nan"))
        self.boxes.append(None)
        face_value = scene_value = float("nan")
        if held is not None and frame is not None:
            face_value, scene_value = face_and_scene_sharpness(frame, Box(*held))
        self.held_face_sharpness.append(face_value)
        self.held_scene_sharpness.append(scene_value)
        self.held_boxes.append(held if held is not None and frame is not None else None)

    def _series(self) -> list[FloatList]:
        return [
            self.right_eye,
            self.left_eye,
            self.face_flag,
            self.turn,
            self.eye_width,
            self.face_height,
            self.face_sharpness,
            self.scene_sharpness,
            self.face_brightness,
        ]


_POOL: list[FaceModels] = []
_POOL_LOCK = threading.Lock()


def _take_models() -> FaceModels:
    with _POOL_LOCK:
        if _POOL:
            return _POOL.pop()
    return FaceModels()


def _give_back(models: FaceModels) -> None:
    with _POOL_LOCK:
        _POOL.append(models)


def warm_models(count: int | None = None) -> None:
    """Load the models for ``count`` stretches (by default one per core, at most
    MAX_STRETCHES) now, so that the next clips measured in this process start at once:
    a long-lived process calls this before its first clip."""
    wanted = min(MAX_STRETCHES, count or _cores())
    with _POOL_LOCK:
        missing = wanted - len(_POOL)
    for _ in range(max(0, missing)):
        _give_back(FaceModels())


def frame_stride(info: VideoInfo) -> int:
    """Measure every frame, or every n-th one at high frame rates (see MEASURE_FPS)."""
    rate = SMALL_MEASURE_FPS if info.width * info.height <= SMALL_FRAME_PIXELS else MEASURE_FPS
    return max(1, int(info.fps / rate + 0.1))


class _Follower:
    """Keeps the face-landmark crop on the face from frame to frame."""

    def __init__(self, models: FaceModels, fps: float, data: Measurements) -> None:
        self.models = models
        self.data = data
        self.crop: Crop | None = None
        self.count_every = max(1, round(COUNT_FACES_EVERY_S * fps))
        self.search_every = max(1, round(SEARCH_EVERY_S * fps))
        self.since_count = self.count_every
        self.since_search = self.search_every
        self.previous: FaceLandmarks | None = None
        self.since_face_model = 0

    def _detect(self, frame: Image) -> Crop | None:
        found = self.models.detect(frame)
        self.since_count = 0
        if not found:
            self.data.face_counts.append(0)
            return None
        largest = max(d.w for d in found)
        self.data.face_counts.append(sum(1 for d in found if d.w >= COMPARABLE_FACE * largest))
        best = max(found, key=lambda d: d.w * d.score)
        return self.models.crop_from_detection(best)

    def update(self, frame: Image) -> FaceLandmarks | None:
        self.since_count += 1
        self.since_search += 1
        if self.crop is None:
            if self.since_search < self.search_every:
                return None
            self.since_search = 0
            self.crop = self._detect(frame)
            if self.crop is None:
                return None
        elif self.since_count >= self.count_every:
            self._detect(frame)  # counts faces; the track stays where it is
        self.since_face_model += 1
        if self.previous is not None and self.since_face_model < FACE_MODEL_EVERY:
            face = self.models.follow_eyes(frame, self.previous)
            if not _drifted(self.previous, face):
                self.previous = face
                self.crop = face.next_crop()
                return face
        found = self.models.landmarks(frame, self.crop)
        self.since_face_model = 0
        self.previous = found
        if found is None:
            self.crop = None
            self.since_search = self.search_every  # search again right away
            return None
        self.crop = found.next_crop()
        return found


def _drifted(before: FaceLandmarks, after: FaceLandmarks) -> bool:
    """Did the followed eyes move or change size too much to trust the follow-up?"""
    for old, new in ((before.right_eye, after.right_eye), (before.left_eye, after.left_eye)):
        width = float(np.linalg.norm(old[8] - old[0]))
        if width <= 0:
            return True
        moved = float(np.linalg.norm(new[[0, 8]].mean(axis=0) - old[[0, 8]].mean(axis=0)))
        grown = abs(float(np.linalg.norm(new[8] - new[0])) - width)
        if moved > EYES_MOVED * width or grown > EYES_RESIZED * width:
            return True
    return False


@dataclass(frozen=True)
class LengthLimit:
    """How much of a clip is measured, on the decoded timeline, whatever the container
    says: ``seconds`` of it, and at most ``frames`` decoded frames."""

    seconds: float
    frames: int

    @classmethod
    def of(cls, max_duration_s: float | None) -> LengthLimit | None:
        if max_duration_s is None:
            return None
        return cls(max_duration_s, max(1, math.ceil(max_duration_s * MAX_FPS_FOR_LIMIT)))


@dataclass
class _Stretch:
    """One stretch of the clip, measured by one thread."""

    planned_s: float  # where it should start (0 for the first)
    data: Measurements
    # Where it does start: its first frame, or for a later stretch its first frame
    # with a face (see _measure_stretch). None: it does not start (its seek failed,
    # or no face before the next stretch); the stretch before reads on. ``ready`` is
    # set once this is known.
    start_s: float | None = None
    ready: threading.Event = field(default_factory=threading.Event)
    decoded: int = 0
    done_s: float = 0.0  # how far it got (for the progress)
    cut_at_s: float | None = None  # it stopped here at the length limit

    def trusted_start(self, time_s: float, next_planned_s: float) -> bool:
        return math.isfinite(time_s) and (
            self.planned_s - EARLY_SEEK_S <= time_s < next_planned_s - EARLY_SEEK_S
        )


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def plan_stretches(
    info: VideoInfo, cores: int | None = None, limit: LengthLimit | None = None
) -> list[float]:
    """Planned start times: one stretch per core, each at least MIN_STRETCH_S long,
    over the clip or the part of it up to the length limit.

    A clip of unknown length or frame rate is one stretch (there is nowhere to seek to).
    """
    duration = info.duration_s
    if duration is None or info.fps_is_guess or info.frame_count is None:
        return [0.0]
    if limit is not None:
        duration = min(duration, limit.seconds)
    count = min(cores or _cores(), MAX_STRETCHES, int(duration // MIN_STRETCH_S))
    count = max(1, count)
    return [duration * k / count for k in range(count)]


def measure_clip(
    path: str | os.PathLike[str],
    on_progress: Callable[[float], None] | None = None,
    time_limit_s: float | None = None,
    cores: int | None = None,
    max_duration_s: float | None = None,
) -> Measurements:
    """Measure the whole clip (in stretches, see the module's text) and return the
    raw measurements. ``cores``: how many stretches to measure at once at most (by
    default the cores this process may use).

    ``max_duration_s``: measure only the clip's first seconds, judged on the decoded
    timeline and by a frame count (``LengthLimit``), never on what the container
    claims (a fragmented MP4 says no length, an edited header a wrong one). The
    result's ``cut_at_s`` says where it stopped.
    """
    info = probe_video(path)
    stride = frame_stride(info)
    fps = info.fps / stride
    limit = LengthLimit.of(max_duration_s)
    starts = plan_stretches(info, cores, limit)
    budget = max(1, MAX_KEPT // len(starts))
    stretches = [
        _Stretch(start, Measurements(info=info, fps=fps, keeper=PictureKeeper(fps, budget)))
        for start in starts
    ]
    cancel = threading.Event()
    started = time.monotonic()
    deadline = None if time_limit_s is None else started + time_limit_s
    opencv_threads = cv2.getNumThreads()
    cv2.setNumThreads(OPENCV_THREADS)
    try:
        with ThreadPoolExecutor(len(stretches), thread_name_prefix="stretch") as pool:
            futures = [
                pool.submit(
                    _measure_stretch, path, info, stride, stretches, k, cancel, deadline, limit
                )
                for k in range(len(stretches))
            ]
            _wait_for(futures, stretches, info, cancel, on_progress, deadline, limit)
    finally:
        cv2.setNumThreads(opencv_threads)
    data = _joined([s for s in stretches if s.start_s is not None], info, fps)
    if not data.times:
        raise AnalysisError("no_frames")
    cuts = [s.cut_at_s for s in stretches if s.cut_at_s is not None]
    data.cut_at_s = max(cuts) if cuts else None
    expected = info.frame_count
    if (
        data.cut_at_s is None
        and expected is not None
        and expected > 10
        and (data.frames_decoded < 0.3 * expected)
    ):
        # The container promised far more than could be decoded: a truncated upload.
        raise AnalysisError("read_failed")
    if on_progress is not None:
        on_progress(1.0)
    return data


def _wait_for(
    futures: list[Future[None]],
    stretches: list[_Stretch],
    info: VideoInfo,
    cancel: threading.Event,
    on_progress: Callable[[float], None] | None,
    deadline: float | None,
    limit: LengthLimit | None = None,
) -> None:
    """Wait for the stretches, report progress, enforce the time limit; re-raise the
    first stretch's error (the others are stopped first)."""
    try:
        while True:
            done, pending = wait(futures, timeout=PROGRESS_EVERY_S, return_when=FIRST_EXCEPTION)
            if any(f.exception() is not None for f in done):
                break
            if not pending:
                break
            if deadline is not None and time.monotonic() > deadline:
                raise AnalysisError("too_slow")
            if on_progress is not None:
                on_progress(_fraction(info, stretches, limit))
    finally:
        cancel.set()
        wait(futures)
    for future in futures:
        error = future.exception()
        if error is not None:
            raise error


def _fraction(info: VideoInfo, stretches: list[_Stretch], limit: LengthLimit | None) -> float:
    done = sum(s.done_s - (s.start_s or 0.0) for s in stretches if s.start_s is not None)
    duration, frames = info.duration_s, info.frame_count
    if limit is not None:
        duration = min(duration or limit.seconds, limit.seconds)
        frames = min(frames or limit.frames, limit.frames)
    if duration:
        return min(0.99, max(0.0, done / duration))
    if frames:
        return min(0.99, sum(s.decoded for s in stretches) / frames)
    return 0.0


def _measure_stretch(
    path: str | os.PathLike[str],
    info: VideoInfo,
    stride: int,
    stretches: list[_Stretch],
    k: int,
    cancel: threading.Event,
    deadline: float | None = None,
    limit: LengthLimit | None = None,
) -> None:
    """Measure stretch ``k``: from its start up to the start of the next one that
    does start (or the end of the clip, or the length limit).

    A stretch after the first starts at its first frame with a face: until then it
    only looks for one, and the stretch before reads on. So the face is followed
    without a break across the seam (a face lost at the seam, say blurred to a smear,
    is still measured where it was last seen; see HOLD_FACE_S).
    """
    me = stretches[k]
    threads = STRETCH_DECODE_THREADS if len(stretches) > 1 else None
    capture: cv2.VideoCapture | None = None
    models: FaceModels | None = None
    try:
        capture = open_capture(path, threads=threads)
        seek = None if k == 0 else (me.planned_s, info.start_ms)
        models = _take_models()
        walk = _StretchWalk(stretches, k, _Follower(models, me.data.fps, me.data), stride)
        frames = iter_frames(capture, info.fps, stride, seek, wanted=walk.watch.wanted)
        for index, time_s, frame in frames:
            if walk.not_mine(time_s) or cancel.is_set():
                return
            if deadline is not None and time.monotonic() > deadline:
                raise AnalysisError("too_slow")
            if limit is not None and _over(limit, time_s, stretches):
                me.cut_at_s = min(time_s, limit.seconds) if math.isfinite(time_s) else me.done_s
                return
            walk.take(index, time_s, frame)
    finally:
        me.ready.set()  # also when this stretch never started: the one before reads on
        if capture is not None:
            capture.release()
        if models is not None:
            _give_back(models)
        if me.data.keeper is not None:
            me.data.keeper.finish()


class _StretchWalk:
    """One stretch's way through its frames: which frames are its own, and what it
    records of each (see _measure_stretch)."""

    def __init__(
        self, stretches: list[_Stretch], k: int, follower: _Follower, stride: int = 1
    ) -> None:
        self.stretches = stretches
        self.stride = stride
        self.watch = _DipWatch(stretches[k].data.fps, stride)
        self.k = k
        self.me = stretches[k]
        self.following = k + 1
        self.end_planned = stretches[k + 1].planned_s if k + 1 < len(stretches) else math.inf
        self.seek_checked = k == 0
        self.follower = follower
        self.last_face: FaceLandmarks | None = None
        self.last_found_s = -math.inf

    def not_mine(self, time_s: float) -> bool:
        """True from the frame on that is not this stretch's any more: its seek landed
        somewhere else, or the next stretch that does start has begun."""
        if not self.seek_checked:
            if not self.me.trusted_start(time_s, self.end_planned):
                return True
            self.seek_checked = True
        stretches = self.stretches
        while self.following < len(stretches) and time_s >= (
            stretches[self.following].planned_s - EARLY_SEEK_S
        ):
            # From here on the next stretch may have begun: stop at its start.
            after = stretches[self.following]
            after.ready.wait()
            if after.start_s is None:
                self.following += 1  # it did not start; read on to the one after
                continue
            break
        if self.following < len(stretches):
            start_next = stretches[self.following].start_s
            if start_next is not None and time_s >= start_next:
                return True
        return False

    def take(self, index: int, time_s: float, frame: Image | None) -> None:
        """Count a decoded frame; measure a picture (once the stretch has started):
        in full on the measured frames, the eyes only on the extra ones around a dip."""
        me = self.me
        sampled = index % self.stride == 0
        if me.start_s is not None:
            self.watch.frame(fine=frame is not None and not sampled)
        if frame is None or not sampled:
            if me.start_s is not None:
                me.decoded += 1
                me.done_s = time_s
                if frame is not None:
                    self._measure_fine(index, time_s, frame)
            return
        face = self.follower.update(frame)
        if me.start_s is None:
            if self.k > 0 and face is None:
                return  # still looking for the face; the stretch before reads on
            me.start_s = time_s
            me.ready.set()
            # Faces counted while looking belong to the stretch before; keep the
            # count of the search that found the face.
            del me.data.face_counts[:-1]
            self.watch.frame(fine=False)
        me.decoded += 1
        me.done_s = time_s
        held = None
        if face is not None:
            self.last_face, self.last_found_s = face, time_s
            self.watch.see(index, float(np.mean(face.openness())), measured=True)
        elif time_s - self.last_found_s <= HOLD_FACE_S:
            held = self.last_face
        _record(index, time_s, frame, face, held, me.data)

    def _measure_fine(self, index: int, time_s: float, frame: Image) -> None:
        """An extra frame around a dip: the eyes only, from the last landmarks."""
        face = self.follower.previous
        if face is None:
            return
        eyes = self.follower.models.follow_eyes(frame, face)
        right, left = eyes.openness()
        data = self.me.data
        data.fine_times.append(time_s)
        data.fine_right.append(right)
        data.fine_left.append(left)
        data.fine_brightness.append(_brightness(frame, inner_face(Box(*eyes.box()))))
        self.watch.see(index, (right + left) / 2, measured=False)


class _DipWatch:
    """Decides, frame by frame, whether the frames between the measured ones are
    measured too: around a dip of the eyes (see DENSE_BELOW)."""

    def __init__(self, measured_fps: float, stride: int) -> None:
        self.recent: deque[float] = deque(maxlen=max(5, round(DENSE_LEVEL_S * measured_fps)))
        self.left = 0  # frames still to measure in full
        self.decoded = 0
        self.fine = 0
        self.stride = stride

    def frame(self, fine: bool) -> None:
        """One more decoded frame (``fine``: measured as an extra one)."""
        self.decoded += 1
        self.fine += fine
        self.left = max(0, self.left - 1)

    def see(self, index: int, openness: float, measured: bool) -> None:
        """The eyes' openness in frame ``index``: below their recent level, the frames
        up to the next measured one are measured too."""
        if not math.isfinite(openness):
            return
        if measured:
            self.recent.append(openness)
        if len(self.recent) >= 3:
            recent = np.asarray(self.recent)
            level = float(np.median(recent))
            drop = max(DENSE_DROP * level, DENSE_NOISE_K * robust_noise(recent, min_steps=2))
            if openness >= level - drop:
                return
        # Low, or no level yet (a stretch's start): up to the next measured frame.
        self.left = self.stride - index % self.stride

    def wanted(self) -> bool:
        if self.stride == 1 or self.left <= 0:
            return False
        return self.decoded < DENSE_MIN_FRAMES or self.fine < DENSE_MAX_SHARE * self.decoded


def _over(limit: LengthLimit, time_s: float, stretches: list[_Stretch]) -> bool:
    """At the length limit: this frame lies past it on the decoded timeline, or the
    stretches together have decoded as many frames as the limit allows."""
    return time_s >= limit.seconds or sum(s.decoded for s in stretches) >= limit.frames


def _record(
    index: int,
    time_s: float,
    frame: Image,
    face: FaceLandmarks | None,
    held: FaceLandmarks | None,
    data: Measurements,
) -> None:
    """Record one measured frame (see :func:`_measure_frame`)."""
    keeper = data.keeper
    if face is None and held is not None:
        # The face box where the face was last seen: its sharpness, and a picture of it
        # (the report shows a blurred face if it is flagged).
        data.add_missing(time_s, frame, held.box())
        if keeper is not None:
            keeper.add(index, time_s, frame, held, float("nan"), data.held_face_sharpness[-1])
    elif face is None:
        data.add_missing(time_s)
        if keeper is not None:
            keeper.skip()
    else:
        _measure_frame(index, time_s, frame, face, data)


def _joined(stretches: list[_Stretch], info: VideoInfo, fps: float) -> Measurements:
    """The stretches' measurements as one, in time order."""
    whole = Measurements(info=info, fps=fps)
    for stretch in stretches:
        part = stretch.data
        whole.frames_decoded += stretch.decoded
        for series in fields(Measurements):  # every list: the series and the counts
            values = getattr(part, series.name)
            if isinstance(values, list):
                getattr(whole, series.name).extend(values)
    keepers = [s.data.keeper for s in stretches if s.data.keeper is not None]
    whole.keeper = PictureKeeper.joined(keepers) if keepers else None
    return whole


def _measure_frame(
    index: int, time_s: float, frame: Image, face: FaceLandmarks, data: Measurements
) -> None:
    x, y, w, h = face.box()
    box = Box(x, y, w, h)
    right, left = face.openness()
    data.times.append(time_s)
    data.right_eye.append(right)
    data.left_eye.append(left)
    data.face_flag.append(face.flag)
    data.turn.append(face.turn())
    data.eye_width.append(float(np.mean(face.eye_widths())))
    data.face_height.append(h)
    face_value, scene_value = face_and_scene_sharpness(frame, box)
    data.face_sharpness.append(face_value)
    data.scene_sharpness.append(scene_value)
    data.face_brightness.append(_brightness(frame, inner_face(box)))
    data.boxes.append((x, y, w, h))
    data.held_face_sharpness.append(float("nan"))
    data.held_scene_sharpness.append(float("nan"))
    data.held_boxes.append(None)
    if data.keeper is not None:
        data.keeper.add(index, time_s, frame, face, (right + left) / 2, face_value)


def _brightness(frame: Image, area: Box) -> float:
    patch, _, _ = crop(frame, area)
    if patch.size == 0:
        return float("nan")
    # Subsample: the mean grey of a face does not need every pixel.
    return float(green(patch[::4, ::4]).mean())
