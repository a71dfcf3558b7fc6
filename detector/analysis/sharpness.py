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

from .face import Box, crop, to_grey

# Faces are measured at about this width, so a 1080p close-up costs as much as 480p.
MEASURE_FACE_WIDTH = 160


def laplacian_variance(grey: np.ndarray) -> float:
    """Variance of the Laplacian of a grey image: higher means sharper."""
    if grey.size == 0:
        return float("nan")
    return float(cv2.Laplacian(grey, cv2.CV_32F, ksize=3).var())


def inner_face(box: Box) -> Box:
    """The part of the face box that is face (no hair, ears or background)."""
    return Box(box.x + 0.2 * box.w, box.y + 0.25 * box.h, 0.6 * box.w, 0.65 * box.h)


def _measure(frame: np.ndarray, area: Box, scale: float) -> float:
    patch, _, _ = crop(frame, area)
    if patch.shape[0] < 0.9 * area.h or patch.shape[1] < 0.9 * area.w:
        return float("nan")
    grey = to_grey(patch)
    if scale < 1.0:
        grey = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return laplacian_variance(grey)


def scene_areas(frame_shape: tuple[int, ...], box: Box) -> list[Box]:
    """Up to four patches the size of the inner face, away from the face.

    Candidates sit left, right, above and diagonally above the face; any that leave
    the frame or touch the (generously enlarged) face box are dropped.
    """
    height, width = frame_shape[:2]
    face = inner_face(box)
    keep_out = box.expanded(0.25)
    candidates = []
    for fx, fy in ((-1.6, 0), (1.6, 0), (0, -1.3), (-1.6, -1.1), (1.6, -1.1), (-2.8, 0), (2.8, 0)):
        candidates.append(Box(face.x + fx * box.w, face.y + fy * box.h, face.w, face.h))
    found = []
    for area in candidates:
        inside = area.x >= 0 and area.y >= 0 and area.x + area.w <= width
        inside = inside and area.y + area.h <= height
        if not inside:
            continue
        clear = (
            area.x + area.w <= keep_out.x
            or area.x >= keep_out.x + keep_out.w
            or area.y + area.h <= keep_out.y
            or area.y >= keep_out.y + keep_out.h
        )
        if clear:
            found.append(area)
        if len(found) == 4:
            break
    return found


def face_and_scene_sharpness(frame: np.ndarray, box: Box) -> tuple[float, float]:
    """Return ``(face_sharpness, scene_sharpness)``; NaN where there is nothing to measure.

    The scene value is the highest of its patches: we want the sharpest thing in the
    picture to compare with, and a plain wall next to the face should not make the
    face look sharp.
    """
    scale = min(1.0, MEASURE_FACE_WIDTH / max(box.w, 1.0))
    face_value = _measure(frame, inner_face(box), scale)
    scene_values = [_measure(frame, area, scale) for area in scene_areas(frame.shape, box)]
    scene_values = [v for v in scene_values if np.isfinite(v)]
    return face_value, (max(scene_values) if scene_values else float("nan"))
