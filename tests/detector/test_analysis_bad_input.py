"""Broken uploads end in an AnalysisError with a Dutch message, quickly."""

from __future__ import annotations

import json
import os
import time

import numpy as np
import pytest

from detector.analysis import AnalysisError, analyse, grab_frame, messages, probe_video
from detector.analysis.cli import main
from tests.detector import clipgen

DUTCH_ERRORS = {value for name, value in vars(messages).items() if name.startswith("ERROR_")}


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
def test_it_refuses_broken_files_with_a_dutch_message(kind, tmp_path, small_clip):
    files = broken_files(tmp_path, small_clip)
    path = files.get(kind, tmp_path / "does-not-exist.mp4")
    started = time.monotonic()
    with pytest.raises(AnalysisError) as probe_error:
        probe_video(path)
    with pytest.raises(AnalysisError) as analyse_error:
        analyse(path)
    assert time.monotonic() - started < 5
    assert str(probe_error.value) in DUTCH_ERRORS
    assert str(analyse_error.value) in DUTCH_ERRORS


def test_it_stops_when_the_time_limit_is_reached(small_clip):
    with pytest.raises(AnalysisError, match="te lang"):
        analyse(small_clip.path, time_limit_s=0.0)


def test_probe_reports_size_rate_and_length(small_clip):
    info = probe_video(small_clip.path)
    assert (info.width, info.height, info["width"]) == (320, 240, 320)
    assert info.fps == pytest.approx(25)
    assert info.frame_count == 75
    assert info.duration_s == pytest.approx(3.0)
    assert info.has_video is True


def test_progress_goes_from_low_to_one(small_clip):
    seen = []
    analyse(small_clip.path, on_progress=seen.append)
    assert seen[-1] == 1.0
    assert all(0 <= f <= 1 for f in seen) and seen == sorted(seen)


def test_grab_frame_returns_the_frame_at_a_time(small_clip):
    frame = grab_frame(small_clip.path, 1.5)
    assert frame.shape == (240, 320, 3) and frame.dtype == np.uint8
    last = grab_frame(small_clip.path, 99.0)
    assert last.shape == (240, 320, 3)
    with pytest.raises(AnalysisError):
        grab_frame(small_clip.path, -1)


def test_the_command_line_prints_json_or_a_dutch_summary(small_clip, capsys, tmp_path):
    assert main([str(small_clip.path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["frames_analysed"] == 75
    assert main([str(small_clip.path)]) == 0
    assert "geknipperd" in capsys.readouterr().out
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    assert main([os.fspath(empty)]) != 0
    assert messages.ERROR_EMPTY in capsys.readouterr().err
