"""Speed of the analysis of a browser recording, before and after the copy into Matroska.

    .venv/bin/python bench/recording.py [--webm REC.webm] [--keep REC.webm] [--runs 7]
                                        [--process]

Without --webm, makes a 20 s recording the way a pupil's browser does: Chromium
(/usr/bin/chromium, through Playwright) with a fake camera that plays the test clip
generator's face (640 × 480, 30 fps, five blinks) records it with MediaRecorder (WebM,
VP8; no Duration, no Cues). --keep saves it for a next run.

Then it times the analysis (``detector.analysis.analyse``) of
- the WebM as the engine read it before (the copy switched off: recording.ENABLED),
- the WebM now (copied into Matroska first, then measured in stretches),
- the same pictures as an ordinary MP4 (x264, made here with PyAV),
and prints the median, lowest and highest wall time of --runs runs each and the
median CPU time (the work done, which other people's load does not change), the runs
of the three taken in turn so that a busy moment of the machine hits all three. By
default in this process with the face models loaded once, as the worker's warm child
works; with --process each run is a fresh ``python -m detector.analysis``-like process
(start-up and model loading included). Also printed: the stretches the engine
planned, the blinks found, and the time of the copy alone.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
WIDTH, HEIGHT, FPS = 640, 480, 30
RECORD_S = 20
# The fake camera plays the file in a loop; it must outlast the recording's start-up.
FACE_S = RECORD_S + 3
BLINK_TIMES = [2.0, 6.5, 11.0, 15.5, 19.0]
# Runs in the page: records ``seconds`` of the camera, returns the file as base64.
RECORD_JS = """async ([seconds, mimeType]) => {
  const camera = await navigator.mediaDevices.getUserMedia(
    {video: {width: 640, height: 480, frameRate: 30}, audio: false});
  const recorder = new MediaRecorder(camera, mimeType ? {mimeType} : {});
  const chunks = [];
  recorder.ondataavailable = (event) => chunks.push(event.data);
  const stopped = new Promise((resolve) => (recorder.onstop = resolve));
  recorder.start(1000);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  recorder.stop();
  await stopped;
  const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return [recorder.mimeType, btoa(text)];
}"""
# One whole-process run: the engine's command line, with the copy on or off.
PROCESS_RUN = (
    "import sys\n"
    "from detector.analysis import analyse, recording\n"
    "recording.ENABLED = sys.argv[2] == 'on'\n"
    "analyse(sys.argv[1])\n"
)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--webm", type=Path, help="a browser recording (default: make one)")
    parser.add_argument("--keep", type=Path, help="save the recording made here")
    parser.add_argument("--runs", type=int, default=7, help="runs of each (default 7)")
    parser.add_argument("--process", action="store_true", help="a fresh process per run")
    return parser.parse_args()


def face_y4m(folder: Path) -> Path:
    """The test clip generator's face as a Y4M file for Chromium's fake camera."""
    import cv2

    from tests.detector import clipgen

    spec = clipgen.ClipSpec(WIDTH, HEIGHT, FPS, FACE_S, BLINK_TIMES)
    mp4 = clipgen.make_clip(folder / "face.mp4", spec).path
    y4m = folder / "face.y4m"
    capture = cv2.VideoCapture(str(mp4))
    with y4m.open("wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F{FPS}:1 Ip A1:1 C420jpeg\n".encode())
        while True:
            ok, frame = capture.read()
            if not ok:
                break
            out.write(b"FRAME\n" + cv2.cvtColor(frame, cv2.COLOR_BGR2YUV_I420).tobytes())
    capture.release()
    mp4.unlink()
    return y4m


def record_webm(folder: Path) -> Path:
    """A RECORD_S seconds MediaRecorder recording of the fake camera, by Chromium."""
    import base64

    from playwright.sync_api import sync_playwright

    camera = face_y4m(folder)
    flags = [
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={camera}",
        "--no-sandbox",
        "--disable-background-networking",
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=flags)
        try:
            page = browser.new_page()
            # localhost counts as a secure origin (the camera needs one); no server.
            page.route("http://localhost/**", lambda route: route.fulfill(body="<!doctype html>"))
            page.goto("http://localhost/")
            mime, data = page.evaluate(RECORD_JS, [RECORD_S, "video/webm"])
        finally:
            browser.close()
    camera.unlink()
    webm = folder / "recording.webm"
    webm.write_bytes(base64.b64decode(data))
    print(f"Recorded {RECORD_S} s with Chromium: {mime}")
    return webm


def as_mp4(webm: Path, mp4: Path) -> Path:
    """The recording's pictures as an ordinary MP4 (x264), each at its own time: a
    browser under load records fewer frames than it asked for."""
    import av

    with av.open(str(webm)) as given, av.open(str(mp4), "w") as written:
        pictures = given.streams.video[0]
        video = written.add_stream("libx264", rate=FPS)
        video.width, video.height, video.pix_fmt = pictures.width, pictures.height, "yuv420p"
        video.time_base = video.codec_context.time_base = pictures.time_base
        for frame in given.decode(pictures):
            frame.pict_type = av.video.frame.PictureType.NONE  # x264 picks the key frames
            written.mux(video.encode(frame))
        written.mux(video.encode(None))
    return mp4


def describe(webm: Path) -> str:
    from detector.analysis.container import read_container

    data = webm.read_bytes()
    header = read_container(webm)
    cues = "Cues" if b"\x1c\x53\xbb\x6b" in data else "no Cues"
    duration = "no Duration" if header.duration_s is None else f"Duration {header.duration_s} s"
    return (
        f"{webm.name}, {len(data) // 1024} KB, {header.width}x{header.height}; {duration}, {cues}"
    )


Runs = dict[str, list[tuple[float, float]]]  # per variant: (wall, CPU) seconds a run


def in_process(variants: dict[str, tuple[Path, bool]], runs: int) -> Runs:
    """Wall and CPU seconds of each run of each variant, in this process (models warm)."""
    from detector.analysis import analyse, pipeline, recording

    pipeline.warm_models()
    planned: list[list[float]] = []
    plan = pipeline.plan_stretches

    def plan_and_remember(*args, **kwargs) -> list[float]:
        planned.append(plan(*args, **kwargs))
        return planned[-1]

    pipeline.plan_stretches = plan_and_remember
    times: Runs = {name: [] for name in variants}
    for run in range(runs + 1):  # the first round warms the caches and is not counted
        for name, (path, copy) in variants.items():
            recording.ENABLED = copy
            started, cpu_started = time.perf_counter(), time.process_time()
            report = analyse(path).report
            if run:
                times[name].append(
                    (time.perf_counter() - started, time.process_time() - cpu_started)
                )
            else:
                print(
                    f"  {name}: stretches from {planned[-1]}; "
                    f"blinks at {[b['start_s'] for b in report['blinks']]}"
                )
    recording.ENABLED = True
    return times


def in_processes(variants: dict[str, tuple[Path, bool]], runs: int) -> Runs:
    """Wall and CPU seconds of each run of each variant, each in a fresh process."""
    times: Runs = {name: [] for name in variants}

    def children_cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    for _ in range(runs):
        for name, (path, copy) in variants.items():
            started, cpu_started = time.perf_counter(), children_cpu()
            subprocess.run(
                [sys.executable, "-c", PROCESS_RUN, str(path), "on" if copy else "off"],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            times[name].append((time.perf_counter() - started, children_cpu() - cpu_started))
    return times


def copy_alone(webm: Path, runs: int) -> list[float]:
    from detector.analysis import recording

    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        with recording.seekable(webm) as readable:
            assert readable != str(webm), "the recording was not copied"
        seconds.append(time.perf_counter() - started)
    return seconds


def show(times: Runs, copy_s: list[float]) -> None:
    print(f"\n{'wall seconds':<32}{'median':>8}{'lowest':>8}{'highest':>9}{'CPU median':>12}")
    for name, runs in times.items():
        wall = [w for w, _ in runs]
        cpu = statistics.median(c for _, c in runs)
        print(
            f"{name:<32}{statistics.median(wall):>7.2f}s{min(wall):>7.2f}s"
            f"{max(wall):>8.2f}s{cpu:>11.2f}s"
        )
    copy_ms = statistics.median(copy_s) * 1000
    print(f"\nThe copy alone (decide, copy, delete): median {copy_ms:.1f} ms")


def main() -> None:
    args = arguments()
    with tempfile.TemporaryDirectory(prefix="echt-bench-") as temporary:
        folder = Path(temporary)
        webm = args.webm or record_webm(folder)
        if args.keep and not args.webm:
            args.keep.write_bytes(webm.read_bytes())
        mp4 = as_mp4(webm, folder / "recording.mp4")
        print(f"Recording: {describe(webm)}")
        variants = {
            "WebM, before (no copy)": (webm, False),
            "WebM, now (copied first)": (webm, True),
            "MP4 of the same pictures": (mp4, True),
        }
        how = "a fresh process per run" if args.process else "in this process, models warm"
        print(f"{args.runs} runs of each, in turn; {how}")
        measure: Callable[[dict[str, tuple[Path, bool]], int], Runs] = (
            in_processes if args.process else in_process
        )
        times = measure(variants, args.runs)
        show(times, copy_alone(webm, args.runs))


if __name__ == "__main__":
    main()
