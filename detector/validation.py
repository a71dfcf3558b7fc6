"""Checks on an uploaded clip before anything is kept.

Three gates, cheapest first: the name must end in a video extension we accept, the
first bytes must be that kind of container (a PNG renamed to .mp4 fails here), and
the container's headers must describe video of an acceptable size.

Nothing here decodes a frame: one frame of a 16000 × 16000 clip needs gigabytes,
and the web process must stay small. The headers are read by
detector.analysis.container, a sniff with hard limits on elements, bytes and time
set before it reads anything; the first decode happens in the worker, in a child
process with a memory cap (detector/isolation.py). The length is not judged here:
headers can lie or say nothing (a fragmented MP4, a browser recording), so the
engine stops at the length limit on the decoded timeline and the result says so.

Only the last extension counts: ``clip.mp4.exe`` is refused, ``clip.exe.mp4`` is
accepted when its bytes really are a video. The uploaded name is never used to store
or open anything (the clip gets a random name), so the middle part does no harm.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO, cast

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from detector.wording import errors

# Container family per extension; the magic bytes must match the family.
EXTENSIONS = {
    ".mp4": "iso",
    ".m4v": "iso",
    ".mov": "iso",
    ".webm": "ebml",
    ".mkv": "ebml",
    ".avi": "riff",
}


class ClipRejected(Exception):
    """The clip cannot be accepted; ``str(error)`` is a Dutch message for the user.
    ``sniffed``: the refusal came after the container's headers were read, so it cost
    the web process some work and counts toward the per-address limit."""

    def __init__(self, message: str, sniffed: bool = False) -> None:
        super().__init__(message)
        self.sniffed = sniffed


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


def check_name_and_size(upload: UploadedFile) -> str:
    extension = extension_of(upload.name or "")
    if extension not in EXTENSIONS:
        raise ClipRejected(errors.wrong_extension(ext.lstrip(".") for ext in EXTENSIONS))
    if not upload.size:
        raise ClipRejected(errors.EMPTY_FILE)
    max_bytes = settings.DETECTOR_MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > max_bytes:
        raise ClipRejected(errors.video_too_large(settings.DETECTOR_MAX_UPLOAD_MB))
    return extension


def check_magic(upload: UploadedFile, extension: str) -> None:
    from detector.analysis.container import container_family

    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if container_family(head) != EXTENSIONS[extension]:
        raise ClipRejected(errors.NOT_A_VIDEO)


def probe(upload: UploadedFile):
    """Read the container's headers of the upload (its temp file, or the bytes kept in
    memory for a small one), under the sniff's limits. Never decodes a frame."""
    from detector.analysis.container import ContainerError, read_container

    try:
        if hasattr(upload, "temporary_file_path"):
            return read_container(upload.temporary_file_path())
        try:
            return read_container(cast(BinaryIO, upload.file))
        finally:
            upload.seek(0)
    except ContainerError as error:
        raise ClipRejected(errors.error_text(error.code), sniffed=True) from error


def check_probe(info) -> None:
    if not info.has_video:
        raise ClipRejected(errors.NO_PICTURE, sniffed=True)
    if info.width * info.height > settings.DETECTOR_MAX_PIXELS:
        raise ClipRejected(errors.too_many_pixels(info.width, info.height), sniffed=True)


def validate_clip(upload: UploadedFile) -> AcceptedClip:
    extension = check_name_and_size(upload)
    check_magic(upload, extension)
    info = probe(upload)
    check_probe(info)
    return AcceptedClip(extension, info.width, info.height, info.duration_s)
