"""How open an eye is, measured without landmarks and without the eye cascade.

A Haar eye cascade only finds *open* eyes, so "eye found or not" confuses a blink
with a missed detection. Instead we look at a small grey patch around each eye
(placed relative to the tracked face, then scaled to a fixed size, so head size and
distance do not matter) and measure the **vertical extent of the dark part**:

* an open eye shows the iris and pupil, a dark disc that spans roughly half the
  height of the patch;
* a closed eye shows skin with a thin dark line of lashes.

"Dark" is decided inside each patch (between its darkest and its middle grey), so
lighting changes and exposure drift cancel out. The raw number still differs from
person to person (narrow eyes, glasses, make-up), which is why :mod:`events` divides
it by a rolling baseline of the open state before looking for blinks.
"""

from __future__ import annotations

import cv2
import numpy as np

from .face import Box, crop, to_grey

# Patch around each eye centre, as fractions of the face width. Wide enough that the
# eye stays inside when tracking is off by a few pixels, low enough to keep most of
# the eyebrow out.
PATCH_WIDTH = 0.36
PATCH_HEIGHT = 0.22
PATCH_SIZE = (44, 27)  # (width, height) after scaling
# Columns with the tallest dark runs that are averaged (about the iris width).
IRIS_COLUMNS = 5


def eye_patch(frame: np.ndarray, centre: tuple[float, float], face_width: float):
    """Grey patch around one eye at a fixed size, or ``None`` when it leaves the frame."""
    w, h = PATCH_WIDTH * face_width, PATCH_HEIGHT * face_width
    patch, _, _ = crop(frame, Box(centre[0] - w / 2, centre[1] - h / 2, w, h))
    if patch.shape[0] < 0.8 * h or patch.shape[1] < 0.8 * w or patch.shape[0] < 4:
        return None
    return cv2.resize(to_grey(patch), PATCH_SIZE, interpolation=cv2.INTER_AREA)


def dark_extent(patch: np.ndarray) -> float:
    """Openness of one eye: height of the darkest vertical runs, as a fraction (0..1).

    The border of the patch is ignored (it often holds eyebrow or shadow), pixels
    darker than 40 % of the way from the patch's darkest to its median grey count as
    dark, and the mean height of the few tallest dark columns is returned.
    """
    core = patch[4:-4, 6:-6]
    flat = core.ravel()
    k_low, k_mid = int(0.03 * (flat.size - 1)), int(0.60 * (flat.size - 1))
    ordered = np.partition(flat, (k_low, k_mid))
    low, mid = float(ordered[k_low]), float(ordered[k_mid])
    if mid - low < 4:  # a flat patch (no eye visible, or saturated): no information
        return float("nan")
    dark = core < low + 0.4 * (mid - low)
    heights = np.sort(dark.sum(axis=0))[-IRIS_COLUMNS:]
    return float(heights.mean() / core.shape[0])
