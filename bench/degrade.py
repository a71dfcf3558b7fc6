"""Degraded copies of the development clips: hard cases whose annotations carry over.

    .venv/bin/python bench/degrade.py [--source ../shared/devclips] [--out var/devclips]

Each set goes into a folder of its own under ``--out`` (default ``var/devclips`` in the
project, which git ignores) with a ``MANIFEST.tsv`` of the source manifests' columns:
``file`` relative to the set folder, ``blink_times_s`` unchanged, ``fps`` and
``resolution`` of the copy, ``notes`` saying how it was made. ``bench/devclips.py
--sets all`` scores every set. Files that exist are kept (delete one to remake it).

- ``zju_6fps``, ``zju_10fps``, ``zju_15fps``: the 40 ZJU clips (30 fps) at a lower frame
  rate, each output frame the source frame nearest its time (a cheap webcam), x264 at
  CRF 18, so that only the frame rate changes.
- ``small_15px``, ``small_12px``, ``small_10px``, ``small_8px``: the 7 scored dev clips
  and the 40 ZJU clips scaled down (area interpolation, aspect kept, even sizes) until
  the eye is about 15, 12, 10 or 8 px wide (the smallest width where blinks can still
  be measured lies among them): scaled by target / the source's eye width, measured,
  and when more than 5 % off scaled once more by target / measured; encoded as a
  platform does: x264, two-pass average bit rate of BITS_PER_PIXEL, yuv420p, a key
  frame every 2 s. The eye
  width is the engine's own (``measure_clip``: median corner-to-corner width); the
  widths of the sources and of the copies are cached in ``eye_widths.json`` in ``--out``.
- ``flicker``: dev_01-dev_07 as they are (talking heads from the face-animation tools'
  repositories), a manifest pointing at the originals, so that they are scored as a set.

No audio is copied. The clips are for internal evaluation only: never copy them, or
these copies, into the repository.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from detector.analysis.pipeline import measure_clip  # noqa: E402

SOURCE = ROOT.parent / "shared" / "devclips"
OUT = ROOT / "var" / "devclips"
FPS_SETS = {"zju_6fps": 6, "zju_10fps": 10, "zju_15fps": 15}
SMALL_SETS = {"small_15px": 15.0, "small_12px": 12.0, "small_10px": 10.0, "small_8px": 8.0}
SCORED_DEV = [f"dev_0{n}" for n in range(1, 8)]  # dev_08 is not annotatable
TOOLS = {
    "dev_01": "SadTalker",
    "dev_02": "SadTalker",
    "dev_03": "SadTalker",
    "dev_04": "SadTalker",
    "dev_05": "video-retalking",
    "dev_06": "video-retalking",
    "dev_07": "MuseTalk",
}
# Delivered H.264 streams of video platforms sit at roughly 0.04-0.09 bits per pixel
# per frame (1080p30 at 3-4 Mbit/s is about 0.05-0.065; short-video apps lower, the
# small renditions higher). 0.06 is the middle: a typical shared clip, not a worst case.
BITS_PER_PIXEL = 0.06
KEYFRAME_EVERY_S = 2.0
PRESET = "medium"
CRF = 18
WIDTHS_FILE = "eye_widths.json"
# A copy whose eye measures more than this share off the target is scaled once more.
RESIZE_IF_OFF = 0.05

Row = dict[str, str]
Frames = Iterator[tuple[int, np.ndarray]]  # (pts in the output time base, RGB image)


@dataclass
class Encoding:
    """How one copy is encoded (the frames come from a callable, once per pass)."""

    width: int
    height: int
    rate: Fraction
    time_base: Fraction
    crf: int | None = None
    bit_rate: int | None = None
    options: dict[str, str] = field(default_factory=dict)


# --- reading and writing -----------------------------------------------------------------


def read_manifest(path: Path) -> list[Row]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def write_manifest(path: Path, rows: list[Row], columns: list[str]) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, columns, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def open_video(path: Path) -> Any:
    # The ZJU files carry a stream title that is not UTF-8.
    return av.open(str(path), metadata_errors="ignore")


def decoded(path: Path) -> Iterator[tuple[int, float, np.ndarray]]:
    """(pts relative to the first frame, seconds, RGB image) of every frame."""
    with open_video(path) as container:
        first = None
        for frame in container.decode(video=0):
            first = frame.pts if first is None else first
            pts = frame.pts - first
            yield pts, float(pts * frame.time_base), frame.to_ndarray(format="rgb24")


def stream_facts(path: Path) -> dict[str, Any]:
    """Size, frame rate, frame count, duration and the video stream's bit rate."""
    with open_video(path) as container:
        stream = container.streams.video[0]
        packets = [p for p in container.demux(stream) if p.size]
        times = sorted(float(p.pts * p.time_base) for p in packets)
        rate = stream.average_rate or Fraction(0)
    step = 1.0 / float(rate) if rate else 0.0
    duration = (times[-1] - times[0] + step) if times else 0.0
    bits = 8 * sum(p.size for p in packets)
    return {
        "width": stream.width,
        "height": stream.height,
        "fps": float(rate),
        "frames": len(packets),
        "duration_s": duration,
        "kbps": bits / duration / 1000 if duration else 0.0,
    }


def encode(frames: Callable[[], Frames], out: Path, spec: Encoding) -> None:
    """Encode to ``out`` (through a temporary file, so a stopped run leaves no half
    file); two passes when an average bit rate is asked for."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.stem + ".part.mp4")
    keyint = max(1, round(KEYFRAME_EVERY_S * float(spec.rate)))
    params = f"keyint={keyint}"
    if spec.bit_rate is None:
        _encode_pass(frames(), tmp, spec, params)
    else:
        with tempfile.TemporaryDirectory() as folder:
            stats = f"{folder}/x264.stats"
            for number in (1, 2):
                _encode_pass(frames(), tmp, spec, f"{params}:pass={number}:stats={stats}")
    tmp.replace(out)


def _encode_pass(frames: Frames, out: Path, spec: Encoding, params: str) -> None:
    with av.open(str(out), "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=spec.rate)
        stream.width, stream.height, stream.pix_fmt = spec.width, spec.height, "yuv420p"
        stream.codec_context.time_base = spec.time_base
        options = {"preset": PRESET, "x264-params": params, **spec.options}
        if spec.crf is not None:
            options["crf"] = str(spec.crf)
        if spec.bit_rate is not None:
            stream.bit_rate = spec.bit_rate
        stream.options = dict(options)
        for pts, image in frames:
            frame = av.VideoFrame.from_ndarray(image, format="rgb24")
            frame.pts, frame.time_base = pts, spec.time_base
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))


# --- eye widths --------------------------------------------------------------------------


class EyeWidths:
    """The engine's median eye width per clip, cached in a json file (keyed by path,
    remeasured when the file's size or time changed)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: dict[str, dict[str, Any]] = json.loads(path.read_text()) if path.exists() else {}

    def __call__(self, clip: Path) -> float:
        stat = clip.stat()
        key, stamp = str(clip.resolve()), f"{stat.st_size} {stat.st_mtime_ns}"
        entry = self.data.get(key)
        if entry is None or entry.get("file") != stamp:
            widths = np.asarray(measure_clip(clip).eye_width, dtype=float)
            width = float(np.nanmedian(widths)) if np.isfinite(widths).any() else math.nan
            entry = self.data[key] = {"file": stamp, "eye_width_px": width}
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.data, indent=1, sort_keys=True))
        return entry["eye_width_px"]


# --- the sets ----------------------------------------------------------------------------


def nearest_frames(path: Path, fps: int) -> Frames:
    """Output frame k (at k / fps s) is the source frame nearest that time; the output
    ends at the source's last frame."""
    k, previous = 0, None
    for _, time, image in decoded(path):
        if previous is not None:
            while k / fps < (previous[0] + time) / 2:
                yield k, previous[1]
                k += 1
        previous = (time, image)
    while previous is not None and k / fps <= previous[0] + 1e-6:
        yield k, previous[1]
        k += 1


def scaled_frames(path: Path, width: int, height: int) -> Frames:
    """Every frame at its own time, scaled with area interpolation."""
    for pts, _, image in decoded(path):
        yield pts, cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA)


def even(value: float) -> int:
    return max(2, 2 * round(value / 2))


def make_fps_copy(source: Path, row: Row, out: Path, fps: int) -> Row:
    """One ZJU clip at ``fps``; returns its manifest row."""
    with open_video(source) as container:
        stream = container.streams.video[0]
        width, height, source_fps = stream.width, stream.height, float(stream.average_rate)
    if not out.exists():
        spec = Encoding(width, height, Fraction(fps), Fraction(1, fps), crf=CRF)
        encode(lambda: nearest_frames(source, fps), out, spec)
    note = (
        f"made by bench/degrade.py from {row['file']} ({source_fps:g} fps): resampled to "
        f"{fps} fps, each frame the source frame nearest its time (k/{fps} s); x264 CRF "
        f"{CRF} preset {PRESET}, yuv420p, same size, no audio. Blink times unchanged; "
        "see the source manifest for the source notes."
    )
    return {**row, "file": out.name, "fps": str(fps), "notes": note}


def small_spec(source: Path, scale: float) -> Encoding:
    with open_video(source) as container:
        stream = container.streams.video[0]
        width, height = stream.width, stream.height
        rate, time_base = stream.average_rate, stream.time_base
    width, height = even(width * scale), even(height * scale)
    bit_rate = round(BITS_PER_PIXEL * width * height * float(rate))
    return Encoding(width, height, Fraction(rate), Fraction(time_base), bit_rate=bit_rate)


def encode_small(source: Path, out: Path, scale: float) -> Encoding:
    spec = small_spec(source, min(1.0, scale))
    encode(lambda: scaled_frames(source, spec.width, spec.height), out, spec)
    return spec


def make_small_file(source: Path, out: Path, target_px: float, eye_widths: EyeWidths) -> None:
    """Scale by target / the source's eye width; when the copy's eye measures more than
    RESIZE_IF_OFF off the target, scale once more by target / measured."""
    scale = target_px / eye_widths(source)
    encode_small(source, out, scale)
    eye = eye_widths(out)
    if abs(eye / target_px - 1.0) > RESIZE_IF_OFF:
        encode_small(source, out, scale * target_px / eye)


@dataclass
class SmallCopy:
    """One scaled-down copy and what was measured on it, for the table."""

    set_name: str
    file: str
    source_eye: float
    size: str
    target_kbps: float
    kbps: float
    bpp: float
    eye: float


def make_small_copy(
    source: Path, row: Row, out: Path, target_px: float, eye_widths: EyeWidths
) -> tuple[Row, SmallCopy]:
    """One clip scaled so the eye is about ``target_px`` wide, platform-encoded."""
    if not out.exists():
        make_small_file(source, out, target_px, eye_widths)
    source_eye, eye = eye_widths(source), eye_widths(out)
    facts, source_facts = stream_facts(out), stream_facts(source)
    scale = facts["width"] / source_facts["width"]
    size = f"{facts['width']}x{facts['height']}"
    pixels_per_s = facts["width"] * facts["height"] * source_facts["fps"]
    bpp = facts["kbps"] * 1000 / pixels_per_s
    target_kbps = BITS_PER_PIXEL * pixels_per_s / 1000
    note = (
        f"made by bench/degrade.py from {row['file']} ({row['resolution']}, engine's median "
        f"eye width {source_eye:.1f} px): scaled x{scale:.3f} to {size} (cv2 INTER_AREA) for "
        f"an eye of about {target_px:g} px; x264 two-pass ABR at {BITS_PER_PIXEL} "
        f"bit/pixel/frame = {target_kbps:.0f} kbit/s (actual {facts['kbps']:.0f} kbit/s, "
        f"{bpp:.3f} bpp), preset {PRESET}, yuv420p, key frame every {KEYFRAME_EVERY_S:g} s, "
        f"frame times kept, no audio. Measured median eye width of this copy: {eye:.1f} px. "
        "Blink times unchanged; see the source manifest for the source notes."
    )
    copy = SmallCopy("", out.name, source_eye, size, target_kbps, facts["kbps"], bpp, eye)
    return {**row, "file": out.name, "resolution": size, "notes": note}, copy


def flicker_row(source: Path, row: Row) -> Row:
    key = Path(row["file"]).name[:6]
    note = (
        f"the original clip, not copied (file points at {source}): talking head from the "
        f"{TOOLS[key]} repository's examples; kind as in the source manifest. See the "
        "source manifest for the notes."
    )
    return {**row, "file": str(source), "notes": note}


# --- main --------------------------------------------------------------------------------


def source_rows(folder: Path) -> tuple[list[Row], list[Row], list[str]]:
    """The 7 scored dev rows, the 40 ZJU rows, and the ZJU manifest's columns (a
    superset of the dev manifest's)."""
    dev = [r for r in read_manifest(folder / "MANIFEST.tsv") if r["file"][:6] in SCORED_DEV]
    zju = read_manifest(folder / "zju" / "MANIFEST.tsv")
    return dev, zju, list(zju[0])


def make_fps_sets(folder: Path, out: Path, zju: list[Row], columns: list[str]) -> None:
    for name, fps in FPS_SETS.items():
        rows = []
        for row in zju:
            source = folder / row["file"]
            rows.append(make_fps_copy(source, row, out / name / source.name, fps))
        write_manifest(out / name / "MANIFEST.tsv", rows, columns)
        print(f"{name}: {len(rows)} clips at {fps} fps in {out / name}")


def make_small_sets(
    folder: Path, out: Path, rows: list[Row], columns: list[str], eye_widths: EyeWidths
) -> list[SmallCopy]:
    copies = []
    for name, target in SMALL_SETS.items():
        made = []
        for row in rows:
            source = folder / row["file"]
            target_file = out / name / source.name
            made_row, copy = make_small_copy(source, row, target_file, target, eye_widths)
            copy.set_name = name
            made.append(made_row)
            copies.append(copy)
        write_manifest(out / name / "MANIFEST.tsv", made, columns)
        eyes = [c.eye for c in copies if c.set_name == name]
        print(
            f"{name}: {len(made)} clips in {out / name}, measured eye width "
            f"median {np.nanmedian(eyes):.1f} px (range {np.nanmin(eyes):.1f}-"
            f"{np.nanmax(eyes):.1f})"
        )
    return copies


def print_table(copies: Iterable[SmallCopy]) -> None:
    print(
        f"\n{'set':11} {'clip':28} {'src eye':>7} {'size':>9} "
        f"{'kbit/s':>6} {'target':>6} {'bpp':>5} {'eye px':>6}"
    )
    for c in copies:
        print(
            f"{c.set_name:11} {c.file[:28]:28} {c.source_eye:7.1f} {c.size:>9} "
            f"{c.kbps:6.0f} {c.target_kbps:6.0f} {c.bpp:5.3f} {c.eye:6.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help="the devclips folder")
    parser.add_argument("--out", type=Path, default=OUT, help="where the sets go")
    args = parser.parse_args()
    folder, out = args.source.resolve(), args.out.resolve()
    dev, zju, columns = source_rows(folder)
    make_fps_sets(folder, out, zju, columns)
    eye_widths = EyeWidths(out / WIDTHS_FILE)
    copies = make_small_sets(folder, out, dev + zju, columns, eye_widths)
    (out / "flicker").mkdir(parents=True, exist_ok=True)
    flicker = [flicker_row(folder / r["file"], r) for r in dev]
    dev_columns = list(read_manifest(folder / "MANIFEST.tsv")[0])
    write_manifest(out / "flicker" / "MANIFEST.tsv", flicker, dev_columns)
    print(f"flicker: {len(flicker)} clips (the originals) in {out / 'flicker'}")
    print_table(copies)


if __name__ == "__main__":
    main()
