"""No decoding in the web process; the first decode in a capped child process.

A pixel flood, a one-frame mp4 whose headers say 16000 × 16000, is refused on the
container's headers alone (OpenCV is never asked to open it). A clip that needs more
memory than the child may have ends its job as failed, with a Dutch message, and the
worker goes on with the next job.
"""

from __future__ import annotations

import struct
from pathlib import Path

import cv2
import numpy as np
import pytest

from detector import isolation, jobs
from detector.analysis.container import read_container
from detector.models import Analysis
from tests.detector.webfixtures import make_analysis, upload_file, write_clip

FLOOD_SIDE = 16000


def _box_payload(data: bytes | bytearray, kind: bytes) -> int:
    """Where the payload of the first box of this kind starts (after size and type)."""
    at = data.find(kind)
    assert at >= 4, kind
    return at + 4


def make_pixel_flood(path: Path) -> Path:
    """A one-frame mp4 whose track header and sample description both say 16000 × 16000.

    Made as an attacker makes it: a small real clip with its size fields rewritten at
    their places in the format (ISO/IEC 14496-12: the track header's width and height
    in 16.16 fixed point after 76 bytes; the visual sample entry's after 24 bytes).
    """
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), 1, (64, 64))
    writer.write(np.full((64, 64, 3), 128, np.uint8))
    writer.release()
    data = bytearray(path.read_bytes())
    track_header = _box_payload(data, b"tkhd")
    assert data[track_header] == 0  # version 0
    data[track_header + 76 : track_header + 84] = struct.pack(
        ">II", FLOOD_SIDE << 16, FLOOD_SIDE << 16
    )
    sample_entry = _box_payload(data, b"mp4v")
    data[sample_entry + 24 : sample_entry + 28] = struct.pack(">HH", FLOOD_SIDE, FLOOD_SIDE)
    path.write_bytes(bytes(data))
    return path


def test_the_container_reader_finds_the_real_numbers(tmp_path):
    clip = write_clip(tmp_path / "gewoon.mp4", seconds=2.0, fps=10, size=(320, 240))
    info = read_container(clip)
    assert (info.has_video, info.width, info.height, info.frame_count) == (True, 320, 240, 20)
    assert info.duration_s == pytest.approx(2.0, abs=0.1)


@pytest.mark.django_db
def test_the_pixel_flood_is_refused_on_its_headers_without_decoding(
    client, clip_dir, dummy_tasks, tmp_path, monkeypatch
):
    flood = make_pixel_flood(tmp_path / "flood.mp4")
    assert read_container(flood).width == FLOOD_SIDE

    def no_decoding(*args, **kwargs):
        raise AssertionError("the web process decoded the clip")

    monkeypatch.setattr(cv2, "VideoCapture", no_decoding)
    response = upload_file(client, flood)

    assert response.status_code == 400
    text = response.content.decode()
    assert "De beelden zijn te groot (16000 × 16000 pixels)" in text
    assert not Analysis.objects.exists()
    assert not list(clip_dir.iterdir())


def test_a_child_over_its_memory_cap_fails_and_the_parent_lives_on(tmp_path):
    clip = write_clip(tmp_path / "gewoon.mp4", seconds=1.0)
    beats = []
    with pytest.raises(isolation.ChildFailed) as failure:
        isolation.analyse_in_child(
            str(clip),
            on_progress=lambda fraction: None,
            heartbeat=lambda: beats.append(1),
            time_limit_s=30,
            memory_mb=400,
            target="tests.detector.hungry:analyse",
        )
    assert "te zwaar" in str(failure.value)


def test_a_child_that_hangs_is_killed_at_its_time_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(isolation, "GRACE_S", 1)
    clip = write_clip(tmp_path / "gewoon.mp4", seconds=1.0)
    with pytest.raises(isolation.ChildFailed):
        isolation.analyse_in_child(
            str(clip),
            on_progress=lambda fraction: None,
            heartbeat=lambda: None,
            time_limit_s=1,
            memory_mb=1024,
            target="tests.detector.hungry:hang",
        )


@pytest.mark.django_db
def test_a_job_whose_child_runs_out_of_memory_fails_and_the_next_job_runs(
    settings, clip_dir, tmp_path
):
    def queued(name: str) -> Analysis:
        clip = write_clip(tmp_path / name, seconds=2.0)
        stored = jobs.clip_storage().save(name, clip.open("rb"))
        return make_analysis(clip_name=stored)

    first, second = queued("eerste.mp4"), queued("tweede.mp4")
    first_clip = first.clip_name

    # The engine gets almost no room: its first real allocation fails.
    settings.DETECTOR_CHILD_MEMORY_MB = 16
    jobs.run_analysis(first.pk)
    first.refresh_from_db()
    assert first.status == Analysis.Status.FAILED
    assert first.error_message  # a Dutch sentence for the visitor
    assert first_clip not in [path.name for path in clip_dir.iterdir()]

    settings.DETECTOR_CHILD_MEMORY_MB = 2048
    jobs.run_analysis(second.pk)
    second.refresh_from_db()
    assert second.status == Analysis.Status.DONE, second.error_message
    assert not list(clip_dir.iterdir())
