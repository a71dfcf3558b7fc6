"""Small geometry helpers shared by the measures: boxes and crops of a frame."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

# Frames and crops: 8-bit BGR (or grey) pictures as OpenCV returns them.
Image = NDArray[Any]


@dataclass
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def expanded(self, fraction: float) -> Box:
        dx, dy = self.w * fraction, self.h * fraction
        return Box(self.x - dx, self.y - dy, self.w + 2 * dx, self.h + 2 * dy)

    def as_list(self) -> list[int]:
        return [round(self.x), round(self.y), round(self.w), round(self.h)]


def crop(image: Image, box: Box) -> tuple[Image, int, int]:
    """Crop ``box`` clipped to the image; returns the crop and its top-left corner."""
    height, width = image.shape[:2]
    x0 = int(max(0, round(box.x)))
    y0 = int(max(0, round(box.y)))
    x1 = int(min(width, round(box.x + box.w)))
    y1 = int(min(height, round(box.y + box.h)))
    return image[y0 : max(y0, y1), x0 : max(x0, x1)], x0, y0


def to_grey(image: Image) -> Image:
    if image.ndim == 3:
        return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    return image


def green(image: Image) -> Image:
    """The green channel as a cheap stand-in for grey in per-frame measurements.

    Green carries most of the luminance (59 % of it in the usual weighting) and most
    of the detail; taking it is a free slice where a colour conversion is not.
    """
    return np.ascontiguousarray(image[..., 1]) if image.ndim == 3 else image
