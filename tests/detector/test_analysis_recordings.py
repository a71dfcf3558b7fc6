"""Browser recordings are measured on every core, like any file (detector/analysis/
recording.py).

A MediaRecorder WebM has no Duration and no Cues, so the decoder can neither say how
long it is nor seek in it; the engine copies its video packets into a Matroska file
that has both. The recordings here are written as a browser writes them: FFmpeg's
WebM muxer in live mode (VP8, a key frame every 2 s; Opus sound in one test), from
the test clip generator's face with known blinks. A fragmented MP4 (Safari's kind of
recording) says no length in its header either, but FFmpeg reads its fragments when
it opens the file: it needs no copy.

The stretches are fixed at two (``cores=2``), so the tests mean the same on any
machine; what the engine planned and how many stretches really started are read
from pipeline.plan_stretches and pipeline._joined.
"""

from __future__ import annotations

import os
import struct
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TypeVar

import av
import numpy as np
import pytest

from detector.analysis import AnalysisError, analyse, pipeline, recording
from detector.analysis.container import read_container
from detector.analysis.recording import CopyLimits, copy_video, needs_copy
from detector.analysis.video import probe_video
from tests.detector import clipgen
from tests.detector.test_analysis_clips import match_blinks

# Two stretches of 3 s; a blink on each side of the seam, one just after it.
SPEC = clipgen.ClipSpec(320, 240, 25, 6, [1.0, 3.2, 4.6], [], seed=5)
CUES = b"\x1c\x53\xbb\x6b"  # the Matroska element that indexes the key frames
CLUSTER = b"\x1f\x43\xb6\x75"

T = TypeVar("T")


@dataclass
class Recordings:
    truth: clipgen.ClipTruth
    webm: Path  # as Chrome and Firefox record: no Duration, no Cues
    fragmented_mp4: Path  # an empty moov, then fragments, no index at the end


def browser_webm(
    source: Path, path: Path, sound: bool = False, keep: Callable[[int], bool] | None = None
) -> Path:
    """``source``'s pictures as a live WebM (VP8), optionally with a sound track;
    ``keep(index)``: which frames the browser managed to record (default: all)."""
    with (
        av.open(str(source)) as given,
        av.open(str(path), "w", format="webm", options={"live": "1"}) as written,
    ):
        pictures = given.streams.video[0]
        fps = pictures.average_rate
        assert fps is not None
        video = written.add_stream("libvpx", rate=fps, options={"deadline": "realtime"})
        video.width, video.height, video.pix_fmt = pictures.width, pictures.height, "yuv420p"
        video.time_base = video.codec_context.time_base = Fraction(1, 1000)
        video.bit_rate, video.gop_size = 1_000_000, round(2 * fps)
        audio = written.add_stream("libopus", rate=48000, layout="mono") if sound else None
        samples = round(48000 / fps)
        for index, frame in enumerate(given.decode(pictures)):
            if keep is not None and not keep(index):
                continue
            frame.pts, frame.time_base = round(index * 1000 / fps), Fraction(1, 1000)
            written.mux(video.encode(frame))
            if audio is not None:
                tone = np.sin(np.arange(samples) / 10.0)[None, :].astype(np.float32)
                sound_frame = av.AudioFrame.from_ndarray(tone, format="flt", layout="mono")
                sound_frame.sample_rate, sound_frame.pts = 48000, index * samples
                written.mux(audio.encode(sound_frame))
        written.mux(video.encode(None))
        if audio is not None:
            written.mux(audio.encode(None))
    return path


def fragmented_mp4(source: Path, path: Path) -> Path:
    """``source``'s packets in a fragmented MP4 with no index at the end."""
    flags = "frag_keyframe+empty_moov+default_base_moof+skip_trailer"
    with av.open(str(source)) as given, av.open(str(path), "w", options={"movflags": flags}) as out:
        stream = out.add_stream_from_template(given.streams.video[0])
        for packet in given.demux(given.streams.video[0]):
            if packet.dts is not None:
                packet.stream = stream
                out.mux(packet)
    return path


@pytest.fixture(scope="module")
def clips(tmp_path_factory) -> Recordings:
    folder = tmp_path_factory.mktemp("recordings")
    truth = clipgen.make_clip(folder / "gezicht.mp4", SPEC)
    webm = browser_webm(truth.path, folder / "opname.webm")
    return Recordings(truth, webm, fragmented_mp4(truth.path, folder / "opname.mp4"))


@pytest.fixture
def copies(tmp_path, monkeypatch) -> Path:
    """The folder the copies go to (tempfile's), empty at the start."""
    folder = tmp_path / "tijdelijk"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@dataclass
class Stretches:
    planned: list[list[float]]
    started: list[int]


@pytest.fixture
def stretches(monkeypatch) -> Stretches:
    """Two cores; records each clip's planned stretch starts and how many started."""
    seen = Stretches([], [])
    plan, joined = pipeline.plan_stretches, pipeline._joined

    def plan_two(info, cores=None, limit=None):
        seen.planned.append(plan(info, 2, limit))
        return seen.planned[-1]

    def count_started(started, info, fps):
        seen.started.append(len(started))
        return joined(started, info, fps)

    monkeypatch.setattr(pipeline, "plan_stretches", plan_two)
    monkeypatch.setattr(pipeline, "_joined", count_started)
    return seen


def without_copy(monkeypatch, run: Callable[[], T]) -> T:
    """``run()`` as the engine did it before recordings were copied."""
    with monkeypatch.context() as switched_off:
        switched_off.setattr(recording, "ENABLED", False)
        return run()


def test_the_webm_says_no_length_as_a_browser_recording_does(clips):
    assert read_container(clips.webm).duration_s is None
    assert CUES not in clips.webm.read_bytes()
    assert probe_video(clips.webm).frame_count is None
    assert needs_copy(clips.webm)


def test_a_browser_webm_is_measured_in_as_many_stretches_as_a_plain_file(
    clips, stretches, copies, monkeypatch
):
    before = without_copy(monkeypatch, lambda: analyse(clips.webm).report)
    assert stretches.planned == [[0.0]]  # unknown length: one stretch on one core

    report = analyse(clips.webm).report
    plain = analyse(clips.truth.path).report

    assert stretches.planned[1:] == [[0.0, 3.0], [0.0, 3.0]]
    assert stretches.started[1:] == [2, 2]
    assert report["frames_analysed"] == before["frames_analysed"] == SPEC.duration_s * SPEC.fps
    assert report["duration_s"] == before["duration_s"] == plain["duration_s"]
    assert not list(copies.iterdir())


def test_its_blinks_are_the_rendered_ones_at_the_recordings_own_times(
    clips, stretches, monkeypatch
):
    before = without_copy(monkeypatch, lambda: analyse(clips.webm).report)
    report = analyse(clips.webm).report

    pairs, precision, recall = match_blinks(report["blinks"], clips.truth.blinks, SPEC.fps)
    assert report["blink_count"] == len(SPEC.blink_times) == len(pairs)
    assert precision == recall == 1.0
    for (start, _end), event in pairs:
        assert abs(event["start_s"] - start) <= 2 / SPEC.fps, (event, start)
    spans = [(b["start_s"], b["end_s"]) for b in report["blinks"]]
    assert spans == [(b["start_s"], b["end_s"]) for b in before["blinks"]]
    # Every frame measured, at the same times as in the recording itself.
    assert report["series"]["time_s"] == before["series"]["time_s"]


def test_in_one_stretch_the_copy_gives_the_recordings_own_report(clips, monkeypatch):
    """The packets are copied, not decoded: nothing but the stretches can differ."""
    monkeypatch.setattr(pipeline, "plan_stretches", lambda info, cores=None, limit=None: [0.0])
    before = without_copy(monkeypatch, lambda: analyse(clips.webm).report)
    assert analyse(clips.webm).report == before


def test_a_fragmented_mp4_needs_no_copy_ffmpeg_reads_its_fragments(clips, stretches, copies):
    header = read_container(clips.fragmented_mp4)
    assert header.duration_s is None and header.frame_count is None  # it says nothing
    assert probe_video(clips.fragmented_mp4).frame_count == SPEC.duration_s * SPEC.fps
    assert not needs_copy(clips.fragmented_mp4)

    report = analyse(clips.fragmented_mp4).report

    assert stretches.planned == [[0.0, 3.0]]
    assert stretches.started == [2]
    assert report["blink_count"] == len(SPEC.blink_times)


def test_a_file_with_a_length_is_analysed_as_it_is(clips, copies, monkeypatch):
    made = []

    def mkstemp(*args, **kwargs):
        made.append(args)
        raise AssertionError("no copy expected")

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    assert not needs_copy(clips.truth.path)
    report = analyse(clips.truth.path).report
    assert report == without_copy(monkeypatch, lambda: analyse(clips.truth.path).report)
    assert made == []


@pytest.mark.parametrize("linux", [True, False], ids=["name-removed-at-once", "name-kept"])
@pytest.mark.parametrize("fails", [False, True], ids=["analysed", "analysis-fails"])
def test_the_copy_is_gone_when_the_analysis_ends(clips, copies, monkeypatch, linux, fails):
    if not linux:  # as on a system without /proc/self/fd
        monkeypatch.setattr(recording, "_without_name", lambda handle, copy: copy)
    seen = []
    measure = pipeline.measure_clip  # what the engine calls

    def measure_and_look(path, **kwargs):
        seen.append((path, sorted(p.name for p in copies.iterdir())))
        if fails:
            raise AnalysisError("too_slow")
        return measure(path, **kwargs)

    monkeypatch.setattr("detector.analysis.engine.measure_clip", measure_and_look)
    if fails:
        with pytest.raises(AnalysisError):
            analyse(clips.webm)
    else:
        analyse(clips.webm)

    ((path, during),) = seen
    if linux:
        # Read through its open file: a killed process leaves nothing behind.
        assert path.startswith("/proc/self/fd/") and during == []
    else:
        assert Path(path).parent == copies and during == [Path(path).name]
    assert not list(copies.iterdir())


def test_the_copy_holds_the_pictures_only(clips, tmp_path):
    with_sound = browser_webm(clips.truth.path, tmp_path / "met_geluid.webm", sound=True)
    with av.open(str(with_sound)) as given:
        assert len(given.streams.audio) == 1
    copy = tmp_path / "kopie.mkv"

    assert copy_video(str(with_sound), str(copy), CopyLimits.of(None, None))

    with av.open(str(copy)) as copied:
        assert [s.type for s in copied.streams] == ["video"]
        assert copied.duration is not None
    assert CUES in copy.read_bytes()


def test_a_recording_longer_than_the_limit_is_copied_up_to_the_limit(clips, tmp_path):
    copy = tmp_path / "kopie.mkv"
    assert copy_video(str(clips.webm), str(copy), CopyLimits.of(2.0, None))
    with av.open(str(copy)) as copied:
        times = [float(p.pts * p.time_base) for p in copied.demux(video=0) if p.pts is not None]
    assert 2.0 + recording.PAST_LIMIT_S - 1 / SPEC.fps <= max(times) <= 2.0 + recording.PAST_LIMIT_S
    assert len(times) < SPEC.duration_s * SPEC.fps


def test_the_length_limit_cuts_the_copy_where_it_cuts_the_recording(clips, copies, monkeypatch):
    before = without_copy(monkeypatch, lambda: analyse(clips.webm, max_duration_s=2.0).report)
    report = analyse(clips.webm, max_duration_s=2.0).report
    assert report["cut_at_s"] == before["cut_at_s"] == 2.0
    assert report == before  # 2 s is one stretch either way
    assert not list(copies.iterdir())


@pytest.mark.parametrize(
    "limits",
    [
        CopyLimits(packets=20, bytes=recording.MAX_BYTES, seconds=5.0),
        CopyLimits(packets=recording.MAX_PACKETS, bytes=50_000, seconds=5.0),
        CopyLimits(packets=recording.MAX_PACKETS, bytes=recording.MAX_BYTES, seconds=0.0),
    ],
    ids=["packets", "bytes", "seconds"],
)
def test_a_copy_that_reaches_a_limit_is_not_used(clips, tmp_path, limits):
    assert not copy_video(str(clips.webm), str(tmp_path / "kopie.mkv"), limits)


def test_past_a_limit_the_recording_is_analysed_as_before(clips, copies, stretches, monkeypatch):
    monkeypatch.setattr(recording, "MAX_PACKETS", 20)
    before = without_copy(monkeypatch, lambda: analyse(clips.webm).report)
    assert analyse(clips.webm).report == before
    assert stretches.planned == [[0.0], [0.0]]
    assert not list(copies.iterdir())


def test_a_recording_with_far_fewer_frames_than_its_rate_is_analysed_as_before(
    clips, tmp_path, copies, monkeypatch
):
    """A busy computer: 25 frames a second at first, then 2.5. FFmpeg guesses 25 from
    the first frames, so it counts the copy's frames as its length times 25, about
    three times the frames there are; the engine would take that for a truncated
    upload. The recording is read as before."""
    sparse = browser_webm(
        clips.truth.path, tmp_path / "schokkerig.webm", keep=lambda i: i < 25 or i % 10 == 0
    )
    assert needs_copy(sparse)
    before = without_copy(monkeypatch, lambda: analyse(sparse).report)
    assert analyse(sparse).report == before
    assert not list(copies.iterdir())

    monkeypatch.setattr(recording, "MIN_COUNTED_SHARE", 0.0)  # used all the same:
    with pytest.raises(AnalysisError) as error:
        analyse(sparse)
    assert error.value.code == "read_failed"


def simple_block_times(data: bytes) -> list[int]:
    """Offsets of the (16-bit, relative) time of each SimpleBlock in a live WebM."""

    def number(at: int, marker: bool) -> tuple[int | None, int]:
        length = 1
        while not data[at] & (0x80 >> (length - 1)):
            length += 1
        value = int.from_bytes(data[at : at + length], "big")
        if marker:
            return value, length
        value &= (1 << (7 * length)) - 1
        return (None if value == (1 << (7 * length)) - 1 else value), length

    found = []

    def walk(start: int, end: int) -> None:
        at = start
        while at < end:
            element, id_length = number(at, marker=True)
            size, size_length = number(at + id_length, marker=False)
            payload = at + id_length + size_length
            stop = end if size is None else payload + size
            if element in (0x18538067, 0x1F43B675):  # Segment, Cluster
                walk(payload, stop)
            elif element == 0xA3:  # SimpleBlock: track number, then its time
                found.append(payload + number(payload, marker=False)[1])
            at = stop

    walk(0, len(data))
    return found


def test_a_recording_whose_times_jump_back_is_analysed_as_before(
    clips, tmp_path, copies, stretches, monkeypatch
):
    """FFmpeg's muxer refuses a packet that goes back in time: no copy, no crash."""
    data = bytearray(clips.webm.read_bytes())
    at = simple_block_times(bytes(data))[60]
    struct.pack_into(">h", data, at, struct.unpack_from(">h", data, at)[0] - 300)
    jumpy = tmp_path / "terug.webm"
    jumpy.write_bytes(bytes(data))
    assert not copy_video(str(jumpy), str(tmp_path / "kopie.mkv"), CopyLimits.of(None, None))

    before = without_copy(monkeypatch, lambda: analyse(jumpy).report)
    assert analyse(jumpy).report == before
    assert stretches.planned == [[0.0], [0.0]]
    assert not list(copies.iterdir())


def test_a_recording_ffmpeg_cannot_read_gets_the_same_error_as_before(
    clips, tmp_path, copies, monkeypatch
):
    """A browser's header, then noise where the pictures should be."""
    data = clips.webm.read_bytes()
    noise = np.random.default_rng(7).integers(0, 256, 100_000, dtype=np.uint8).tobytes()
    broken = tmp_path / "kapot.webm"
    broken.write_bytes(data[: data.find(CLUSTER)] + CLUSTER + b"\x01" + b"\xff" * 7 + noise)
    assert needs_copy(broken)
    assert not copy_video(str(broken), str(tmp_path / "kopie.mkv"), CopyLimits.of(None, None))

    def code() -> str:
        with pytest.raises(AnalysisError) as error:
            analyse(broken)
        return error.value.code

    assert code() == without_copy(monkeypatch, code) == "no_frames"
    assert not list(copies.iterdir())


def test_the_copy_never_lands_next_to_the_clip(clips, tmp_path, monkeypatch):
    clip = tmp_path / "uploads" / "opname.webm"
    clip.parent.mkdir()
    clip.write_bytes(clips.webm.read_bytes())
    names: list[str] = []
    mkstemp = tempfile.mkstemp

    def remember(*args, **kwargs):
        handle, name = mkstemp(*args, **kwargs)
        names.append(name)
        return handle, name

    monkeypatch.setattr(tempfile, "mkstemp", remember)
    with recording.seekable(clip) as readable:
        assert readable != str(clip)
        assert os.path.getsize(readable) > 0
    (name,) = names
    assert Path(name).parent == Path(tempfile.gettempdir())
    assert os.listdir(clip.parent) == ["opname.webm"]
    assert not Path(name).exists()
