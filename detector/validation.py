"""Checks on an uploaded clip before anything is kept.

Three gates, cheapest first: the name must end in a video extension we accept, the
first bytes must be that kind of container (a PNG renamed to .mp4 fails here), and
the container's headers must describe video of an acceptable size and length.

Nothing here decodes a frame: one frame of a 16000 × 16000 clip needs gigabytes,
and the web process must stay small. The headers are read by
detector.analysis.container (hachoir); the first decode happens in the worker, in a
child process with a memory cap (detector/isolation.py).

Only the last extension counts: ``clip.mp4.exe`` is refused, ``clip.exe.mp4`` is
accepted when its bytes really are a video. The uploaded name is never used to store
or open anything (the clip gets a random name), so the middle part does no harm.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

# Container family per extension; the magic bytes must match the family.
EXTENSIONS = {
    ".mp4": "iso",
    ".m4v": "iso",
    ".mov": "iso",
    ".webm": "ebml",
    ".mkv": "ebml",
    ".avi": "riff",
}
# First box types of ISO base media (MP4) and QuickTime files.
ISO_BOXES = {b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip"}


class ClipRejected(Exception):
    """The clip cannot be accepted; ``str(error)`` is a Dutch message for the user."""


@dataclass(frozen=True)
class AcceptedClip:
    extension: str
    width: int
    height: int
    duration_s: float | None


def extension_of(name: str) -> str:
    # Browsers send a bare name, but a crafted request may send a path.
    base = PurePath(name.replace("\\", "/")).name
    return os.path.splitext(base)[1].lower()


def container_family(head: bytes) -> str | None:
    if len(head) >= 8 and head[4:8] in ISO_BOXES:
        return "iso"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "ebml"
    if len(head) >= 12 and head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return "riff"
    return None


def allowed_extensions_text() -> str:
    return ", ".join(ext.lstrip(".") for ext in EXTENSIONS)


def check_name_and_size(upload: UploadedFile) -> str:
    extension = extension_of(upload.name or "")
    if extension not in EXTENSIONS:
        raise ClipRejected(
            "Dit soort bestand kunnen we niet controleren. "
            f"Kies een video die eindigt op {allowed_extensions_text()}."
        )
    if not upload.size:
        raise ClipRejected("Het bestand is leeg.")
    max_bytes = settings.DETECTOR_MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > max_bytes:
        raise ClipRejected(
            f"De video is te groot. Het mag hoogstens {settings.DETECTOR_MAX_UPLOAD_MB} MB zijn."
        )
    return extension


def check_magic(upload: UploadedFile, extension: str) -> None:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if container_family(head) != EXTENSIONS[extension]:
        raise ClipRejected(
            "Dit bestand is geen video, of het is een ander soort bestand dan de naam zegt."
        )


def probe(upload: UploadedFile):
    """Read the container's headers of the file on disk (the upload's temp file when
    there is one). Never decodes a frame."""
    from detector.analysis.container import ContainerError, read_container

    try:
        if hasattr(upload, "temporary_file_path"):
            return read_container(upload.temporary_file_path())
        with tempfile.NamedTemporaryFile(
            suffix=extension_of(upload.name or ""), dir=settings.FILE_UPLOAD_TEMP_DIR
        ) as tmp:
            upload.seek(0)
            for chunk in upload.chunks():
                tmp.write(chunk)
            tmp.flush()
            upload.seek(0)
            return read_container(tmp.name)
    except ContainerError as error:
        from detector import wording

        raise ClipRejected(wording.error_text(error.code)) from error


def check_probe(info) -> None:
    if not info.has_video:
        raise ClipRejected(
            "In dit bestand vinden we geen beeld. Misschien is het bestand beschadigd, "
            "of zit er alleen geluid in."
        )
    if info.width * info.height > settings.DETECTOR_MAX_PIXELS:
        raise ClipRejected(
            f"De beelden zijn te groot ({info.width} × {info.height} pixels). "
            "Maak de video kleiner, bijvoorbeeld 1280 × 720, en probeer het opnieuw."
        )
    # More pictures than two minutes at 120 frames a second: a clip made to be slow.
    max_frames = settings.DETECTOR_MAX_DURATION_S * 120
    if info.frame_count is not None and info.frame_count > max_frames:
        raise ClipRejected(
            f"In deze video zitten te veel beelden ({info.frame_count}). "
            "Knip er een kort stukje uit en probeer het opnieuw."
        )
    if info.duration_s is not None and info.duration_s > settings.DETECTOR_MAX_DURATION_S:
        raise ClipRejected(
            f"De video is te lang ({round(info.duration_s)} seconden). "
            f"Hij mag hoogstens {settings.DETECTOR_MAX_DURATION_S} seconden duren. "
            "Knip er een stukje uit."
        )


def validate_clip(upload: UploadedFile) -> AcceptedClip:
    extension = check_name_and_size(upload)
    check_magic(upload, extension)
    info = probe(upload)
    check_probe(info)
    return AcceptedClip(extension, info.width, info.height, info.duration_s)
