"""What a video file says about itself, read from the container without decoding.

The web process must never decode a frame of an uploaded clip: one frame of a
16000 × 16000 clip needs gigabytes. This module reads width, height, frame count
and duration from the container's headers with hachoir (a pure-Python parser of
binary formats) so that oversized clips are refused on these numbers alone.

The numbers come from the file and can lie (a small header over a huge picture);
that is why the first decode happens in the worker, in a child process with a
memory cap (detector/isolation.py). Where a file gives a size in more than one
place (MP4: track header and sample description), the largest one counts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from hachoir.core import config as hachoir_config
from hachoir.metadata import extractMetadata
from hachoir.parser import createParser

# hachoir prints warnings about odd files to stderr; they mean nothing to a visitor.
hachoir_config.quiet = True

# A hostile file can hold a great many boxes; we never look at more than this.
MAX_FIELDS = 20_000
ISO_CONTAINERS = {"moov", "trak", "mdia", "minf", "stbl", "stsd", "edts"}


class ContainerError(Exception):
    """The container cannot be read; ``error.code`` says why (``detector/wording.py``
    words it): ``container_unreadable`` or ``container_too_complex``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ContainerInfo:
    has_video: bool
    width: int
    height: int
    frame_count: int | None
    duration_s: float | None


class _Budget:
    def __init__(self) -> None:
        self.left = MAX_FIELDS

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise ContainerError("container_too_complex")


def _value(field_set: Any, name: str) -> Any:
    try:
        return field_set[name].value if name in field_set else None
    except Exception:  # hostile files break parsers in many ways
        return None


def _iso_tracks(parser: Any, budget: _Budget) -> list[dict[str, Any]]:
    """Per track of an MP4/QuickTime file: its handler, sizes and sample count."""
    tracks = []
    for atom in parser:
        budget.spend()
        if _value(atom, "tag") != "moov" or "movie" not in atom:
            continue
        for child in atom["movie"]:
            budget.spend()
            if child.is_field_set and _value(child, "tag") == "trak" and "track" in child:
                track: dict[str, Any] = {"sizes": [], "count": None, "handler": None}
                _walk_track(child["track"], track, budget)
                tracks.append(track)
    return tracks


def _walk_track(field_set: Any, track: dict[str, Any], budget: _Budget) -> None:
    for field in field_set:
        budget.spend()
        if not field.is_field_set:
            continue
        name = field.name
        if name == "track_hdr":
            track["sizes"].append(
                (_value(field, "frame_size_width"), _value(field, "frame_size_height"))
            )
        elif name == "hdlr" and track["handler"] is None:
            # The media handler comes first; QuickTime adds a data handler after it.
            track["handler"] = _value(field, "subtype")
        elif name == "stsz":
            track["count"] = _value(field, "count")
        elif name.startswith("sample_entry"):
            track["sizes"].append((_value(field, "width"), _value(field, "height")))
        elif name == "data":
            continue
        else:
            _walk_track(field, track, budget)


def _meta(metadata: Any, name: str) -> Any:
    try:
        return metadata.get(name, None)
    except Exception:
        return None


def _largest(sizes: list[tuple[Any, Any]]) -> tuple[int, int]:
    width = height = 0
    for w, h in sizes:
        try:
            width, height = max(width, int(w or 0)), max(height, int(h or 0))
        except (TypeError, ValueError, OverflowError):
            continue
    return width, height


def _avi_frames(parser: Any) -> int | None:
    try:
        return int(parser["headers/avi_hdr/total_frame"].value)
    except Exception:
        return None


def read_container(path: str | os.PathLike[str]) -> ContainerInfo:
    """Width, height, frame count and duration from the headers; raises ContainerError."""
    budget = _Budget()
    try:
        parser = createParser(str(path))
    except Exception as error:
        raise ContainerError("container_unreadable") from error
    if parser is None:
        raise ContainerError("container_unreadable")
    try:
        with parser:
            metadata = extractMetadata(parser)
            sizes: list[tuple[Any, Any]] = []
            frame_count: int | None = None
            has_video = False
            duration_s: float | None = None
            if metadata is not None:
                duration = _meta(metadata, "duration")
                if duration is not None:
                    duration_s = duration.total_seconds()
                groups = [metadata]
                if hasattr(metadata, "iterGroups"):
                    groups.extend(metadata.iterGroups())
                for group in groups:
                    sizes.append((_meta(group, "width"), _meta(group, "height")))
            mime = parser.mime_type or ""
            if parser.__class__.__name__ == "MP4File":
                tracks = _iso_tracks(parser, budget)
                video = [t for t in tracks if t["handler"] == "vide"]
                has_video = bool(video)
                for track in video:
                    sizes.extend(track["sizes"])
                counts = [t["count"] for t in video if t["count"] is not None]
                frame_count = max(counts) if counts else None
            elif mime == "video/x-msvideo":
                frame_count = _avi_frames(parser)
                has_video = True
            else:
                has_video = any(w and h for w, h in sizes)
    except ContainerError:
        raise
    except Exception as error:
        raise ContainerError("container_unreadable") from error
    width, height = _largest(sizes)
    if width <= 0 or height <= 0:
        has_video = False
    return ContainerInfo(has_video, width, height, frame_count, duration_s)
