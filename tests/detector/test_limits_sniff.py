"""Parser bombs: the web process sniffs a clip's headers under hard limits.

Each bomb (tests/detector/bombs.py) is made the way the attack pass made it: a
valid start, then a great many empty boxes, elements or chunks. Sent through the
upload form, each is refused with a Dutch 400 after at most MAX_ELEMENTS elements
and MAX_READ_BYTES bytes, and the web process's memory stays flat. Such refusals
count toward the address's limit.
"""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import numpy as np
import pytest

from detector import wording
from detector.analysis import container
from detector.analysis.container import ContainerError, read_container
from detector.models import Analysis
from tests.detector.bombs import BOMBS, avi_of_junk_chunks
from tests.detector.webfixtures import upload_bytes, write_clip


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


class PeakMemory:
    """The highest resident memory of this process while the block runs."""

    def __enter__(self) -> PeakMemory:
        self.before = resident_mb()
        self.peak = self.before
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()
        return self

    def sample(self) -> None:
        while not self.stop.wait(0.002):
            self.peak = max(self.peak, resident_mb())

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
        self.peak = max(self.peak, resident_mb())

    @property
    def growth_mb(self) -> float:
        return self.peak - self.before


@pytest.fixture
def sniffs(monkeypatch):
    """Every header sniff the web process makes: (elements, bytes read, error code)."""
    seen: list[tuple[int, int, str]] = []
    real = container.read_container

    def spy(path):
        try:
            info = real(path)
        except ContainerError as error:
            seen.append((error.elements, error.bytes_read, error.code))
            raise
        seen.append((info.elements, info.bytes_read, ""))
        return info

    monkeypatch.setattr(container, "read_container", spy)
    return seen


@pytest.mark.django_db
@pytest.mark.parametrize("name", BOMBS)
def test_a_parser_bomb_is_refused_within_the_sniffs_caps_and_memory_stays_flat(
    client, clip_dir, dummy_tasks, sniffs, name
):
    content = BOMBS[name]()
    assert len(content) >= 2_000_000
    client.get("/controle/")
    with PeakMemory() as memory:
        response = upload_bytes(client, content, name)
    del content

    assert response.status_code == 400
    assert wording.error_text("container_too_complex") in response.content.decode()
    [(elements, bytes_read, code)] = sniffs
    assert code == "container_too_complex"
    assert elements == container.MAX_ELEMENTS + 1
    assert bytes_read <= container.MAX_READ_BYTES
    assert memory.growth_mb < 50, f"{memory.growth_mb:.0f} MB"
    assert not Analysis.objects.exists()
    assert not list(clip_dir.iterdir())


@pytest.mark.django_db
def test_refused_bombs_count_toward_the_addresss_hourly_limit(
    client, clip_dir, dummy_tasks, sniffs, settings, tmp_path
):
    settings.DETECTOR_UPLOADS_PER_HOUR_PER_ADDRESS = 3
    bomb = avi_of_junk_chunks(10_000)
    for _ in range(3):
        assert upload_bytes(client, bomb, "rommel.avi").status_code == 400
    assert len(sniffs) == 3

    # Another browser from the same address, with a real clip: the address is spent,
    # and the clip is refused before its headers are read.
    client.cookies.clear()
    clip = write_clip(tmp_path / "echt.mp4", seconds=1.0, face=False)
    response = upload_bytes(client, clip.read_bytes(), "echt.mp4")
    assert response.status_code == 429
    assert "Vanaf dit netwerk" in response.content.decode()
    assert len(sniffs) == 3


@pytest.mark.django_db
def test_a_file_refused_for_its_name_or_magic_does_not_count(client, clip_dir, sniffs, settings):
    settings.DETECTOR_UPLOADS_PER_HOUR_PER_ADDRESS = 1
    for _ in range(3):
        assert upload_bytes(client, b"<html></html>", "pagina.mp4").status_code == 400
    assert not sniffs
    from detector.models import ClientUpload

    assert not ClientUpload.objects.exists()


@pytest.mark.parametrize(
    ("name", "fourcc"), [("clip.mp4", "mp4v"), ("clip.mov", "mp4v"), ("clip.avi", "MJPG")]
)
def test_the_sniff_reads_size_frames_and_length_of_each_container(tmp_path, name, fourcc):
    path = tmp_path / name
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*fourcc), 10, (320, 240))
    assert writer.isOpened()
    for index in range(25):
        writer.write(np.full((240, 320, 3), index * 5, np.uint8))
    writer.release()

    info = read_container(path)

    assert (info.has_video, info.width, info.height, info.frame_count) == (True, 320, 240, 25)
    assert info.duration_s == pytest.approx(2.5, abs=0.05)
    assert info.elements < 50
    assert info.bytes_read < 4096


def test_the_sniff_reads_a_webm_recording_by_ffmpegs_muxer(tmp_path):
    from tests.detector.bombs import webm_of_empty_elements

    real = webm_of_empty_elements(0)
    (tmp_path / "echt.webm").write_bytes(real)
    info = read_container(tmp_path / "echt.webm")
    assert (info.has_video, info.width, info.height) == (True, 64, 64)
    assert info.duration_s == pytest.approx(1.0, abs=0.11)


def test_the_sniff_reads_a_matroska_clips_size_and_length(tmp_path):
    path = tmp_path / "clip.mkv"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 10, (320, 240))
    assert writer.isOpened()
    for index in range(25):
        writer.write(np.full((240, 320, 3), index * 5, np.uint8))
    writer.release()

    info = read_container(path)

    assert (info.has_video, info.width, info.height) == (True, 320, 240)
    assert info.duration_s == pytest.approx(2.5, abs=0.05)


def test_a_bomb_after_the_movie_box_is_never_walked(tmp_path):
    """The sniff stops at the movie box: what follows is the decoder's business (in
    the worker's capped child), not the web process's."""
    clip = write_clip(tmp_path / "gewoon.mp4", seconds=1.0, fps=10, size=(160, 120))
    data = clip.read_bytes()
    assert data.rfind(b"moov") > data.find(b"mdat")  # OpenCV writes the movie box last
    (tmp_path / "staart.mp4").write_bytes(data + b"\0\0\0\x08free" * 100_000)

    info = read_container(tmp_path / "staart.mp4")

    assert (info.has_video, info.width, info.height) == (True, 160, 120)
    assert info.elements < 50


def test_a_box_that_claims_more_than_the_file_is_unreadable(tmp_path):
    head = b"\0\0\0\x18ftypisom\0\0\0\0isomiso2"
    (tmp_path / "kapot.mp4").write_bytes(head + b"\x7f\xff\xff\xffmoov" + b"\0" * 100)
    with pytest.raises(ContainerError) as refused:
        read_container(tmp_path / "kapot.mp4")
    assert refused.value.code == "container_unreadable"


def test_deep_nesting_is_refused_as_too_complex(tmp_path):
    """moov/trak/mdia/minf nested over and over: the walk stops at MAX_DEPTH."""
    body = b""
    for kind in [b"stbl", b"minf", b"mdia", b"trak"] * 5 + [b"moov"]:
        body = (8 + len(body)).to_bytes(4, "big") + kind + body
    (tmp_path / "diep.mp4").write_bytes(b"\0\0\0\x18ftypisom\0\0\0\0isomiso2" + body)
    with pytest.raises(ContainerError) as refused:
        read_container(tmp_path / "diep.mp4")
    assert refused.value.code == "container_too_complex"
