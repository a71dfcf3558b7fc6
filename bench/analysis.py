"""Speed and memory of the analysis against plain decoding.

    python bench/analysis.py [CLIP ...]

Without clips, makes two 60-second clips at 30 fps with the test clip generator
(moving astronaut face, blinks, one blurred stretch): 720p and 480p. Each clip is
measured in a fresh process: decode-only time (OpenCV reading every frame), analysis
time (best of 3 runs each), their ratio, CPU time, and the process's peak memory.
Targets: analysis at most 2x decode-only time, peak memory under 400 MB.

The machine is shared: when others load it, the wall-clock ratio says more about them
than about the engine. So the CPU time of each of the engine's threads (one per
stretch of the clip; FFmpeg's own decoding threads, if any, are not among them) is
printed too, with an estimate of the ratio if the two cores were ours: max(busiest
thread, the analysis's CPU time / 2) / the lower of decode-only wall and CPU time.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

RUNS = 3


def make_bench_clip(folder: Path, width: int, height: int) -> Path:
    from tests.detector import clipgen

    blinks = [1.0 + 3.1 * i for i in range(19)]
    spec = clipgen.ClipSpec(width, height, 30, 60, blinks, [(30.5, 31.2)], seed=11)
    return clipgen.make_clip(folder / f"bench_{height}p_30fps_60s.mp4", spec).path


def decode_only(path: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds to read every frame with OpenCV, and the frame count."""
    import cv2

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


def thread_cpu_recorder() -> dict[str, float]:
    """Wraps the engine's stretch threads so that each adds its CPU seconds here."""
    from detector.analysis import pipeline

    seconds: dict[str, float] = {}
    measure = pipeline._measure_stretch

    def timed(*args, **kwargs) -> None:
        started = time.thread_time()
        try:
            measure(*args, **kwargs)
        finally:
            seconds[f"stretch {args[4] + 1}"] = time.thread_time() - started

    pipeline._measure_stretch = timed
    return seconds


def measure(path: Path) -> dict[str, object]:
    """Runs in the child process: figures for one clip."""
    from detector.analysis import analyse

    threads = thread_cpu_recorder()

    decode_s, decode_cpu, frames = min(decode_only(path) for _ in range(RUNS))
    rss_after_decode = peak_rss_mb()
    runs = []
    for _ in range(RUNS):
        started, cpu_started = time.perf_counter(), time.process_time()
        thread_started = time.thread_time()
        result = analyse(path)
        main_cpu = time.thread_time() - thread_started
        runs.append(
            (
                time.perf_counter() - started,
                time.process_time() - cpu_started,
                {**threads, "main": main_cpu},
            )
        )
    analyse_s, analyse_cpu, thread_cpu = min(runs, key=lambda run: run[0])
    report = result.report
    return {
        "clip": path.name,
        "size": f"{report['width']}x{report['height']}",
        "frames": frames,
        "measured": report["frames_measured"],
        "decode_s": decode_s,
        "decode_cpu": decode_cpu,
        "analyse_s": analyse_s,
        "analyse_cpu": analyse_cpu,
        "thread_cpu": thread_cpu,
        "peak_mb": peak_rss_mb(),
        "decode_peak_mb": rss_after_decode,
        "blinks": len(report["blinks"]),
        "blur": report["signals"]["blur"],
        "pictures": len(result.pictures),
    }


def show(figures: dict) -> None:
    ratio = figures["analyse_s"] / figures["decode_s"]
    print(
        f"clip: {figures['clip']}, {figures['size']}, {figures['frames']} frames "
        f"({figures['measured']} measured)"
    )
    print(f"  decode only:  {figures['decode_s']:6.2f} s")
    print(f"  analysis:     {figures['analyse_s']:6.2f} s")
    print(f"  ratio:        {ratio:6.2f}x  (target <= 2x; best of {RUNS} runs)")
    print(
        f"  CPU time:     decode {figures['decode_cpu']:.2f} s, analysis "
        f"{figures['analyse_cpu']:.2f} s ({figures['analyse_cpu'] / figures['analyse_s']:.2f} "
        "cores busy)"
    )
    threads = figures["thread_cpu"]
    busiest = max(threads.values())
    decode = min(figures["decode_s"], figures["decode_cpu"])
    quiet = max(busiest, figures["analyse_cpu"] / 2) / decode
    print(
        "  threads CPU:  "
        + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in sorted(threads.items()))
        + f"; on two free cores about {quiet:.2f}x"
    )
    print(
        f"  peak memory:  {figures['peak_mb']:6.0f} MB  (after decoding only: "
        f"{figures['decode_peak_mb']:.0f} MB; target < 400)"
    )
    print(
        f"  found: {figures['blinks']} blinks, blur={figures['blur']}, "
        f"{figures['pictures']} pictures"
    )


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        print(json.dumps(measure(Path(sys.argv[2]))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        clips = [Path(arg) for arg in sys.argv[1:]]
        if not clips:
            print("making 60 s clips at 30 fps: 720p and 480p ...", flush=True)
            clips = [make_bench_clip(Path(tmp), 1280, 720), make_bench_clip(Path(tmp), 854, 480)]
        for clip in clips:
            output = subprocess.run(
                [sys.executable, __file__, "--measure", str(clip)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            show(json.loads(output.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
