"""Broken uploads end in an AnalysisError with a code (worded by the web side), quickly."""

from __future__ import annotations

import json
import os
import time

import numpy as np
import pytest

from detector import wording
from detector.analysis import ERROR_CODES, AnalysisError, analyse, probe_video
from detector.analysis.cli import main
from tests.detector import clipgen


@pytest.fixture(scope="module")
def small_clip(tmp_path_factory):
    path = tmp_path_factory.mktemp("bad") / "small.mp4"
    return clipgen.make_clip(path, clipgen.ClipSpec(320, 240, 25, 3, [1.0], [], seed=9))


def broken_files(folder, small_clip):
    empty = folder / "empty.mp4"
    empty.write_bytes(b"")
    noise = folder / "noise.mp4"
    noise.write_bytes(np.random.default_rng(0).integers(0, 256, 200_000, np.uint8).tobytes())
    truncated = folder / "truncated.mp4"
    data = small_clip.path.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    text = folder / "notes.mp4"
    text.write_text("Dit is geen video, maar een boodschappenlijstje.\n" * 200)
    return {"empty": empty, "noise": noise, "truncated": truncated, "text": text}


@pytest.mark.parametrize("kind", ["empty", "noise", "truncated", "text", "missing"])
def test_it_refuses_broken_files_with_a_code_the_web_side_words(kind, tmp_path, small_clip):
    files = broken_files(tmp_path, small_clip)
    path = files.get(kind, tmp_path / "does-not-exist.mp4")
    started = time.monotonic()
    with pytest.raises(AnalysisError) as probe_error:
        probe_video(path)
    with pytest.raises(AnalysisError) as analyse_error:
        analyse(path)
    assert time.monotonic() - started < 5
    for error in (probe_error.value, analyse_error.value):
        assert error.code in ERROR_CODES
        assert wording.error_text(error.code) in wording.ERRORS.values()


def test_every_error_code_has_its_own_dutch_message():
    codes = {*ERROR_CODES, "container_unreadable", "container_too_complex"}
    assert set(wording.ERRORS) == codes
    assert len(set(wording.ERRORS.values())) == len(codes)


def test_it_stops_when_the_time_limit_is_reached(small_clip):
    with pytest.raises(AnalysisError) as error:
        analyse(small_clip.path, time_limit_s=0.0)
    assert error.value.code == "too_slow"


def test_probe_reports_size_rate_and_length(small_clip):
    info = probe_video(small_clip.path)
    assert (info.width, info.height) == (320, 240)
    assert info.fps == pytest.approx(25)
    assert info.frame_count == 75
    assert info.duration_s == pytest.approx(3.0)
    assert info.has_video is True


def test_progress_goes_from_low_to_one(small_clip):
    seen: list[float] = []
    analyse(small_clip.path, on_progress=seen.append)
    assert seen[-1] == 1.0
    assert all(0 <= f <= 1 for f in seen) and seen == sorted(seen)


def test_the_command_line_prints_the_json_report_and_writes_the_pictures(
    small_clip, capsys, tmp_path
):
    assert main([str(small_clip.path), "--pictures", str(tmp_path / "pictures")]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["frames_analysed"] == 75
    names = {
        name for moment in report["suspicious_moments"] for name in moment["pictures"].values()
    }
    assert {p.name for p in (tmp_path / "pictures").glob("*.jpg")} == names
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    assert main([os.fspath(empty)]) != 0
    assert "error: empty" in capsys.readouterr().err
