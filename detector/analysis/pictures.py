"""Pictures of the flagged moments, cut during the single pass over the frames.

Which moments get flagged is only known at the end, and the clip is not decoded a
second time. So every measured frame leaves a small face crop in a short ring; when a
frame leaves the ring, the measurements around it (known by then) decide whether its
crop is kept: near a dip in eye openness or in face sharpness, or now and then as a
plain picture of the face. The kept crops have a fixed budget; when it is full the
least interesting ones go. Memory stays bounded whatever the length of the clip.
"""

from __future__ import annotations

import itertools
import math
from collections import deque
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from .landmarks import Crop, FaceLandmarks

Image = NDArray[Any]

# Face crops: a square 1.5 face heights wide, the face FACE_PX tall (upscaled if needed).
FACE_PX = 170
CROP_SIDE = round(1.5 * FACE_PX)
# How long a crop waits in the ring before it is judged, and the context used then.
LOOKAHEAD_S = 0.7
HISTORY_S = 2.5
# Keep crops near an openness dip below this share of the recent open level, or near a
# face-sharpness dip below this share of the recent median.
DIP_KEEP = 0.8
BLUR_KEEP = 0.65
# What gets flagged later is rarer than a blink: eyes shut for longer than LONG_S, or a
# blurry face. Their crops rank above those of ordinary blinks when the budget is full.
LONG_S = 0.45
LONG_BONUS = 1.0
BLUR_BONUS = 0.5
# Plain face pictures (for moments that are not a dip), one every this many seconds.
CONTEXT_EVERY_S = 2.0
# The open level and usual sharpness are refreshed every this many frames.
LEVELS_EVERY = 4
# Budget of kept crops (about 200 KB each).
MAX_KEPT = 160
# Eye strip: each of before / during / after at this size, side by side.
STRIP_PART = (240, 96)
JPEG_QUALITY = 85


@dataclass
class Kept:
    time_s: float
    crop: Image
    eyes: NDArray[np.float64]  # (4, 2) eye corners in crop pixels
    interest: float


@dataclass
class _Pending:
    index: int
    time_s: float
    crop: Image
    eyes: NDArray[np.float64]
    openness: float
    face_sharpness: float


def face_crop(frame: Image, face: FaceLandmarks) -> tuple[Image, NDArray[np.float64]]:
    """Upright face crop (CROP_SIDE square) and the four eye corners in its pixels."""
    x, y, w, h = face.box()
    side = max(2, round(1.5 * max(h, 1.0)))
    x0, y0 = round(x + w / 2 - side / 2), round(y + h / 2 - side / 2)
    height, width = frame.shape[:2]
    # A plain slice and resize (cheaper than a warp); the parts outside the frame, if
    # any, repeat its edge.
    a, b = max(0, x0), max(0, y0)
    c, d = min(width, x0 + side), min(height, y0 + side)
    region: Image
    if c <= a or d <= b:
        region = np.zeros((side, side, 3), np.uint8)
    else:
        region = cv2.copyMakeBorder(
            frame[b:d, a:c], b - y0, y0 + side - d, a - x0, x0 + side - c, cv2.BORDER_REPLICATE
        )
    picture = cv2.resize(region, (CROP_SIDE, CROP_SIDE), interpolation=cv2.INTER_LINEAR)
    corners = np.vstack([face.right_eye[[0, 8]], face.left_eye[[0, 8]]])
    local = (corners - np.array([x0, y0])) * (CROP_SIDE / side)
    return np.asarray(picture), local


class PictureKeeper:
    """Collects the crops; call :meth:`add` for every measured frame, in order."""

    def __init__(self, fps: float, budget: int = MAX_KEPT) -> None:
        self.fps = fps
        self.budget = budget
        self.lookahead = max(1, round(LOOKAHEAD_S * fps))
        self.history: deque[_Pending] = deque(maxlen=max(8, round(HISTORY_S * fps)))
        self.ring: deque[_Pending] = deque()
        self.kept: dict[int, Kept] = {}
        self.context_every = CONTEXT_EVERY_S
        self.last_context = -math.inf
        self.since_levels = LEVELS_EVERY
        self.open_level = math.nan
        self.usual_sharpness = math.nan

    def add(
        self,
        index: int,
        time_s: float,
        frame: Image,
        face: FaceLandmarks,
        openness: float,
        face_sharpness: float,
    ) -> None:
        picture, eyes = face_crop(frame, face)
        self.ring.append(_Pending(index, time_s, picture, eyes, openness, face_sharpness))
        if len(self.ring) > 2 * self.lookahead:
            self._judge(self.ring.popleft())

    def skip(self) -> None:
        """A measured frame without a face: the ring keeps its order in time."""
        if self.ring:
            self._judge(self.ring.popleft())

    def finish(self) -> None:
        while self.ring:
            self._judge(self.ring.popleft())

    def _levels(self) -> tuple[float, float]:
        """The recent open level of the eyes and usual face sharpness (NaN = unknown).

        They change slowly, so they are recomputed every LEVELS_EVERY frames only."""
        self.since_levels += 1
        if self.since_levels >= LEVELS_EVERY:
            self.since_levels = 0
            known = [p.openness for p in self.history if math.isfinite(p.openness)]
            sharp = [p.face_sharpness for p in self.history if math.isfinite(p.face_sharpness)]
            self.open_level = float(np.percentile(known, 85)) if len(known) >= 3 else math.nan
            self.usual_sharpness = float(np.median(sharp)) if len(sharp) >= 3 else math.nan
        return self.open_level, self.usual_sharpness

    def _judge(self, item: _Pending) -> None:
        self.history.append(item)
        window = [*itertools.islice(reversed(self.history), self.lookahead)]
        window += itertools.islice(self.ring, self.lookahead)
        open_level, usual = self._levels()
        interest = 0.0
        dip = False
        if math.isfinite(open_level):
            near = [p.openness for p in window if math.isfinite(p.openness)]
            if near and open_level > 0:
                depth = 1.0 - min(near) / open_level
                if depth >= 1.0 - DIP_KEEP:
                    dip = True
                    shut = sum(1 for v in near if v < DIP_KEEP * open_level)
                    long = shut >= LONG_S * self.fps
                    interest = max(interest, depth + (LONG_BONUS if long else 0.0))
        if math.isfinite(usual):
            near = [p.face_sharpness for p in window if math.isfinite(p.face_sharpness)]
            if near and usual > 0:
                drop = 1.0 - min(near) / usual
                if drop >= 1.0 - BLUR_KEEP:
                    dip = True
                    interest = max(interest, drop + BLUR_BONUS)
        context = item.time_s - self.last_context >= self.context_every
        if not dip and not context:
            return
        if context and not dip:
            self.last_context = item.time_s
            interest = 0.01
        self.kept[item.index] = Kept(item.time_s, item.crop, item.eyes, interest)
        if len(self.kept) > self.budget:
            self._evict()

    def _evict(self) -> None:
        """Thin out the least interesting crops (interest in steps of 0.1) evenly in
        time, every second one, until an eighth of the budget is free again."""
        target = self.budget - self.budget // 8
        while len(self.kept) > target:
            lowest = min(round(k.interest, 1) for k in self.kept.values())
            band = sorted(i for i, k in self.kept.items() if round(k.interest, 1) == lowest)
            drop = band[1::2] if len(band) > 1 else band
            for index in drop[: len(self.kept) - target]:
                del self.kept[index]
        self.context_every *= 1.5  # fewer plain pictures from now on

    @classmethod
    def joined(cls, keepers: list[PictureKeeper]) -> PictureKeeper:
        """One keeper holding the crops of several (finished) keepers, in time order."""
        whole = cls(keepers[0].fps, budget=sum(k.budget for k in keepers))
        crops = sorted((k for keeper in keepers for k in keeper.kept.values()), key=_time)
        whole.kept = dict(enumerate(crops))
        return whole

    def nearest(self, time_s: float, within_s: float = 1.0) -> Kept | None:
        best = min(self.kept.values(), key=lambda k: abs(k.time_s - time_s), default=None)
        if best is None or abs(best.time_s - time_s) > within_s:
            return None
        return best


def _time(kept: Kept) -> float:
    return kept.time_s


def encode(image: Image) -> bytes:
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise ValueError("JPEG encoding failed")
    return bytes(data.tobytes())


def eye_part(kept: Kept) -> Image:
    """The eye region of one kept crop at STRIP_PART size."""
    xs, ys = kept.eyes[:, 0], kept.eyes[:, 1]
    span = float(xs.max() - xs.min())
    width = max(8.0, 1.5 * span)
    height = width * STRIP_PART[1] / STRIP_PART[0]
    cx, cy = float(xs.mean()), float(ys.mean())
    region = Crop(cx, cy, width, 0.0)
    square = region.cut(kept.crop, STRIP_PART[0])
    top = (STRIP_PART[0] - round(STRIP_PART[0] * height / width)) // 2
    part = square[top : top + STRIP_PART[1]]
    return np.asarray(part, dtype=np.uint8)


def eye_strip(parts: list[Kept]) -> Image:
    """Before / during / after, left to right, with a thin white gap."""
    gap = np.full((STRIP_PART[1], 4, 3), 255, np.uint8)
    pieces: list[Image] = []
    for kept in parts:
        if pieces:
            pieces.append(gap)
        pieces.append(eye_part(kept))
    return np.asarray(np.hstack(pieces), dtype=np.uint8)
