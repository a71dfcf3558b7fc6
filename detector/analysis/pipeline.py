"""The frame loop: read each frame once, follow the face, record the measurements.

Three threads share the work, each handing over through a small bounded queue: one
decodes frames (OpenCV releases the interpreter lock while it decodes), the calling
thread runs the landmark models (each frame's crop depends on the previous frame's
landmarks), and a third records what needs only this frame and its landmarks: the
sharpness measures, the brightness and the picture keeper, in frame order.
Only a few numbers per frame are kept, plus a bounded set of small face crops
(:mod:`pictures`), so memory stays flat whatever the length of the clip.

Following the face: the face detector runs on the whole frame at the start and when
the face is lost; after that each frame's face-landmark crop is placed from the
previous frame's landmarks (as MediaPipe does). Every few seconds the detector runs
again anyway, to count the faces in the picture.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import cv2
import numpy as np
from numpy.typing import NDArray

from .face import Box, Image, crop, green
from .landmarks import Crop, FaceLandmarks, FaceModels
from .pictures import PictureKeeper
from .sharpness import face_and_scene_sharpness, inner_face
from .video import AnalysisError, VideoInfo, iter_frames, open_capture, probe_video

PROGRESS_EVERY_S = 0.5
QUEUE_FRAMES = 4
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
# OpenCV's own worker threads for the small warps and filters while measuring: with the
# decoder, the models and the recorder on the cores already, splitting a 64 px warp
# over threads costs more than it saves (one thread: the crops of the 480p bench clip
# took half the time).
OPENCV_THREADS = 1

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
    keeper: PictureKeeper | None = None

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


def frame_stride(info: VideoInfo) -> int:
    """Measure every frame, or every n-th one at high frame rates (see MEASURE_FPS)."""
    rate = SMALL_MEASURE_FPS if info.width * info.height <= SMALL_FRAME_PIXELS else MEASURE_FPS
    return max(1, int(info.fps / rate + 0.1))


_END = object()


class _Reader(threading.Thread):
    """Decodes the frames to be measured into a bounded queue."""

    def __init__(self, capture: cv2.VideoCapture, fps: float, stride: int) -> None:
        super().__init__(daemon=True, name="frame-reader")
        self.capture = capture
        self.fps = fps
        self.stride = stride
        self.frames: queue.Queue[object] = queue.Queue(maxsize=QUEUE_FRAMES)
        self.stop = threading.Event()
        self.decoded = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            for index, time_s, frame in iter_frames(self.capture, self.fps, self.stride):
                self.decoded = index + 1
                if frame is None:
                    continue
                while not self.stop.is_set():
                    try:
                        self.frames.put((index, time_s, frame), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if self.stop.is_set():
                    return
        except BaseException as error:  # handed to the measuring thread
            self.error = error
        finally:
            while True:
                try:
                    self.frames.put(_END, timeout=0.1)
                    break
                except queue.Full:
                    if self.stop.is_set():
                        break


class _Recorder(threading.Thread):
    """Records each measured frame (see :func:`_measure_frame`) in order, beside the
    thread that runs the models."""

    def __init__(self, data: Measurements) -> None:
        super().__init__(daemon=True, name="frame-recorder")
        self.data = data
        self.items: queue.Queue[object] = queue.Queue(maxsize=QUEUE_FRAMES)
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while True:
                item = self.items.get()
                if item is _END:
                    return
                assert isinstance(item, tuple)
                index, time_s, frame, face, held = item
                keeper = self.data.keeper
                if face is None and held is not None:
                    # The face box where the face was last seen: its sharpness, and a
                    # picture of it (the report shows a blurred face if it is flagged).
                    self.data.add_missing(time_s, frame, held.box())
                    if keeper is not None:
                        sharpness = self.data.held_face_sharpness[-1]
                        keeper.add(index, time_s, frame, held, float("nan"), sharpness)
                elif face is None:
                    self.data.add_missing(time_s)
                    if keeper is not None:
                        keeper.skip()
                else:
                    _measure_frame(index, time_s, frame, face, self.data)
        except BaseException as error:  # handed to the measuring thread
            self.error = error
            while self.items.get() is not _END:  # so that the producer never blocks
                pass


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


def measure_clip(
    path: str | os.PathLike[str],
    on_progress: Callable[[float], None] | None = None,
    time_limit_s: float | None = None,
) -> Measurements:
    """Run the frame loop over the whole clip and return the raw measurements."""
    info = probe_video(path)
    stride = frame_stride(info)
    keeper = PictureKeeper(info.fps / stride)
    data = Measurements(info=info, fps=info.fps / stride, keeper=keeper)
    capture = open_capture(path)
    reader = _Reader(capture, info.fps, stride)
    models = _take_models()
    started = time.monotonic()
    last_progress = started
    recorder = _Recorder(data)
    opencv_threads = cv2.getNumThreads()
    cv2.setNumThreads(OPENCV_THREADS)
    try:
        reader.start()
        recorder.start()
        follower = _Follower(models, info.fps / stride, data)
        last_face: FaceLandmarks | None = None
        last_found_s = -float("inf")
        while True:
            item = reader.frames.get()
            if item is _END:
                break
            now = time.monotonic()
            if time_limit_s is not None and now - started > time_limit_s:
                raise AnalysisError("too_slow")
            assert isinstance(item, tuple)
            index, time_s, frame = item
            face = follower.update(frame)
            held = None
            if face is not None:
                last_face, last_found_s = face, time_s
            elif time_s - last_found_s <= HOLD_FACE_S:
                held = last_face
            recorder.items.put((index, time_s, frame, face, held))
            if recorder.error is not None:
                break
            if on_progress is not None and now - last_progress >= PROGRESS_EVERY_S:
                last_progress = now
                on_progress(_fraction(info, time_s, index))
        recorder.items.put(_END)
        recorder.join()
        if reader.error is not None:
            raise reader.error
        if recorder.error is not None:
            raise recorder.error
    finally:
        reader.stop.set()
        if recorder.is_alive():
            recorder.items.put(_END)
            recorder.join(timeout=5)
        reader.join(timeout=5)
        capture.release()
        _give_back(models)
        cv2.setNumThreads(opencv_threads)
    data.frames_decoded = reader.decoded
    keeper.finish()
    if not data.times:
        raise AnalysisError("no_frames")
    expected = info.frame_count
    if expected is not None and expected > 10 and reader.decoded < 0.3 * expected:
        # The container promised far more than could be decoded: a truncated upload.
        raise AnalysisError("read_failed")
    if on_progress is not None:
        on_progress(1.0)
    return data


def _fraction(info: VideoInfo, time_s: float, index: int) -> float:
    if info.duration_s:
        return min(0.99, time_s / info.duration_s)
    if info.frame_count:
        return min(0.99, index / info.frame_count)
    return 0.0


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
