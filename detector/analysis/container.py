"""What a video file says about itself: a bounded sniff of the container's headers.

The web process must never decode a frame of an uploaded clip (one frame of a
16000 × 16000 clip needs gigabytes), and must never let a file decide how much work
it does. This module walks the container's framing (MP4/QuickTime boxes, Matroska/
WebM elements, AVI chunks) just far enough to find width, height, frame count and
duration, under hard limits set before the first byte is read:

- at most ``MAX_ELEMENTS`` boxes, elements or chunks are looked at;
- at most ``MAX_READ_BYTES`` bytes are read (payloads of header boxes only; the
  picture data is skipped with a seek, never read);
- at most ``MAX_SECONDS`` of wall time;
- nothing is kept but a handful of numbers, so memory stays flat whatever the file.

Past a limit the file is refused as too complex (``container_too_complex``). A real
clip needs a few dozen elements; an attacker's file of a million empty boxes is
refused after ``MAX_ELEMENTS``, having cost a few milliseconds. (A general parser
such as hachoir builds and keeps an object per box before a budget can apply: an
8 MB file of empty boxes took a web process to 1.5 GB.)

The numbers come from the file and can lie (a small header over a huge picture, a
duration that is too short or missing): the header numbers only refuse clips early.
The decoder in the worker's capped child process (detector/isolation.py) is the
real judge, and the engine stops at the length limit on the decoded timeline. Where
a file gives a size in more than one place, the largest one counts.
"""

from __future__ import annotations

import os
import struct
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from .codes import ContainerErrorCode

# A real clip's headers take a few dozen boxes; a phone's MP4 about 40.
MAX_ELEMENTS = 2_000
# Header payloads (track tables are skipped unread); a real clip reads a few KB.
MAX_READ_BYTES = 1024 * 1024
MAX_SECONDS = 1.0
# A header box we read whole into memory is never bigger than this.
MAX_HEADER_BOX = 64 * 1024
# Boxes are nested a few levels deep (moov/trak/mdia/minf/stbl/stsd); no deeper.
MAX_DEPTH = 8


class ContainerError(Exception):
    """The container cannot be read; ``error.code`` says why (one of
    ``codes.CONTAINER_ERROR_CODES``; the web side words it). ``elements`` and
    ``bytes_read`` say how far the sniff got."""

    def __init__(self, code: ContainerErrorCode, elements: int = 0, bytes_read: int = 0) -> None:
        super().__init__(code)
        self.code: ContainerErrorCode = code
        self.elements = elements
        self.bytes_read = bytes_read


@dataclass(frozen=True)
class ContainerInfo:
    has_video: bool
    width: int
    height: int
    frame_count: int | None
    duration_s: float | None
    # How much the sniff looked at: elements (boxes, elements, chunks) and bytes read.
    elements: int = 0
    bytes_read: int = 0


class _Source:
    """The file, read under the limits: every element and byte is counted."""

    def __init__(self, stream: BinaryIO, size: int) -> None:
        self.stream = stream
        self.size = size
        self.elements = 0
        self.bytes_read = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def refuse(self, code: ContainerErrorCode) -> ContainerError:
        return ContainerError(code, self.elements, self.bytes_read)

    def count_element(self) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS or time.monotonic() > self.deadline:
            raise self.refuse("container_too_complex")

    def read(self, offset: int, length: int) -> bytes:
        if length > MAX_HEADER_BOX or self.bytes_read + length > MAX_READ_BYTES:
            raise self.refuse("container_too_complex")
        self.stream.seek(offset)
        data = self.stream.read(length)
        self.bytes_read += len(data)
        if len(data) < length:
            raise self.refuse("container_unreadable")
        return data


class _Found:
    """What the walk has found so far."""

    def __init__(self) -> None:
        self.sizes: list[tuple[int, int]] = []
        self.frame_counts: list[int] = []
        self.durations: list[float] = []
        self.has_video = False
        self.timescale = 0  # MP4: the movie's ticks per second (for mehd)

    def info(self, source: _Source) -> ContainerInfo:
        width = max((w for w, _ in self.sizes), default=0)
        height = max((h for _, h in self.sizes), default=0)
        has_video = self.has_video and width > 0 and height > 0
        return ContainerInfo(
            has_video=has_video,
            width=width,
            height=height,
            frame_count=max(self.frame_counts) if self.frame_counts else None,
            duration_s=max(self.durations) if self.durations else None,
            elements=source.elements,
            bytes_read=source.bytes_read,
        )


def _uint(data: bytes, offset: int, size: int) -> int:
    return int.from_bytes(data[offset : offset + size], "big")


# -- MP4 and QuickTime (ISO base media file format) -------------------------------------

# Boxes whose children hold what we need; everything else is skipped unread.
ISO_PARENTS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"mvex"}
ISO_READ = {b"mvhd", b"mehd", b"tkhd", b"mdhd", b"hdlr", b"stsd", b"stsz", b"stz2"}


def _iso_boxes(source: _Source, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, payload offset, payload end) of each box in [start, end)."""
    offset = start
    while offset + 8 <= end:
        source.count_element()
        header = source.read(offset, 8)
        size, kind = struct.unpack(">I4s", header)
        payload = offset + 8
        if size == 1:  # a 64-bit size follows
            size = struct.unpack(">Q", source.read(offset + 8, 8))[0]
            payload += 8
        elif size == 0:  # to the end of the file (or of the parent)
            size = end - offset
        if size < payload - offset or offset + size > end:
            if offset + size > end and kind == b"mdat":
                return  # a truncated upload: picture data cut short, headers read
            raise source.refuse("container_unreadable")
        yield kind, payload, offset + size
        offset += size


@dataclass
class _Track:
    handler: bytes | None = None
    sizes: list[tuple[int, int]] = field(default_factory=list)
    count: int | None = None
    duration: float | None = None


def _iso_walk(
    source: _Source, found: _Found, start: int, end: int, depth: int, track: _Track
) -> bool:
    """Walk boxes; True once the movie box (moov) has been read."""
    if depth > MAX_DEPTH:
        raise source.refuse("container_too_complex")
    for kind, payload, box_end in _iso_boxes(source, start, end):
        if kind == b"trak":
            this_track = _Track()
            _iso_walk(source, found, payload, box_end, depth + 1, this_track)
            if this_track.handler == b"vide":
                found.has_video = True
                found.sizes.extend(this_track.sizes)
                if this_track.count is not None:
                    found.frame_counts.append(this_track.count)
                if this_track.duration is not None:
                    found.durations.append(this_track.duration)
        elif kind in ISO_PARENTS:
            _iso_walk(source, found, payload, box_end, depth + 1, track)
        elif kind in ISO_READ:
            length = min(box_end - payload, 256 if kind != b"stsd" else 1024)
            _iso_read(kind, source.read(payload, length), found, track)
        if depth == 0 and kind == b"moov":
            return True
    return False


def _iso_read(kind: bytes, data: bytes, found: _Found, track: _Track) -> None:
    if len(data) < 8:
        return
    version = data[0]
    if kind in (b"mvhd", b"mdhd"):
        if version == 1 and len(data) >= 32:
            timescale, duration = _uint(data, 20, 4), _uint(data, 24, 8)
        elif len(data) >= 20:
            timescale, duration = _uint(data, 12, 4), _uint(data, 16, 4)
        else:
            return
        # All ones means "unknown"; fragmented files say 0 here.
        known = duration not in (0, 0xFFFFFFFF, 0xFFFFFFFFFFFFFFFF)
        if timescale and known:
            if kind == b"mvhd":
                found.durations.append(duration / timescale)
            else:
                track.duration = duration / timescale
        if kind == b"mvhd":
            found.timescale = timescale
    elif kind == b"mehd":  # a fragmented file's whole duration, in the movie's time scale
        duration = _uint(data, 4, 8) if version == 1 else _uint(data, 4, 4)
        if duration and found.timescale:
            found.durations.append(duration / found.timescale)
    elif kind == b"tkhd":
        at = 88 if version == 1 else 76  # width and height, 16.16 fixed point
        if len(data) >= at + 8:
            track.sizes.append((_uint(data, at, 4) >> 16, _uint(data, at + 4, 4) >> 16))
    elif kind == b"hdlr" and track.handler is None:
        # The media handler comes first; QuickTime adds a data handler after it.
        track.handler = data[8:12]
    elif kind == b"stsd" and len(data) >= 8 + 36:
        # The first sample entry (after version and entry count): 8 bytes of box
        # header, 24 more, then width and height.
        track.sizes.append((_uint(data, 8 + 32, 2), _uint(data, 8 + 34, 2)))
    elif kind in (b"stsz", b"stz2") and len(data) >= 12:
        # Fragmented files list no samples here (0): the count is unknown.
        track.count = _uint(data, 8, 4) or None


def _read_iso(source: _Source) -> _Found:
    found = _Found()
    _iso_walk(source, found, 0, source.size, 0, _Track())
    return found


# -- Matroska and WebM (EBML) -----------------------------------------------------------

EBML_HEADER = 0x1A45DFA3
SEGMENT = 0x18538067
CLUSTER = 0x1F43B675
INFO, TIMECODE_SCALE, DURATION = 0x1549A966, 0x2AD7B1, 0x4489
TRACKS, TRACK_ENTRY, TRACK_TYPE, VIDEO = 0x1654AE6B, 0xAE, 0x83, 0xE0
PIXEL_WIDTH, PIXEL_HEIGHT = 0xB0, 0xBA
EBML_PARENTS = {INFO, TRACKS, TRACK_ENTRY, VIDEO}
EBML_NUMBERS = {TIMECODE_SCALE, DURATION, TRACK_TYPE, PIXEL_WIDTH, PIXEL_HEIGHT}
UNKNOWN_SIZE = -1


def _vint(source: _Source, offset: int, keep_marker: bool) -> tuple[int, int]:
    """An EBML variable-length number at offset: (value, length in bytes)."""
    first = source.read(offset, 1)[0]
    length = 1
    while length <= 8 and not first & (0x80 >> (length - 1)):
        length += 1
    if length > (4 if keep_marker else 8):
        raise source.refuse("container_unreadable")
    data = source.read(offset, length)
    value = int.from_bytes(data, "big")
    if keep_marker:
        return value, length
    value &= (1 << (7 * length)) - 1
    if value == (1 << (7 * length)) - 1:
        return UNKNOWN_SIZE, length
    return value, length


def _ebml_elements(source: _Source, start: int, end: int) -> Iterator[tuple[int, int, int]]:
    """(id, payload offset, payload end) of each element in [start, end); an element
    of unknown size reaches to ``end``."""
    offset = start
    while offset < end:
        source.count_element()
        element, id_length = _vint(source, offset, keep_marker=True)
        size, size_length = _vint(source, offset + id_length, keep_marker=False)
        payload = offset + id_length + size_length
        payload_end = end if size == UNKNOWN_SIZE else payload + size
        if payload_end > end:
            if element == CLUSTER:
                return  # a truncated upload: picture data cut short, headers read
            raise source.refuse("container_unreadable")
        yield element, payload, payload_end
        offset = payload_end


def _read_ebml(source: _Source) -> _Found:
    found = _Found()
    numbers: dict[int, float] = {}
    for element, payload, end in _ebml_elements(source, 0, source.size):
        if element != SEGMENT:
            continue
        for child, child_payload, child_end in _ebml_elements(source, payload, end):
            if child == CLUSTER:
                break  # the pictures begin; the headers we need come before them
            if child in (INFO, TRACKS):
                _ebml_walk(source, found, numbers, child_payload, child_end, 1)
        break
    scale = numbers.get(TIMECODE_SCALE, 1_000_000.0)  # nanoseconds per tick
    duration = numbers.get(DURATION)
    if duration is not None and duration > 0:
        found.durations.append(duration * scale / 1e9)
    return found


def _ebml_walk(
    source: _Source, found: _Found, numbers: dict[int, float], start: int, end: int, depth: int
) -> None:
    if depth > MAX_DEPTH:
        raise source.refuse("container_too_complex")
    for element, payload, element_end in _ebml_elements(source, start, end):
        if element == TRACK_ENTRY:
            track: dict[int, float] = {}
            _ebml_walk(source, found, track, payload, element_end, depth + 1)
            width, height = int(track.get(PIXEL_WIDTH, 0)), int(track.get(PIXEL_HEIGHT, 0))
            if track.get(TRACK_TYPE) == 1 or (width and height):
                found.has_video = True
                found.sizes.append((width, height))
        elif element in EBML_PARENTS:
            _ebml_walk(source, found, numbers, payload, element_end, depth + 1)
        elif element in EBML_NUMBERS:
            length = element_end - payload
            if not 0 < length <= 8:
                continue
            data = source.read(payload, length)
            if element == DURATION:
                if length in (4, 8):
                    value = struct.unpack(">f" if length == 4 else ">d", data)[0]
                    if value == value and 0 < value < 1e18:  # not NaN, not absurd
                        numbers[element] = value
            else:
                numbers[element] = float(int.from_bytes(data, "big"))


# -- AVI (RIFF) -------------------------------------------------------------------------


def _riff_chunks(source: _Source, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(id, payload offset, payload end) of each chunk in [start, end)."""
    offset = start
    while offset + 8 <= end:
        source.count_element()
        kind, size = struct.unpack("<4sI", source.read(offset, 8))
        payload = offset + 8
        if payload + size > end:
            if kind == b"LIST":
                return  # a truncated upload: the picture list cut short
            raise source.refuse("container_unreadable")
        yield kind, payload, payload + size
        offset = payload + size + (size & 1)  # chunks are padded to an even length


def _read_riff(source: _Source) -> _Found:
    found = _Found()
    found.has_video = False
    end = min(source.size, 8 + struct.unpack("<I", source.read(4, 4))[0])
    for kind, payload, chunk_end in _riff_chunks(source, 12, end):
        if kind == b"LIST" and source.read(payload, 4) == b"hdrl":
            _riff_headers(source, found, payload + 4, chunk_end, 1)
            break
        if kind == b"LIST" and source.read(payload, 4) == b"movi":
            break
    return found


def _riff_headers(source: _Source, found: _Found, start: int, end: int, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise source.refuse("container_too_complex")
    stream_type = b""
    for kind, payload, chunk_end in _riff_chunks(source, start, end):
        length = min(chunk_end - payload, 256)
        if kind == b"avih" and length >= 40:
            data = source.read(payload, length)
            per_frame_us, frames = struct.unpack_from("<I12xI", data, 0)
            width, height = struct.unpack_from("<II", data, 32)
            found.sizes.append((width, height))
            if frames:
                found.frame_counts.append(frames)
                if per_frame_us:
                    found.durations.append(frames * per_frame_us / 1e6)
        elif kind == b"LIST" and source.read(payload, 4) == b"strl":
            _riff_headers(source, found, payload + 4, chunk_end, depth + 1)
        elif kind == b"strh" and length >= 36:
            data = source.read(payload, length)
            stream_type = data[:4]
            if stream_type == b"vids":
                found.has_video = True
                scale, rate, _start, frames = struct.unpack_from("<IIII", data, 20)
                if frames:
                    found.frame_counts.append(frames)
                    if scale and rate:
                        found.durations.append(frames * scale / rate)
        elif kind == b"strf" and stream_type == b"vids" and length >= 12:
            width, height = struct.unpack_from("<ii", source.read(payload, 12), 4)
            found.sizes.append((abs(width), abs(height)))


# -- the one entry point ----------------------------------------------------------------

READERS = {"iso": _read_iso, "ebml": _read_ebml, "riff": _read_riff}


def container_family(head: bytes) -> str | None:
    """The container family by the first bytes (magic), or None."""
    if len(head) >= 8 and head[4:8] in {b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip"}:
        return "iso"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "ebml"
    if len(head) >= 12 and head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return "riff"
    return None


def read_container(file: str | os.PathLike[str] | BinaryIO) -> ContainerInfo:
    """Width, height, frame count and duration from the headers of a file (a path, or
    a seekable binary stream such as an upload kept in memory), read under the
    module's limits; raises ContainerError."""
    if isinstance(file, str | os.PathLike):
        try:
            with open(file, "rb") as stream:
                return _read_stream(stream)
        except OSError as error:
            raise ContainerError("container_unreadable") from error
    try:
        return _read_stream(file)
    except OSError as error:
        raise ContainerError("container_unreadable") from error


def _read_stream(stream: BinaryIO) -> ContainerInfo:
    size = stream.seek(0, os.SEEK_END)
    stream.seek(0)
    family = container_family(stream.read(16))
    if family is None:
        raise ContainerError("container_unreadable")
    source = _Source(stream, size)
    try:
        return READERS[family](source).info(source)
    except ContainerError:
        raise
    except (struct.error, IndexError, ValueError, RecursionError) as error:
        raise source.refuse("container_unreadable") from error
