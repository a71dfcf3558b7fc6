"""The frame loop: read each frame once, follow the face, record the measurements.

Only small per-frame numbers are kept (a few floats per frame), never frames, so
memory stays flat whatever the length of the clip.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from . import messages
from .eyes import dark_extent, eye_patch
from .face import FaceTracker, FullDetection, crop, green
from .sharpness import face_and_scene_sharpness, inner_face
from .video import AnalysisError, VideoInfo, iter_frames, open_capture, probe_video

PROGRESS_EVERY_S = 0.5


@dataclass
class Measurements:
    """Per-frame series collected by :func:`measure_clip` (NaN = not measured)."""

    info: VideoInfo
    times: list[float] = field(default_factory=list)
    left_eye: list[float] = field(default_factory=list)
    right_eye: list[float] = field(default_factory=list)
    face_sharpness: list[float] = field(default_factory=list)
    scene_sharpness: list[float] = field(default_factory=list)
    face_brightness: list[float] = field(default_factory=list)
    boxes: list[tuple[float, float, float, float] | None] = field(default_factory=list)
    detections: list[FullDetection] = field(default_factory=list)

    def arrays(self) -> dict[str, np.ndarray]:
        return {
            "times": np.asarray(self.times, dtype=np.float64),
            "left_eye": np.asarray(self.left_eye, dtype=np.float64),
            "right_eye": np.asarray(self.right_eye, dtype=np.float64),
            "face_sharpness": np.asarray(self.face_sharpness, dtype=np.float64),
            "scene_sharpness": np.asarray(self.scene_sharpness, dtype=np.float64),
            "face_brightness": np.asarray(self.face_brightness, dtype=np.float64),
        }


def measure_clip(
    path: str | os.PathLike,
    on_progress: Callable[[float], None] | None = None,
    time_limit_s: float | None = None,
) -> Measurements:
    """Run the frame loop over the whole clip and return the raw measurements."""
    info = probe_video(path)
    started = time.monotonic()
    last_progress = started
    data = Measurements(info=info)
    capture = open_capture(path)
    nan = float("nan")
    try:
        tracker = None
        for _index, time_s, frame in iter_frames(capture, info.fps):
            now = time.monotonic()
            if time_limit_s is not None and now - started > time_limit_s:
                raise AnalysisError(messages.ERROR_TOO_SLOW)
            if tracker is None:
                tracker = FaceTracker(frame.shape, info.fps)
            observation = tracker.update(frame)
            data.times.append(time_s)
            if observation is None:
                for series in (
                    data.left_eye,
                    data.right_eye,
                    data.face_sharpness,
                    data.scene_sharpness,
                    data.face_brightness,
                ):
                    series.append(nan)
                data.boxes.append(None)
            else:
                _measure_frame(frame, observation, data)
            if on_progress is not None and now - last_progress >= PROGRESS_EVERY_S:
                last_progress = now
                on_progress(_fraction(info, time_s, len(data.times)))
        if tracker is not None:
            data.detections = tracker.detections
    finally:
        capture.release()
    if not data.times:
        raise AnalysisError(messages.ERROR_NO_FRAMES)
    expected = info.frame_count
    if expected is not None and expected > 10 and len(data.times) < 0.3 * expected:
        # The container promised far more than could be decoded: a truncated upload.
        raise AnalysisError(messages.ERROR_READ_FAILED)
    if on_progress is not None:
        on_progress(1.0)
    return data


def _fraction(info: VideoInfo, time_s: float, frames: int) -> float:
    if info.duration_s:
        return min(0.99, time_s / info.duration_s)
    if info.frame_count:
        return min(0.99, frames / info.frame_count)
    return 0.0


def _measure_frame(frame: np.ndarray, observation, data: Measurements) -> None:
    box = observation.box
    openness = []
    for centre in observation.eyes:
        patch = eye_patch(frame, centre, box.w)
        openness.append(dark_extent(patch) if patch is not None else float("nan"))
    data.left_eye.append(openness[0])
    data.right_eye.append(openness[1])
    face_value, scene_value = face_and_scene_sharpness(frame, box)
    data.face_sharpness.append(face_value)
    data.scene_sharpness.append(scene_value)
    data.face_brightness.append(_brightness(frame, inner_face(box)))
    data.boxes.append((box.x, box.y, box.w, box.h))


def _brightness(frame: np.ndarray, area) -> float:
    patch, _, _ = crop(frame, area)
    if patch.size == 0:
        return float("nan")
    # Subsample: the mean grey of a face does not need every pixel.
    return float(green(patch[::4, ::4]).mean())
