"""Browser recordings made seekable: a cheap copy into Matroska before the analysis.

A recording made in the browser (MediaRecorder) is written while it is being made,
so its header cannot say how long it is. Chrome's and Firefox's WebM (VP8, VP9) have
no Duration and no Cues (the index of key frames); the decoder then knows neither
the length nor where to seek, and the engine measures the clip in one stretch on one
core (see pipeline.plan_stretches). Copying the video packets into a Matroska file
that is written to disk fixes both: FFmpeg's muxer writes the Duration and the Cues
when it closes a file it can seek in. The pictures are not decoded or encoded again,
so this takes milliseconds (a 20 s recording: under 10 ms) and every packet keeps
its timestamp: the report's times are those of the original recording.

Only what the analysis needs is copied: the first video stream. The sound is left
out (not needed, and a pupil's voice need not be copied anywhere). The copy is made
under hard limits set before the first packet is read, so that a hostile file cannot
make it work long or big: ``MAX_PACKETS`` packets, ``MAX_BYTES`` bytes and
``MAX_SECONDS`` of wall time; with a length limit it stops a little after that limit
(the engine stops there anyway). Past a limit, when FFmpeg cannot read or write the
file, or when the decoder would count far more frames in the copy than it holds (see
MIN_COUNTED_SHARE), the engine reads the original file as before: the copy only makes
the analysis faster, never different.

The copy lives in a temporary folder (never next to the uploaded clip) and is
deleted when the analysis ends, also when it fails. On Linux it loses its name as
soon as it is written and is read through its open file (``/proc/self/fd``): a
process that is killed during the analysis (the worker kills a child that goes over
its time or memory) leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .container import ContainerError, container_family, read_container
from .video import AnalysisError, probe_video

if TYPE_CHECKING:
    from av.container import InputContainer, OutputContainer

logger = logging.getLogger(__name__)

# The bench turns the copy off to compare (bench/recording.py); nothing else should.
ENABLED = True
# Far above any real recording: two minutes at 60 fps are 7,200 packets, and an upload
# is at most DETECTOR_MAX_UPLOAD_MB (50 MB by default).
MAX_PACKETS = 250_000
MAX_BYTES = 512 * 1024 * 1024
MAX_SECONDS = 5.0
# With a length limit, packets up to this long after it are still copied: a frame's
# decoding time comes before the time it is shown (and the engine judges the limit on
# the frames' times).
PAST_LIMIT_S = 1.0
# No prefix that says what is in the file.
COPY_PREFIX = "echt-"
# The decoder counts the copy's frames as its Duration times the frame rate FFmpeg
# guesses from the first frames; a browser on a busy computer records fewer frames
# than it asked for, so the count can be far too high. The engine takes a clip that
# decodes to under 30 % of its count for a truncated upload (pipeline.measure_clip),
# so the copy is used only when the packets copied are at least this share of it.
MIN_COUNTED_SHARE = 0.4


@dataclass(frozen=True)
class CopyLimits:
    """How much the copy may take: packets read, bytes read, wall seconds; and from
    how many seconds after the first packet on nothing more is needed (None: all)."""

    packets: int
    bytes: int
    seconds: float
    until_s: float | None = None

    @classmethod
    def of(cls, max_duration_s: float | None, time_limit_s: float | None) -> CopyLimits:
        """The module's limits, within the engine's time limit and length limit."""
        seconds = MAX_SECONDS if time_limit_s is None else min(MAX_SECONDS, time_limit_s)
        until = None if max_duration_s is None else max_duration_s + PAST_LIMIT_S
        return cls(MAX_PACKETS, MAX_BYTES, max(0.0, seconds), until)


def needs_copy(path: str | os.PathLike[str]) -> bool:
    """True for a clip whose length the decoder cannot know without reading all of it.

    Decided from the header (``container.read_container``, a few hundred bytes read)
    where it can be: a WebM or Matroska file without a Duration needs the copy; a file
    whose header gives its length does not. A fragmented MP4 says nothing in its
    header, but FFmpeg reads its fragments when it opens the file and often knows the
    length after all: then OpenCV's probe decides, as the engine would. A file the
    header reader or the probe cannot read is left as it is (the engine says why).
    """
    try:
        header = read_container(path)
        with open(path, "rb") as stream:
            family = container_family(stream.read(16))
    except (ContainerError, OSError):
        return False
    if not header.has_video:
        return False
    if family == "ebml":
        return header.duration_s is None
    if header.duration_s is not None and header.frame_count is not None:
        return False
    try:
        info = probe_video(path)
    except AnalysisError:
        return False
    return info.duration_s is None or info.frame_count is None


@contextlib.contextmanager
def seekable(
    path: str | os.PathLike[str],
    max_duration_s: float | None = None,
    time_limit_s: float | None = None,
    temp_dir: str | os.PathLike[str] | None = None,
) -> Iterator[str]:
    """The path the engine should read: a seekable copy of a browser recording (see
    the module's text), or the clip itself. The copy is gone when the block ends.

    ``max_duration_s``: the engine's length limit (the copy stops a little after it);
    ``time_limit_s``: the copy takes no longer than this; ``temp_dir``: where the copy
    is written (default: tempfile's folder).
    """
    original = os.fspath(path)
    if not ENABLED or not needs_copy(original):
        yield original
        return
    handle, copy = tempfile.mkstemp(prefix=COPY_PREFIX, suffix=".mkv", dir=temp_dir)
    try:
        packets = copy_video(original, copy, CopyLimits.of(max_duration_s, time_limit_s))
        if not packets or not _count_fits(copy, packets):
            yield original
            return
        yield _without_name(handle, copy)
    finally:
        os.close(handle)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(copy)


def _count_fits(copy: str, packets: int) -> bool:
    """True when the decoder's count of the copy's frames is known and not far above
    the ``packets`` copied (see MIN_COUNTED_SHARE)."""
    try:
        counted = probe_video(copy).frame_count
    except AnalysisError:
        return False
    return counted is not None and packets >= MIN_COUNTED_SHARE * counted


def _without_name(handle: int, copy: str) -> str:
    """On Linux: remove the copy's name and return a path to its open file."""
    through_handle = f"/proc/self/fd/{handle}"
    if not os.path.exists(through_handle):
        return copy  # not Linux: the name stays until the block ends
    os.unlink(copy)
    return through_handle


def copy_video(source: str, copy: str, limits: CopyLimits) -> int:
    """Copy the packets of ``source``'s first video stream into a Matroska file at
    ``copy``, under ``limits``. Returns the number of packets copied; 0 when a limit
    was reached or FFmpeg failed (the caller then reads the source)."""
    deadline = time.monotonic() + limits.seconds
    try:
        import av  # only recordings pay for loading FFmpeg's libraries a second time

        with (
            av.open(source, metadata_errors="ignore", timeout=limits.seconds) as given,
            av.open(copy, "w", format="matroska") as written,
        ):
            return _copy_packets(given, written, limits, deadline)
    except Exception as error:  # anything: the engine then reads the clip as it is
        # The error's text may hold the file's name; its kind is enough.
        logger.info("Recording read without a copy (%s)", type(error).__name__)
        return 0


def _copy_packets(
    given: InputContainer, written: OutputContainer, limits: CopyLimits, deadline: float
) -> int:
    if not given.streams.video:
        return 0
    video = given.streams.video[0]
    target = written.add_stream_from_template(video)
    packets = size = copied = 0
    first_s: float | None = None
    for packet in given.demux(video):
        packets += 1
        size += packet.size
        if packets > limits.packets or size > limits.bytes or time.monotonic() > deadline:
            logger.info("Recording read without a copy (over a limit)")
            return 0
        if packet.dts is None or packet.time_base is None:
            continue  # FFmpeg's end-of-stream marker, or a packet no muxer can place
        if limits.until_s is not None:
            at_s = float(packet.dts * packet.time_base)
            first_s = at_s if first_s is None else first_s
            if at_s - first_s > limits.until_s:
                break
        packet.stream = target
        written.mux(packet)
        copied += 1
    return copied
