"""Finding the main face and following it from frame to frame.

Running a Haar cascade on every frame is slow and jittery: the detected box jumps
by several pixels from one frame to the next even when the head is still. So:

* every ``full_every`` frames (and whenever the track is lost) the whole frame is
  searched on a small grey copy; this is also where extra faces and turned-away
  heads are counted;
* every ``local_every`` frames the face is re-detected in a small window around the
  track, which re-anchors position and size and refreshes the eye positions;
* in between, the face is followed by template matching in a small search window,
  which is cheap and stable (the same template gives the same answer for the same
  picture, so eye regions do not jitter).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

_CASCADES: dict[str, cv2.CascadeClassifier] = {}

# Where the eyes sit inside a Haar frontal-face box (fractions of its width/height),
# used until the eye cascade has located them in this clip.
DEFAULT_EYES = ((0.30, 0.38), (0.70, 0.38))
TEMPLATE_WIDTH = 64
DETECTION_LONG_SIDE = 400


def cascade(name: str) -> cv2.CascadeClassifier:
    if name in _CASCADES:
        return _CASCADES[name]
    if name not in _CASCADES:
        classifier = cv2.CascadeClassifier(cv2.data.haarcascades + name)
        if classifier.empty():
            raise RuntimeError(f"OpenCV cascade {name} is missing")
        _CASCADES[name] = classifier
    return _CASCADES[name]


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


def crop(image: np.ndarray, box: Box) -> tuple[np.ndarray, int, int]:
    """Crop ``box`` clipped to the image; returns the crop and its top-left corner."""
    height, width = image.shape[:2]
    x0 = int(max(0, round(box.x)))
    y0 = int(max(0, round(box.y)))
    x1 = int(min(width, round(box.x + box.w)))
    y1 = int(min(height, round(box.y + box.h)))
    return image[y0 : max(y0, y1), x0 : max(x0, x1)], x0, y0


def to_grey(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image


def green(image: np.ndarray) -> np.ndarray:
    """The green channel as a cheap stand-in for grey in per-frame measurements.

    Green carries most of the luminance (59 % of it in the usual weighting) and most
    of the detail; taking it is a free slice where a colour conversion is not.
    """
    return np.ascontiguousarray(image[..., 1]) if image.ndim == 3 else image


def overlap(a: Box, b: Box) -> float:
    """Intersection over union of two boxes."""
    ix = max(0.0, min(a.x + a.w, b.x + b.w) - max(a.x, b.x))
    iy = max(0.0, min(a.y + a.h, b.y + b.h) - max(a.y, b.y))
    inter = ix * iy
    union = a.w * a.h + b.w * b.h - inter
    return inter / union if union > 0 else 0.0


@dataclass
class FullDetection:
    """Outcome of a whole-frame search, kept for the clip statistics."""

    frontal_faces: int  # comparable-size frontal faces (>= 60 % of the largest)
    profile_only: bool  # no frontal face, but a face seen from the side


@dataclass
class FaceObservation:
    box: Box
    eyes: tuple[tuple[float, float], tuple[float, float]]  # eye centres, frame pixels


class FaceTracker:
    """Follows the main face; call :meth:`update` with every frame in order."""

    def __init__(self, frame_shape: tuple[int, ...], fps: float):
        height, width = frame_shape[:2]
        self.frame_width = width
        self.frame_height = height
        self.det_scale = min(1.0, DETECTION_LONG_SIDE / max(height, width))
        # A full search every 3 s, a local re-anchor twice a second: the
        # cascades are the most expensive step, template matching keeps up in between.
        self.full_every = max(1, round(fps * 3.0))
        self.local_every = max(1, round(fps * 0.4))
        self.search_every = max(1, round(fps * 0.25))
        self.max_unconfirmed = max(2, round(fps * 1.5))
        self.box: Box | None = None
        self.template: np.ndarray | None = None
        self.template_scale = 1.0
        self.rel_eyes = [list(DEFAULT_EYES[0]), list(DEFAULT_EYES[1])]
        self.eyes_located = 0
        self.local_count = 0
        self.since_full = self.search_every
        self.since_local = 0
        self.unconfirmed = 0
        self.detections: list[FullDetection] = []

    # -- detection -------------------------------------------------------------
    def _detect_full(self, frame: np.ndarray) -> Box | None:
        scale, step = self.det_scale, 1.1
        if self.box is not None:
            # While a face is followed this search only counts faces of a comparable
            # size (>= 60 % of it), so a smaller picture and coarser steps will do.
            scale, step = min(scale, 48.0 / self.box.w), 1.2
        small = cv2.resize(frame, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        grey = to_grey(small)
        faces = cascade("haarcascade_frontalface_default.xml").detectMultiScale(
            grey, scaleFactor=step, minNeighbors=5, minSize=(24, 24)
        )
        boxes = _drop_nested([Box(*(float(v) for v in face)) for face in faces])
        if self.box is None or len(boxes) > 1:
            # The default cascade has false hits on bright textures; a second cascade
            # must agree before a box can start a track or count as an extra face.
            boxes = [b for b in boxes if _confirmed(grey, b)]
        boxes = [Box(b.x / scale, b.y / scale, b.w / scale, b.h / scale) for b in boxes]
        if not boxes:
            profile = self._has_profile(grey)
            self.detections.append(FullDetection(0, profile))
            return None
        largest = max(b.w for b in boxes)
        comparable = [b for b in boxes if b.w >= 0.6 * largest]
        self.detections.append(FullDetection(len(comparable), False))
        if self.box is not None:
            # Stay with the face we follow; a detection elsewhere (or a box inside the
            # face) is counted above but does not make the track jump.
            best = max(boxes, key=lambda b: overlap(b, self.box))
            return best if overlap(best, self.box) > 0.3 else None
        return max(comparable, key=lambda b: b.w)

    @staticmethod
    def _has_profile(grey: np.ndarray) -> bool:
        profile = cascade("haarcascade_profileface.xml")
        kwargs = {"scaleFactor": 1.1, "minNeighbors": 5, "minSize": (24, 24)}
        if len(profile.detectMultiScale(grey, **kwargs)):
            return True
        return len(profile.detectMultiScale(cv2.flip(grey, 1), **kwargs)) > 0

    def _detect_local(self, frame: np.ndarray) -> Box | None:
        """Re-detect the face near the track, on a crop scaled to a face of ~80 px."""
        window = self.box.expanded(0.25)
        patch, x0, y0 = crop(frame, window)
        if patch.size == 0:
            return None
        scale = 80.0 / self.box.w
        small = cv2.resize(patch, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        grey = to_grey(small)
        faces = cascade("haarcascade_frontalface_default.xml").detectMultiScale(
            grey, scaleFactor=1.12, minNeighbors=4, minSize=(60, 60), maxSize=(104, 104)
        )
        if len(faces) == 0:
            return None
        x, y, w, h = max(faces, key=lambda f: f[2])
        found = Box(x0 + x / scale, y0 + y / scale, w / scale, h / scale)
        self.local_count += 1
        if self.eyes_located < 10 or self.local_count % 4 == 0:
            # Learn the eye positions quickly, then only check them now and then.
            self._locate_eyes(grey, (x, y, w, h))
        return found

    def _locate_eyes(self, grey: np.ndarray, face: tuple[int, int, int, int]) -> None:
        """Refine where the eyes sit in the face box, when both are clearly found.

        The eye cascade only finds open eyes, which is fine here: it is only used to
        learn the eye positions, never to decide whether the eyes are open.
        """
        x, y, w, h = (int(v) for v in face)
        upper = grey[y + int(0.15 * h) : y + int(0.6 * h), x : x + w]
        if upper.size == 0:
            return
        eyes = cascade("haarcascade_eye.xml").detectMultiScale(
            upper, scaleFactor=1.1, minNeighbors=5, minSize=(12, 12), maxSize=(w // 3, w // 3)
        )
        centres = [
            ((ex + ew / 2) / w, (ey + eh / 2 + int(0.15 * h)) / h) for ex, ey, ew, eh in eyes
        ]
        left = [c for c in centres if 0.12 < c[0] < 0.45]
        right = [c for c in centres if 0.55 < c[0] < 0.88]
        if len(left) != 1 or len(right) != 1 or abs(left[0][1] - right[0][1]) > 0.1:
            return
        # Running mean while learning, then a slow update, so one odd hit cannot move it.
        self.eyes_located += 1
        rate = max(0.1, 1.0 / self.eyes_located)
        for rel, found in zip(self.rel_eyes, (left[0], right[0]), strict=True):
            rel[0] += rate * (found[0] - rel[0])
            rel[1] += rate * (found[1] - rel[1])

    # -- tracking --------------------------------------------------------------
    def _capture_template(self, frame: np.ndarray) -> None:
        self.template_scale = TEMPLATE_WIDTH / self.box.w
        patch = _scaled_grey(frame, self.box, self.template_scale)
        if patch is None or patch.shape[0] < 8 or patch.shape[1] < 8:
            self.template = None
            return
        self.template = patch

    def _track(self, frame: np.ndarray) -> bool:
        if self.template is None:
            return False
        window = self.box.expanded(0.25)
        scale = self.template_scale
        small = _scaled_grey(frame, window, scale)
        th, tw = self.template.shape
        if small is None or small.shape[0] <= th or small.shape[1] <= tw:
            return False
        scores = cv2.matchTemplate(small, self.template, cv2.TM_CCOEFF_NORMED)
        _, best, _, (bx, by) = cv2.minMaxLoc(scores)
        if best < 0.5:
            return False
        dx, dy = _subpixel(scores, bx, by)
        x0, y0 = max(0.0, round(window.x)), max(0.0, round(window.y))
        self.box = Box(x0 + (bx + dx) / scale, y0 + (by + dy) / scale, self.box.w, self.box.h)
        return True

    def _anchor(self, frame: np.ndarray, found: Box, blend: float) -> None:
        if self.box is None or overlap(found, self.box) < 0.3:
            self.box = found
        else:
            b = self.box
            self.box = Box(
                b.x + blend * (found.x - b.x),
                b.y + blend * (found.y - b.y),
                b.w + blend * (found.w - b.w),
                b.h + blend * (found.h - b.h),
            )
        self._capture_template(frame)

    def update(self, frame: np.ndarray) -> FaceObservation | None:
        self.since_full += 1
        self.since_local += 1
        self.unconfirmed += 1
        if self.box is None:
            if self.since_full < self.search_every:
                return None  # no face: search again a little later, not on every frame
            self.since_full = 0
            found = self._detect_full(frame)
            if found is None:
                return None
            self._anchor(frame, found, blend=1.0)
            self.unconfirmed = 0
            self.since_local = self.local_every  # learn the eye positions right away
        else:
            if not self._track(frame):
                self.box = None
                return None
            if self.since_full >= self.full_every:
                self.since_full = 0
                found = self._detect_full(frame)
                if found is not None:
                    self._anchor(frame, found, blend=0.5)
                    self.unconfirmed = 0
        if self.since_local >= self.local_every:
            self.since_local = 0
            found = self._detect_local(frame)
            if found is not None:
                self._anchor(frame, found, blend=0.3)
                self.unconfirmed = 0
        if self.unconfirmed > self.max_unconfirmed:
            # Template matching alone can cling to a turned head or to the background;
            # without a detection for this long we no longer trust it.
            self.box = None
            return None
        return FaceObservation(box=self.box, eyes=self.eye_centres())

    def eye_centres(self) -> tuple[tuple[float, float], tuple[float, float]]:
        b = self.box
        left, right = self.rel_eyes
        return (
            (b.x + left[0] * b.w, b.y + left[1] * b.h),
            (b.x + right[0] * b.w, b.y + right[1] * b.h),
        )


def _scaled_grey(frame: np.ndarray, box: Box, scale: float) -> np.ndarray | None:
    """Grey crop of ``box`` resized by ``scale`` (always the same way, so that a
    template and the search window it is matched in are comparable).

    Large crops are first thinned by an integer stride: resizing a 1080p face crop
    with area averaging costs more than everything else done to the frame.
    """
    patch, _, _ = crop(frame, box)
    if patch.size == 0:
        return None
    stride = max(1, int(0.5 / scale))
    grey = green(patch[::stride, ::stride])
    factor = scale * stride
    return cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_LINEAR)


def _confirmed(grey: np.ndarray, box: Box) -> bool:
    """Does the alternative frontal cascade also see a face in (and around) ``box``?"""
    patch, _, _ = crop(grey, box.expanded(0.25))
    if patch.size == 0:
        return False
    size = int(0.6 * box.w)
    found = cascade("haarcascade_frontalface_alt2.xml").detectMultiScale(
        patch, scaleFactor=1.1, minNeighbors=3, minSize=(size, size)
    )
    return len(found) > 0


def _drop_nested(boxes: list[Box]) -> list[Box]:
    """Drop boxes that lie mostly inside a bigger one (the cascade finds part-faces)."""
    kept = []
    for box in boxes:
        nested = False
        for other in boxes:
            if other is box or other.w <= box.w:
                continue
            ix = max(0.0, min(box.x + box.w, other.x + other.w) - max(box.x, other.x))
            iy = max(0.0, min(box.y + box.h, other.y + other.h) - max(box.y, other.y))
            nested = nested or ix * iy > 0.5 * box.w * box.h
        if not nested:
            kept.append(box)
    return kept


def _subpixel(scores: np.ndarray, x: int, y: int) -> tuple[float, float]:
    """Parabolic refinement of a correlation peak, in template pixels."""

    def offset(minus: float, centre: float, plus: float) -> float:
        denominator = minus - 2 * centre + plus
        return 0.0 if denominator >= 0 else 0.5 * (minus - plus) / denominator

    h, w = scores.shape
    dx = offset(scores[y, x - 1], scores[y, x], scores[y, x + 1]) if 0 < x < w - 1 else 0.0
    dy = offset(scores[y - 1, x], scores[y, x], scores[y + 1, x]) if 0 < y < h - 1 else 0.0
    return float(np.clip(dx, -0.5, 0.5)), float(np.clip(dy, -0.5, 0.5))
