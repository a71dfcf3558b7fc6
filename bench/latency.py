"""Latency of the quick check: from upload to result for one 5 s clip at a time.

Starts the app as bench/load.py does (gunicorn, one db_worker polling every 0.5 s,
SQLite, a temporary folder, 127.0.0.1 only), uploads one clip, waits for its result,
and does that again, one upload after another: the first is the cold one (the
worker starts its analysis child and loads the models), then --uploads more on the
warm worker. Prints median and p90 seconds from upload to result ready (the status
fragment, polled every 50 ms, says the job is done), with the share that was queue
(upload to the job's start: the worker's polling) and analysis (start to finish, as
the database saw them).

Run once with the warm child (DETECTOR_CHILD_MAX_JOBS=50, the default) and once with
DETECTOR_CHILD_MAX_JOBS=1: a fresh child for every clip. That child is started as soon
as the job before it ends, so with half a second between uploads it has loaded its
models by the next one too; only uploads that follow each other at once wait for it.

    .venv/bin/python bench/latency.py [--uploads 10] [--clip CLIP.mp4]
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import (  # noqa: E402
    Browser,
    percentile,
    server_env,
    start_servers,
    stop_servers,
    wait_for_server,
)
from bench.scale import load  # noqa: E402
from tests.ports import free_port  # noqa: E402

POLL_S = 0.05
WAIT_S = 120
MODES = {"warm child (max 50 jobs)": "50", "fresh child per job (max 1)": "1"}


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=10, help="warm uploads after the first")
    parser.add_argument("--clip", type=Path, help="an mp4 (default: a generated 5 s face clip)")
    return parser.parse_args()


def make_clip(folder: Path) -> Path:
    """5 s of the test clip generator's moving face, 640 × 360 at 25 fps, two blinks."""
    from tests.detector import clipgen

    spec = clipgen.ClipSpec(640, 360, 25, 5, [1.2, 3.4], [], seed=21)
    return clipgen.make_clip(folder / "latency_5s.mp4", spec).path


def upload_and_wait(port: int, clip: bytes) -> tuple[float, str, str]:
    """Seconds from the upload's request to the result ready, the outcome, the job's id."""
    browser = Browser(port)
    response, _content, elapsed = browser.upload(clip, "clip.mp4")
    sent = time.monotonic() - elapsed
    if response.status != 302:
        return time.monotonic() - sent, f"refused ({response.status})", ""
    status_url = response.getheader("Location")
    while time.monotonic() - sent < WAIT_S:
        response, _content, _elapsed = browser.request(
            "GET", f"{status_url}status/", headers={"HX-Request": "true"}
        )
        if response.getheader("HX-Redirect"):
            ready = time.monotonic() - sent
            _response, page, _elapsed = browser.request("GET", status_url)
            outcome = "done" if "Wat de controle zag" in page.decode() else "failed"
            return ready, outcome, status_url.strip("/").rsplit("/", 1)[-1]
        time.sleep(POLL_S)
    return time.monotonic() - sent, "lost", ""


def split(database: Path, job_id: str) -> tuple[float, float]:
    """(queue, analysis) seconds of one job, from its row."""
    with sqlite3.connect(database) as connection:
        row = connection.execute(
            "SELECT created_at, started_at, finished_at FROM detector_analysis WHERE id = ?",
            (job_id,),
        ).fetchone()
    if not row or None in row:
        return float("nan"), float("nan")
    created, started, finished = (datetime.fromisoformat(value) for value in row)
    return (started - created).total_seconds(), (finished - started).total_seconds()


def analysis_child(worker_pid: int) -> str:
    """The worker's analysis child now: its pid and address space (size, resident)."""
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            status = (folder / "status").read_text()
            # Not multiprocessing's resource tracker, the worker's other child.
            spawned = b"spawn_main" in (folder / "cmdline").read_bytes()
        except OSError:
            continue  # gone meanwhile
        fields = dict(line.split(":", 1) for line in status.splitlines())
        if spawned and fields["PPid"].strip() == str(worker_pid) and "VmSize" in fields:
            size, resident = (int(fields[k].split()[0]) // 1024 for k in ("VmSize", "VmRSS"))
            return f"{folder.name} ({size} MB, {resident} MB resident)"
    return "none"


def run_mode(max_jobs: str, clip: bytes, uploads: int) -> list[tuple[float, float, float, str]]:
    """Each upload's (total, queue, analysis, outcome); the first is the cold one."""
    folder = Path(tempfile.mkdtemp(prefix="echt-latency-"))
    port = free_port()
    env = server_env(folder, port, web_workers=1)
    env["DETECTOR_CHILD_MAX_JOBS"] = max_jobs
    processes = []
    log = (folder / "server.log").open("w")
    results = []
    children: list[str] = []
    try:
        processes = start_servers(folder, env, log)
        wait_for_server(port, processes[0])
        time.sleep(2)  # the worker's own start (Django, its random start-up delay)
        for _ in range(1 + uploads):
            total, outcome, job_id = upload_and_wait(port, clip)
            queue, analysis = split(folder / "var" / "db.sqlite3", job_id)
            results.append((total, queue, analysis, outcome))
            time.sleep(0.5)  # a pupil does not upload the next clip at once
            children.append(analysis_child(processes[1].pid))
    finally:
        stop_servers(processes)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"Analysis child after the first job: {children[0]}; after the last: {children[-1]}")
    print(
        f"Distinct children seen between jobs: {len({c.split()[0] for c in children} - {'none'})}"
    )
    print(load())
    return results


def report(name: str, results: list[tuple[float, float, float, str]]) -> None:
    cold, warm = results[0], results[1:]
    outcomes = sorted({r[3] for r in results})
    columns = [[r[0] for r in warm], [r[1] for r in warm], [r[2] for r in warm]]
    print(f"\n{name}: {len(results)} uploads, outcomes {', '.join(outcomes)}")
    print(f"{'':<14}{'total':>8}{'queue':>8}{'analysis':>10}")
    print(f"{'first (cold)':<14}{cold[0]:>7.2f}s{cold[1]:>7.2f}s{cold[2]:>9.2f}s")
    for label, fraction in (("median", 0.5), ("p90", 0.9)):
        total, queue, analysis = (
            statistics.median(c) if fraction == 0.5 else percentile(c, fraction) for c in columns
        )
        print(f"{label + ' (next)':<14}{total:>7.2f}s{queue:>7.2f}s{analysis:>9.2f}s")


def main() -> None:
    args = arguments()
    with tempfile.TemporaryDirectory() as folder:
        path = args.clip or make_clip(Path(folder))
        clip = path.read_bytes()
    print(f"Clip: {path.name}, {len(clip) // 1024} KB; {args.uploads} uploads after the first")
    for name, max_jobs in MODES.items():
        report(name, run_mode(max_jobs, clip, args.uploads))


if __name__ == "__main__":
    main()
