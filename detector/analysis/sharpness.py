"""Sharpness of the face compared with the scene around it.

Sharpness is the variance of the Laplacian (a second-derivative filter): fine
detail and crisp edges give large values, a smooth or blurred area gives small ones.
The number depends on scale, so face and scene are measured on patches of the
*same* size, resized by the *same* factor.

Skin is smoother than a bookshelf even when both are in focus, so the absolute ratio
face/scene says little on its own; :mod:`events` compares it with the clip's own
typical ratio and with the frames just before and after.
"""

from __future__ import annotations

import cv2
import numpy as np

from .face import Box, Image, crop, green

# Faces are measured at about this width, so a 1080p close-up costs as much as 480p.
MEASURE_FACE_WIDTH = 160


def laplacian_variance(grey: Image) -> float:
    """Variance of the Laplacian of a grey image: higher means sharper."""
    if grey.size == 0:
        return float("nan")
    _mean, std = cv2.meanStdDev(cv2.Laplacian(grey, cv2.CV_32F, ksize=3))
    return float(std[0, 0]) ** 2


def inner_face(box: Box) -> Box:
    """The part of the face box that is face (no hair, ears or background)."""
    return Box(box.x + 0.2 * box.w, box.y + 0.25 * box.h, 0.6 * box.w, 0.65 * box.h)


def _measure(frame: Image, area: Box, step: int) -> float:
    patch, _, _ = crop(frame, area)
    if patch.shape[0] < 0.9 * area.h or patch.shape[1] < 0.9 * area.w:
        return float("nan")
    # Plain subsampling (every step-th pixel) rather than a smoothing resize: it is
    # several times cheaper, and face and scene get exactly the same treatment.
    return laplacian_variance(green(patch[::step, ::step]))


# Scene patches sit on a fixed grid of the frame (fractions of width and height), so the
# same background is measured from frame to frame while the head moves. Corners and
# edges first: they are least likely to hold the person's body.
SCENE_GRID = (
    (0.1, 0.12),
    (0.9, 0.12),
    (0.1, 0.88),
    (0.9, 0.88),
    (0.5, 0.1),
    (0.1, 0.5),
    (0.9, 0.5),
    (0.3, 0.12),
    (0.7, 0.12),
    (0.3, 0.88),
    (0.7, 0.88),
    (0.5, 0.9),
)
MAX_SCENE_PATCHES = 4


# Scene patches are at most this share of the frame's sides (a large face would leave
# no room for patches of its own size), and keep this share of the face box clear.
MAX_SCENE_PATCH = 0.22
SCENE_KEEP_OUT = 0.1


def scene_areas(frame_shape: tuple[int, ...], box: Box) -> list[Box]:
    """Up to four patches (the size of the inner face at most), away from the face."""
    height, width = frame_shape[:2]
    inner = inner_face(box)
    face = Box(0, 0, min(inner.w, MAX_SCENE_PATCH * width), min(inner.h, MAX_SCENE_PATCH * height))
    keep_out = box.expanded(SCENE_KEEP_OUT)
    found = []
    for gx, gy in SCENE_GRID:
        area = Box(gx * width - face.w / 2, gy * height - face.h / 2, face.w, face.h)
        area.x = min(max(0.0, area.x), width - area.w)
        area.y = min(max(0.0, area.y), height - area.h)
        if area.x < 0 or area.y < 0:
            continue  # the face is larger than the frame allows patches for
        clear = (
            area.x + area.w <= keep_out.x
            or area.x >= keep_out.x + keep_out.w
            or area.y + area.h <= keep_out.y
            or area.y >= keep_out.y + keep_out.h
        )
        if clear:
            found.append(area)
            if len(found) == MAX_SCENE_PATCHES:
                break
    return found


def face_and_scene_sharpness(frame: Image, box: Box) -> tuple[float, float]:
    """Return ``(face_sharpness, scene_sharpness)``; NaN where there is nothing to measure.

    The scene value is the upper quartile of its patches: we want the sharp part of the
    picture to compare with (a plain wall next to the face says nothing about focus),
    without letting one busy patch decide.
    """
    step = max(1, round(box.w / MEASURE_FACE_WIDTH))
    face_value = _measure(frame, inner_face(box), step)
    scene_values = [_measure(frame, area, step) for area in scene_areas(frame.shape, box)]
    scene_values = [v for v in scene_values if np.isfinite(v)]
    scene_values.sort()
    scene = scene_values[round(0.75 * (len(scene_values) - 1))] if scene_values else float("nan")
    return face_value, scene
