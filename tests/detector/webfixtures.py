"""Fixtures and helpers for the quick check's web tests (the engine's own fixtures
live in conftest.py). Clips are generated here with OpenCV, never stored in git."""

from __future__ import annotations

import io
from pathlib import Path

import cv2
import numpy as np
from django.conf import settings
from django.core.files.storage import storages
from django.urls import reverse

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def face_picture(width: int = 320, height: int = 240) -> np.ndarray:
    """A real face (the public-domain astronaut portrait from scikit-image), BGR."""
    from skimage import data

    rgb = data.astronaut()[:300, 60:460]
    return cv2.resize(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), (width, height))


def write_clip(
    path: Path,
    seconds: float = 3.0,
    fps: int = 10,
    size: tuple[int, int] = (320, 240),
    face: bool = True,
    blur_face_from_s: float | None = None,
    blur_face_until_s: float | None = None,
) -> Path:
    """An mp4 clip; with ``blur_face_from_s`` the face turns blurry from then on (until
    ``blur_face_until_s``, if given). The blur (sigma 6) smears the face past what the
    face models call a face: the engine measures it where the face was just before."""
    width, height = size
    base = face_picture(width, height) if face else np.full((height, width, 3), 90, np.uint8)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), fps, (width, height))
    assert writer.isOpened()
    for index in range(round(seconds * fps)):
        frame = base.copy()
        until = blur_face_until_s if blur_face_until_s is not None else float("inf")
        if blur_face_from_s is not None and blur_face_from_s <= index / fps < until:
            y0, y1, x0, x1 = height // 10, height * 6 // 10, width * 3 // 10, width * 7 // 10
            frame[y0:y1, x0:x1] = cv2.GaussianBlur(frame[y0:y1, x0:x1], (0, 0), 6)
        if not face:
            cv2.circle(frame, (20 + index * 3 % (width - 40), height // 2), 15, (255, 255, 255), -1)
        writer.write(frame)
    writer.release()
    return path


def clips_in(settings, folder: Path) -> Path:
    """The detector's private clip storage in ``folder`` (made here), for one test."""
    folder.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "clips": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": folder, "base_url": None},
        },
    }
    return folder


def stored_clips() -> list[str]:
    try:
        return storages["clips"].listdir("")[1]
    except FileNotFoundError:
        return []


def upload_bytes(client, content: bytes, name: str, **extra):
    """Upload as a browser does: the upload page first (it brings the session), then
    the form."""
    if settings.SESSION_COOKIE_NAME not in client.cookies:
        client.get(reverse("detector:upload"))
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(reverse("detector:upload"), {"clip": upload}, **extra)


def upload_file(client, path: Path, name: str | None = None, **extra):
    return upload_bytes(client, Path(path).read_bytes(), name or Path(path).name, **extra)


def make_analysis(**fields):
    """An Analysis row as a factory; ``report`` defaults to a small finished one."""
    from detector.models import Analysis

    return Analysis.objects.create(client_key=fields.pop("client_key", "test-client"), **fields)


def give_to(client, analysis) -> None:
    """Make ``analysis`` belong to the test client's session, as an upload would."""
    from detector.views import SESSION_KEY

    session = client.session
    session[SESSION_KEY] = [*session.get(SESSION_KEY, []), analysis.pk]
    session.save()


def finished_report(**overrides) -> dict:
    """A report in the engine's format, for pages that only display one."""
    report = {
        "version": "1.0",
        "width": 320,
        "height": 240,
        "duration_s": 30.0,
        "fps": 10.0,
        "frames_analysed": 300,
        "face_found_ratio": 0.98,
        "blinks": [{"start_s": 3.1, "end_s": 3.3}, {"start_s": 14.0, "end_s": 14.2}],
        "blink_rate_per_min": 4.0,
        "blurry_frames": [{"time_s": 20.0, "face_sharpness": 10.0, "scene_sharpness": 90.0}],
        "suspicious_moments": [
            {
                "time_s": 20.0,
                "reason": "face_blurrier_than_scene",
                "detail": "Van 20,0 tot 21,0 s is het gezicht veel minder scherp.",
                "face_box": [100, 50, 80, 80],
            }
        ],
        "signals": {"blink_rate": "low", "blur": "some"},
        "unknown_reasons": [],
        "series": {
            "time_s": [i * 0.5 for i in range(61)],
            "eye_openness": [0.3 if i not in (6, 28) else 0.05 for i in range(61)],
            "face_sharpness": [80.0 if i != 40 else 10.0 for i in range(61)],
            "scene_sharpness": [90.0] * 61,
        },
    }
    report.update(overrides)
    return report
