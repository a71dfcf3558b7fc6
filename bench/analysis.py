"""Speed and memory of the analysis against plain decoding.

    python bench/analysis.py [CLIP]

Without a clip, makes a 60-second 720p clip at 30 fps from the test clip generator
(moving astronaut face, blinks, one blurred stretch). Prints decode-only time,
analysis time, their ratio, frames per second and peak memory. Targets: analysis at
most 2x decode-only time, peak memory under 400 MB.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cv2

from detector.analysis import analyse


def make_bench_clip(folder: Path) -> Path:
    from tests.detector import clipgen

    blinks = [1.0 + 3.1 * i for i in range(19)]
    spec = clipgen.ClipSpec(1280, 720, 30, 60, blinks, [(30.5, 31.2)], seed=11)
    return clipgen.make_clip(folder / "bench_720p_30fps_60s.mp4", spec).path


def decode_only(path: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds to read every frame with OpenCV, and the frame count."""
    capture = cv2.VideoCapture(str(path))
    started, cpu_started = time.perf_counter(), time.process_time()
    frames = 0
    while True:
        ok, _frame = capture.read()
        if not ok:
            break
        frames += 1
    capture.release()
    return time.perf_counter() - started, time.process_time() - cpu_started, frames


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if len(sys.argv) > 1:
            path = Path(sys.argv[1])
        else:
            print("making a 60 s 720p 30 fps clip ...", flush=True)
            path = make_bench_clip(Path(tmp))
        rss_before = peak_rss_mb()
        decode_s, decode_cpu, frames = min(decode_only(path) for _ in range(3))
        runs = []
        for _ in range(3):
            started, cpu_started = time.perf_counter(), time.process_time()
            report = analyse(path)
            runs.append((time.perf_counter() - started, time.process_time() - cpu_started))
        analyse_s, analyse_cpu = min(runs)
        print(f"clip: {path.name}, {report['width']}x{report['height']}, {frames} frames")
        print(f"decode only:  {decode_s:6.2f} s  ({frames / decode_s:6.0f} frames/s)")
        print(f"analysis:     {analyse_s:6.2f} s  ({frames / analyse_s:6.0f} frames/s)")
        print(f"ratio:        {analyse_s / decode_s:6.2f}x  (target <= 2x; best of 3 runs)")
        print(
            f"CPU time:     decode {decode_cpu:.2f} s, analysis {analyse_cpu:.2f} s, "
            f"ratio {analyse_cpu / decode_cpu:.2f}x"
        )
        print(f"peak memory:  {peak_rss_mb():6.0f} MB  (before: {rss_before:.0f} MB; target < 400)")
        print(
            f"found: {len(report['blinks'])} blinks, blur={report['signals']['blur']}, "
            f"rate={report['signals']['blink_rate']}"
        )


if __name__ == "__main__":
    main()
