"""The length limit on the decoded timeline: headers can say nothing or lie.

A fragmented MP4 (as `-movflags frag_keyframe+empty_moov` or a browser makes it)
has no length in its header; a Matroska file's Duration can be edited to anything.
So the engine measures only the first ``max_duration_s`` seconds of the decoded
timeline (and at most that many seconds' worth of frames at 120 fps), and the result
says where it stopped.

The clips are written here with FFmpeg's own muxers (PyAV); their truth is what the
test wrote: a grey picture a frame, at a known frame rate, for a known time.
"""

from __future__ import annotations

import struct
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from django.urls import reverse

from detector.analysis import analyse
from detector.analysis.container import read_container
from detector.analysis.pipeline import MAX_FPS_FOR_LIMIT
from detector.models import Analysis
from tests.detector.webfixtures import upload_file


def write_with_ffmpeg(
    path: Path, seconds: float, fps: int, options: dict[str, str] | None = None
) -> Path:
    """A small clip of grey frames (64 × 64, MPEG-4 part 2) in the container the
    file name says, written by FFmpeg's muxer."""
    with av.open(str(path), "w", options=options or {}) as output:
        stream = output.add_stream("mpeg4", rate=Fraction(fps))
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        for index in range(round(seconds * fps)):
            picture = np.full((64, 64, 3), 60 + index % 120, np.uint8)
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
            output.mux(stream.encode(frame))
        output.mux(stream.encode(None))
    return path


def fragmented_mp4(path: Path, seconds: float, fps: int = 2) -> Path:
    return write_with_ffmpeg(path, seconds, fps, {"movflags": "frag_keyframe+empty_moov"})


def lying_mkv(path: Path, seconds: float, claims_s: float, fps: int = 2) -> Path:
    """A Matroska clip whose Duration element (ID 0x4489, an 8-byte float in
    milliseconds at the default time scale) is rewritten to ``claims_s``."""
    write_with_ffmpeg(path, seconds, fps)
    data = bytearray(path.read_bytes())
    at = data.find(b"\x44\x89\x88")
    assert at > 0, "no 8-byte Duration element"
    assert struct.unpack(">d", data[at + 3 : at + 11])[0] == pytest.approx(seconds * 1000, 1)
    data[at + 3 : at + 11] = struct.pack(">d", claims_s * 1000)
    path.write_bytes(bytes(data))
    return path


def test_a_fragmented_ten_minute_clip_is_measured_for_its_first_two_minutes(tmp_path):
    clip = fragmented_mp4(tmp_path / "fragmenten.mp4", seconds=600)
    assert read_container(clip).duration_s is None  # the header says nothing

    report = analyse(clip, max_duration_s=120).report

    assert report["cut_at_s"] == pytest.approx(120, abs=0.01)
    assert report["duration_s"] == pytest.approx(120, abs=0.6)
    assert report["frames_analysed"] <= 120 * 2 + 1


def test_an_mkv_whose_header_says_5_s_is_cut_at_the_limit_of_what_is_decoded(tmp_path):
    clip = lying_mkv(tmp_path / "liegt.mkv", seconds=600, claims_s=5)
    assert read_container(clip).duration_s == pytest.approx(5)

    report = analyse(clip, max_duration_s=120).report

    assert report["cut_at_s"] == pytest.approx(120, abs=0.01)
    assert report["duration_s"] == pytest.approx(120, abs=0.6)


def test_a_clip_shorter_than_the_limit_is_measured_whole(tmp_path):
    clip = fragmented_mp4(tmp_path / "kort.mp4", seconds=8)
    report = analyse(clip, max_duration_s=120).report
    assert report["cut_at_s"] is None
    assert report["duration_s"] == pytest.approx(8, abs=0.6)
    assert report["frames_analysed"] == 16


def test_the_frame_count_limit_stops_a_high_frame_rate_clip_first(tmp_path):
    """At 240 frames a second, two seconds' worth of frames at 120 fps is one second."""
    clip = write_with_ffmpeg(tmp_path / "snel.mkv", seconds=3, fps=240)
    report = analyse(clip, max_duration_s=2).report
    assert report["frames_analysed"] <= 2 * MAX_FPS_FOR_LIMIT
    assert report["cut_at_s"] == pytest.approx(1.0, abs=0.1)


@pytest.mark.django_db
def test_the_result_page_says_only_the_first_part_was_looked_at(
    client, clip_dir, settings, tmp_path, immediate_tasks, django_capture_on_commit_callbacks
):
    settings.DETECTOR_MAX_DURATION_S = 20
    clip = lying_mkv(tmp_path / "liegt.mkv", seconds=60, claims_s=5)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload_file(client, clip)

    assert response.status_code == 302
    analysis = Analysis.objects.get()
    assert analysis.status == Analysis.Status.DONE, analysis.error_message
    assert analysis.report["cut_at_s"] == pytest.approx(20, abs=0.01)
    page = client.get(reverse("detector:status", args=[analysis.pk])).content.decode()
    assert "Deze video duurt langer dan 20 seconden" in page
    assert "alleen de eerste 20 seconden bekeken" in page
    assert not list(clip_dir.iterdir())
