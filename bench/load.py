"""Load test of the quick check: 20 clips uploaded at once, one worker.

Starts the app the way production runs it (gunicorn, DEBUG off, a throwaway secret
key) with one db_worker on SQLite, all in a temporary folder and on 127.0.0.1 only.
Then 20 clients each fetch the upload page (for the CSRF token), upload a generated
clip at the same moment and poll their status until the result is there, while
another client keeps reading lesson pages. Prints whether every job finished, how
long the last one took, and how fast the pages stayed while the worker was busy.

    .venv/bin/python bench/load.py [--clips 20] [--seconds 6]
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.ports import free_port  # noqa: E402

HOST = "127.0.0.1"
DEADLINE_S = 900


def make_clip(path: Path, seconds: float, seed: int) -> bytes:
    """A face (scikit-image's astronaut if present, else a drawn one) that moves a little."""
    try:
        from skimage import data

        face = cv2.cvtColor(data.astronaut()[:300, 60:460], cv2.COLOR_RGB2BGR)
        face = cv2.resize(face, (320, 240))
    except ImportError:
        face = np.full((240, 320, 3), 150, np.uint8)
        cv2.ellipse(face, (160, 120), (60, 80), 0, 0, 360, (140, 170, 210), -1)
    rng = np.random.default_rng(seed)
    fps = 15
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), fps, (320, 240))
    for index in range(round(seconds * fps)):
        shift = np.array([[1, 0, 3 * np.sin(index / 7)], [0, 1, 2 * np.cos(index / 9)]], np.float32)
        frame = cv2.warpAffine(face, shift, (320, 240), borderMode=cv2.BORDER_REFLECT)
        noise = rng.normal(0, 2, frame.shape)
        writer.write(np.clip(frame + noise, 0, 255).astype(np.uint8))
    writer.release()
    return path.read_bytes()


class Browser:
    """One visitor: its own cookies (session and CSRF), plain http.client."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection(HOST, self.port, timeout=120)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        elapsed = time.perf_counter() - started
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response, content, elapsed

    def upload(self, clip: bytes, name: str):
        _response, page, _elapsed = self.request("GET", "/controle/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        boundary = secrets.token_hex(16)
        body = b"".join(
            [
                f"--{boundary}\r\n".encode(),
                b'Content-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n',
                token + b"\r\n",
                f"--{boundary}\r\n".encode(),
                f'Content-Disposition: form-data; name="clip"; filename="{name}"\r\n'.encode(),
                b"Content-Type: video/mp4\r\n\r\n",
                clip,
                f"\r\n--{boundary}--\r\n".encode(),
            ]
        )
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        return self.request("POST", "/controle/", body, headers)


@dataclass
class Timings:
    lock: threading.Lock = field(default_factory=threading.Lock)
    by_kind: dict[str, list[float]] = field(default_factory=dict)

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.by_kind.setdefault(kind, []).append(seconds)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def visitor(port, clip, name, start, timings, outcomes, index):
    browser = Browser(port)
    start.wait()
    response, content, elapsed = browser.upload(clip, name)
    timings.add("upload", elapsed)
    if response.status != 302:
        outcomes[index] = ("refused", response.status, time.monotonic())
        return
    status_url = response.getheader("Location")
    fragment_url = f"{status_url}status/"
    while True:
        response, content, elapsed = browser.request(
            "GET", fragment_url, headers={"HX-Request": "true"}
        )
        timings.add("status poll", elapsed)
        if response.getheader("HX-Redirect"):
            break
        time.sleep(1.0)
    finished = time.monotonic()
    response, content, elapsed = browser.request("GET", status_url)
    timings.add("result page", elapsed)
    text = content.decode()
    outcome = "done" if "Wat de controle zag" in text else "failed"
    outcomes[index] = (outcome, response.status, finished)


def reader(port, stop, timings):
    browser = Browser(port)
    while not stop.is_set():
        for path, kind in (("/", "GET /"), ("/lessen/", "GET /lessen/")):
            response, _content, elapsed = browser.request("GET", path)
            if response.status == 200:
                timings.add(kind, elapsed)
        time.sleep(0.25)


def wait_for_server(port: int, process: subprocess.Popen) -> None:
    for _ in range(200):
        if process.poll() is not None:
            sys.exit("The web server stopped while starting.")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    sys.exit("The web server did not start.")


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=6.0, help="length of each clip")
    parser.add_argument("--web-workers", type=int, default=2)
    return parser.parse_args()


def server_env(folder: Path, port: int, web_workers: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-" + secrets.token_urlsafe(32),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_VAR_DIR=str(folder / "var"),
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_LOG_LEVEL="WARNING",
        DETECTOR_UPLOADS_PER_HOUR="1000",
        DETECTOR_MAX_WAITING_PER_CLIENT="1000",
        GUNICORN_BIND=f"{HOST}:{port}",
        WEB_CONCURRENCY=str(web_workers),
    )
    return env


def start_servers(folder: Path, env: dict[str, str], log) -> list[subprocess.Popen]:
    """Migrate and collect the static files, then gunicorn and one task worker."""
    python = sys.executable
    print(f"Preparing the app in {folder} …", flush=True)
    for command in (["migrate", "--no-input", "-v", "0"], ["collectstatic", "--no-input"]):
        subprocess.run([python, "manage.py", *command, "-v", "0"], cwd=ROOT, env=env, check=True)
    gunicorn = shutil.which("gunicorn", path=str(Path(python).parent)) or "gunicorn"
    web = subprocess.Popen(
        [gunicorn, "deepfake_edu.wsgi", "--access-logfile", "/dev/null"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    worker = subprocess.Popen(
        [python, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    return [web, worker]


def stop_servers(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def upload_all(port: int, clips: list[bytes], timings: Timings) -> tuple[list, float]:
    """Every clip uploaded at the same moment by its own visitor, while a reader loads
    pages; (each visitor's outcome, the start time)."""
    outcomes: list[tuple | None] = [None] * len(clips)
    start = threading.Barrier(len(clips) + 1)
    stop_reading = threading.Event()
    threads = [
        threading.Thread(
            target=visitor,
            args=(port, clip, f"clip{i}.mp4", start, timings, outcomes, i),
            daemon=True,
        )
        for i, clip in enumerate(clips)
    ]
    for thread in threads:
        thread.start()
    reading = threading.Thread(target=reader, args=(port, stop_reading, timings), daemon=True)
    print(f"Uploading {len(clips)} clips at once …", flush=True)
    start.wait()
    began = time.monotonic()
    reading.start()
    for thread in threads:
        thread.join(timeout=max(1.0, DEADLINE_S - (time.monotonic() - began)))
    stop_reading.set()
    reading.join(timeout=30)
    return outcomes, began


def report(args: argparse.Namespace, outcomes: list, began: float, timings: Timings, folder: Path):
    """Print the outcomes and response times; True when every clip finished and none is
    left on disk."""
    done = [o for o in outcomes if o and o[0] == "done"]
    failed = [o for o in outcomes if o and o[0] == "failed"]
    refused = [o for o in outcomes if o and o[0] == "refused"]
    lost = [o for o in outcomes if o is None]
    leftover = list((folder / "var" / "clips").glob("*"))
    print()
    print(f"Clips uploaded at once:   {args.clips} ({args.seconds:g} s, 320x240, 15 fps)")
    print(f"Finished with a result:   {len(done)}")
    print(f"Finished as failed:       {len(failed)}")
    print(f"Refused at upload:        {len(refused)}")
    print(f"Lost (no answer in time): {len(lost)}")
    print(f"Clips left on disk:       {len(leftover)}")
    finishes = [o[2] for o in outcomes if o and o[0] != "refused"]
    if finishes:
        print(f"Time to last result:      {max(finishes) - began:.1f} s")
    print()
    print(f"{'response times':<18}{'n':>6}{'median':>10}{'p95':>10}{'max':>10}")
    for kind in ("GET /", "GET /lessen/", "status poll", "upload", "result page"):
        values = timings.by_kind.get(kind, [])
        if values:
            print(
                f"{kind:<18}{len(values):>6}"
                f"{statistics.median(values) * 1000:>8.0f}ms"
                f"{percentile(values, 0.95) * 1000:>8.0f}ms"
                f"{max(values) * 1000:>8.0f}ms"
            )
    return len(done) + len(failed) == args.clips and not leftover


def main() -> None:
    args = arguments()
    folder = Path(tempfile.mkdtemp(prefix="echt-bench-"))
    port = free_port()
    env = server_env(folder, port, args.web_workers)
    processes: list[subprocess.Popen] = []
    log = (folder / "server.log").open("w")
    timings = Timings()
    try:
        processes = start_servers(folder, env, log)
        wait_for_server(port, processes[0])
        print(f"Making {args.clips} clips of {args.seconds:g} s …", flush=True)
        clips = [
            make_clip(folder / f"clip{i}.mp4", args.seconds, seed=i) for i in range(args.clips)
        ]
        outcomes, began = upload_all(port, clips, timings)
    finally:
        stop_servers(processes)
        log.close()
    all_finished = report(args, outcomes, began, timings, folder)
    shutil.rmtree(folder, ignore_errors=True)
    sys.exit(0 if all_finished else 1)


if __name__ == "__main__":
    main()
