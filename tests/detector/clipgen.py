"""Synthetic test clips with known truth, built from a real face photograph.

The face is the public-domain astronaut portrait (Eileen Collins) shipped with
scikit-image. Each frame warps the photograph into the output frame (the head moves,
scales and turns slightly), drifts the lighting, adds sensor noise, optionally
closes the eyelids (a blink) or blurs the face only (a blurry stretch), and the
result goes through a real codec (MPEG-4 part 2, 'mp4v'), so compression artefacts
are present as in an upload.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

# Geometry of the astronaut photograph (512x512), checked by eye on a 5x zoom:
# the face (Haar box ~ x 177-272, y 66-161) and each eye (centre, half width, half height).
FACE_CENTRE = (224.0, 113.0)
FACE_WIDTH = 95.0
EYES = (((202.0, 101.0), 12.0, 6.0), ((246.5, 102.0), 12.5, 6.0))
SKIN_SAMPLE_OFFSET = -11  # rows above the eye centre: eyelid skin below the brow
LASH_COLOUR = (40, 45, 60)


@dataclass
class ClipSpec:
    width: int = 640
    height: int = 360
    fps: float = 25.0
    duration_s: float = 8.0
    blink_times: list[float] = field(default_factory=list)  # when the lids start closing
    blur_spans: list[tuple[float, float]] = field(default_factory=list)
    # Gaussian sigma of the face blur in pixels; None = face width / 40 (a soft face).
    blur_sigma: float | None = None
    # Eyes shut from start to end (a long closure), with the usual lid speed around it.
    closures: list[tuple[float, float]] = field(default_factory=list)
    motion: float = 1.0  # 0 = still head
    lighting: float = 1.0  # 0 = constant light
    noise: float = 2.5  # sensor noise, grey levels
    scene: str = "face"  # "face", "two_faces" or "no_face"
    seed: int = 0


@dataclass
class ClipTruth:
    path: Path
    spec: ClipSpec
    frame_count: int
    blinks: list[tuple[float, float]]  # (start_s, end_s): lids at least half closed
    blurs: list[tuple[float, float]]  # (start_s, end_s) of blurred frames


def _astronaut() -> np.ndarray:
    from skimage import data  # test-only dependency

    return cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)


def blink_profile(fps: float) -> list[float]:
    """Lid closure per frame during one blink (0 = open, 1 = closed).

    Closing takes 2-4 frames, the lids stay shut for a frame or so, opening is slower:
    about 0.08 s down, 0.04 s shut, 0.12 s up, as in a real blink.
    """
    closing = min(4, max(2, round(0.08 * fps)))
    shut = max(1, round(0.04 * fps))
    opening = min(6, max(2, round(0.12 * fps)))
    return (
        [(i + 1) / closing for i in range(closing)]
        + [1.0] * shut
        + [1.0 - (j + 1) / (opening + 1) for j in range(opening)]
    )


def close_lids(image: np.ndarray, closure: float) -> np.ndarray:
    """Paint skin-coloured upper lids over both eyes of the photograph."""
    if closure <= 0:
        return image
    out = image.copy()
    for (cx, cy), half_w, half_h in EYES:
        top = int(cy - half_h)
        edge = top + closure * 2 * half_h
        skin = (
            image[
                int(cy) + SKIN_SAMPLE_OFFSET - 1 : int(cy) + SKIN_SAMPLE_OFFSET + 2,
                int(cx - half_w) : int(cx + half_w),
            ]
            .reshape(-1, 3)
            .mean(axis=0)
        )
        mask = np.zeros(image.shape[:2], np.uint8)
        cv2.ellipse(
            mask, (int(cx), int(cy)), (int(half_w) + 1, int(half_h) + 1), 0, 0, 360, 255, -1
        )
        mask[math.ceil(edge) :, :] = 0
        out[mask > 0] = (0.92 * skin + 0.08 * out[mask > 0]).astype(np.uint8)
        # The lid edge carries the lashes: a dark arc that ends up as a line when shut.
        y = round(edge)
        cv2.ellipse(out, (int(cx), y - 1), (int(half_w), 2), 0, 0, 180, LASH_COLOUR, 1)
    return out


def _closure_per_frame(spec: ClipSpec, n: int) -> tuple[np.ndarray, list[tuple[float, float]]]:
    closure = np.zeros(n)
    truth = []
    profile = blink_profile(spec.fps)
    for t in spec.blink_times:
        first = round(t * spec.fps)
        shut = [first + i for i, c in enumerate(profile) if c >= 0.5]
        for i, c in enumerate(profile):
            if 0 <= first + i < n:
                closure[first + i] = max(closure[first + i], c)
        truth.append((shut[0] / spec.fps, (shut[-1] + 1) / spec.fps))
    down = profile[: profile.index(1.0)]
    up = profile[len(profile) - profile[::-1].index(1.0) :]
    for start, end in spec.closures:
        first, last = round(start * spec.fps), round(end * spec.fps)
        lids = [*down, *([1.0] * max(1, last - first)), *up]
        for i, c in enumerate(lids):
            k = first - len(down) + i
            if 0 <= k < n:
                closure[k] = max(closure[k], c)
    return closure, truth


def _pose(spec: ClipSpec, t: float, rng_phase: float) -> tuple[float, float, float, float, float]:
    """(centre x, centre y, face width, rotation in degrees, yaw squeeze) at time t."""
    m = spec.motion
    cx = spec.width * (0.5 + 0.08 * m * math.sin(2 * math.pi * t / 5.0 + rng_phase))
    cy = spec.height * (0.45 + 0.05 * m * math.sin(2 * math.pi * t / 3.7))
    face_w = spec.height * 0.3 * (1 + 0.1 * m * math.sin(2 * math.pi * t / 6.0))
    angle = 4.0 * m * math.sin(2 * math.pi * t / 4.3)
    squeeze = 1 - 0.08 * m * (0.5 + 0.5 * math.sin(2 * math.pi * t / 7.1))
    return cx, cy, face_w, angle, squeeze


def _warp(source: np.ndarray, size: tuple[int, int], pose) -> tuple[np.ndarray, tuple]:
    cx, cy, face_w, angle, squeeze = pose
    scale = face_w / FACE_WIDTH
    matrix = cv2.getRotationMatrix2D(FACE_CENTRE, angle, scale)
    matrix[0, :] *= squeeze  # turning the head a little narrows the face
    matrix[0, 2] += cx - FACE_CENTRE[0] * squeeze
    matrix[1, 2] += cy - FACE_CENTRE[1]
    frame = cv2.warpAffine(
        source, matrix, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT_101
    )
    return frame, (cx, cy, face_w * squeeze, face_w)


def _texture(width: int, height: int, rng: np.random.Generator) -> np.ndarray:
    """A textured scene without faces: smoothed noise plus some shapes."""
    base = rng.integers(0, 255, (height // 8 + 1, width // 8 + 1, 3), dtype=np.uint8)
    scene = cv2.resize(base, (width * 2, height * 2), interpolation=cv2.INTER_CUBIC)
    for _ in range(40):
        x, y = int(rng.integers(0, 2 * width)), int(rng.integers(0, 2 * height))
        colour = tuple(int(c) for c in rng.integers(0, 255, 3))
        cv2.rectangle(scene, (x, y), (x + int(rng.integers(10, 120)), y + 30), colour, -1)
    return scene


def make_clip(path: Path, spec: ClipSpec) -> ClipTruth:
    """Write the clip to ``path`` (.mp4) and return what is really in it."""
    rng = np.random.default_rng(spec.seed)
    n = round(spec.duration_s * spec.fps)
    writer = cv2.VideoWriter(
        str(path), cv2.VideoWriter.fourcc(*"mp4v"), spec.fps, (spec.width, spec.height)
    )
    if not writer.isOpened():
        raise RuntimeError("OpenCV cannot write mp4v here")
    source = _astronaut()
    closure, blink_truth = _closure_per_frame(spec, n)
    noise_bank = [
        rng.normal(0, spec.noise, (spec.height, spec.width, 3)).astype(np.int16) for _ in range(6)
    ]
    texture = _texture(spec.width, spec.height, rng) if spec.scene == "no_face" else None
    phase = float(rng.uniform(0, 2 * math.pi))
    blurred_frames = []
    try:
        for i in range(n):
            t = i / spec.fps
            if texture is not None:
                dx = int(spec.width * 0.4 * (1 + math.sin(t / 2)))
                frame = texture[: spec.height, dx : dx + spec.width].copy()
                face = None
            else:
                face_source = close_lids(source, closure[i])
                frame, face = _render_faces(face_source, spec, t, phase)
            gain = 1 + 0.2 * spec.lighting * math.sin(2 * math.pi * t / 7.0)
            frame = cv2.convertScaleAbs(frame, alpha=gain, beta=8 * spec.lighting * math.sin(t))
            if spec.noise > 0:
                noisy = frame.astype(np.int16) + noise_bank[i % len(noise_bank)]
                frame = np.clip(noisy, 0, 255).astype(np.uint8)
            if face is not None and any(a <= t < b for a, b in spec.blur_spans):
                frame = _blur_face(frame, face, spec.blur_sigma)
                blurred_frames.append(i)
            writer.write(frame)
    finally:
        writer.release()
    return ClipTruth(path, spec, n, blink_truth, _spans(blurred_frames, spec.fps))


def _render_faces(source, spec: ClipSpec, t: float, phase: float):
    if spec.scene != "two_faces":
        return _warp(source, (spec.width, spec.height), _pose(spec, t, phase))
    half = spec.width // 2
    halves = []
    for k in range(2):
        sub = ClipSpec(width=half, height=spec.height, motion=spec.motion * 0.5)
        frame, _ = _warp(source, (half, spec.height), _pose(sub, t + 2.0 * k, phase))
        halves.append(frame)
    frame = np.hstack(halves)
    if frame.shape[1] < spec.width:
        frame = cv2.copyMakeBorder(
            frame, 0, 0, 0, spec.width - frame.shape[1], cv2.BORDER_REPLICATE
        )
    return frame, None


def _blur_face(frame: np.ndarray, face, sigma: float | None = None) -> np.ndarray:
    """Blur only the face, with a soft elliptical edge (as a pasted-in face would be)."""
    cx, cy, face_w, face_h = face
    if sigma is None:
        sigma = max(1.5, face_w / 40.0)
    blurred = cv2.GaussianBlur(frame, (0, 0), sigma)
    mask: np.ndarray = np.zeros(frame.shape[:2], np.float32)
    cv2.ellipse(
        mask, (int(cx), int(cy)), (int(0.55 * face_w), int(0.75 * face_h)), 0, 0, 360, 1.0, -1
    )
    mask = cv2.GaussianBlur(mask, (0, 0), face_w / 20.0)[..., None]
    return (blurred * mask + frame * (1 - mask)).astype(np.uint8)


def _spans(frames: list[int], fps: float) -> list[tuple[float, float]]:
    spans: list[list[int]] = []
    for i in frames:
        if spans and i == spans[-1][1] + 1:
            spans[-1][1] = i
        else:
            spans.append([i, i])
    return [(a / fps, (b + 1) / fps) for a, b in spans]
