"""Benchmark: the stack of several machines under load.

    .venv/bin/python bench/scale.py [--clips 40] [--classes 10] [--pupils 30] [--questions 3]
    .venv/bin/python bench/scale.py --only clips      # or --only classes

Starts what docker-compose.yml describes, on 127.0.0.1 (tests/stack.py): a throwaway
PostgreSQL cluster, redis-server, moto's S3 server with one bucket, two web machines
(gunicorn as the image runs it, one worker process each, nothing on a shared disk) and
nginx in front of both with deploy/nginx.conf.template. Then:

- clips: 40 short clips (3 s, 320 × 240) uploaded at once, half to each web machine,
  and analysed by one worker; then 40 more by two workers (separate processes and var
  folders; the database and the bucket shared). Prints clips per minute, the time per
  clip, how the jobs were shared, the workers' CPU, and checks that none was analysed
  twice and none lost, and that the bucket and the machines' folders are empty after.
- classes: 10 classes of 30 pupils playing Klassikaal through nginx, with the pupils,
  teacher and smartboard of bench/classroom.py; each class from a loopback address of
  its own (127.0.1.N), as each school has its own. Prints p50/p95/p99 of answers,
  polls and the rest, the statuses, the CPU each server used, and the load
  generator's own CPU (it shares the machine's cores with the servers).

Only addresses in 127.0.0.0/8 are contacted; every wait is bounded in time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.classroom import (  # noqa: E402
    ANSWERS_SQL,
    Timings,
    cpu_seconds,
    percentiles,
    process_tree,
    run_class,
)
from tests.detector.webfixtures import write_clip  # noqa: E402
from tests.stack import Browser, Server, Stack  # noqa: E402

ANALYSIS_WAIT_S = 900
CLASS_WAIT_S = 300
UPLOADERS = 8
# Uploads and waiting jobs are limited per browser, per address and in total; the
# bench queues more at once than a school may.
LIMITS = {
    "DETECTOR_MAX_WAITING_TOTAL": "200",
    "DETECTOR_MAX_WAITING_PER_ADDRESS": "200",
    "DETECTOR_MAX_WAITING_PER_CLIENT": "200",
    "DETECTOR_UPLOADS_PER_HOUR": "1000",
    "DETECTOR_UPLOADS_PER_HOUR_PER_ADDRESS": "1000",
}
# bench/classroom.py's pupils speak plain HTTP to nginx, as behind a TLS proxy.
PLAIN_HTTP = {"DJANGO_SECURE_SSL_REDIRECT": "false"}


def load() -> str:
    """Other work on the machine shares its cores: say how busy it was."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (5 min {five:.1f}) on {os.cpu_count()} cores"


# --- clips -----------------------------------------------------------------------


def make_clips(folder: Path, count: int, seconds: float) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_clip(
            folder / f"clip{n:02d}.mp4",
            seconds=seconds,
            # Every other clip has a blurry stretch: a flagged moment with pictures.
            blur_face_from_s=1.0 + (n % 4) * 0.2 if n % 2 else None,
            blur_face_until_s=2.2 + (seconds - 3) / 2,
        )
        for n in range(count)
    ]


def upload_all(stack: Stack, clips: list[Path]) -> list[str]:
    """Every clip from a browser of its own, to the web machines in turn, eight at once."""
    ports = [web.port for web in stack.webs.values()]

    def upload(number: int) -> str:
        browser = Browser(ports[number % len(ports)])
        assert browser.get("/controle/").status == 200
        sent = browser.upload("/controle/", clips[number].name, clips[number].read_bytes())
        if sent.status != 302:
            raise SystemExit(f"upload {number} answered {sent.status}: {sent.text[:300]}")
        return sent.headers["Location"].strip("/").rsplit("/", 1)[-1]

    with ThreadPoolExecutor(UPLOADERS) as pool:
        return list(pool.map(upload, range(len(clips))))


JOBS_SQL = """
SELECT a.status, a.attempts, a.started_at, a.finished_at, t.status, t.worker_ids
FROM detector_analysis a
LEFT JOIN django_tasks_database_dbtaskresult t ON t.id::text = a.task_id
WHERE a.id = ANY(%s)
"""


def wait_for_jobs(stack: Stack, ids: list[str], workers: list[Server]) -> None:
    deadline = time.monotonic() + ANALYSIS_WAIT_S
    while time.monotonic() < deadline:
        waiting = stack.rows(
            "SELECT count(*) FROM detector_analysis"
            " WHERE id = ANY(%s) AND status IN ('queued', 'running')",
            (ids,),
        )[0][0]
        if not waiting:
            return
        for worker in workers:
            if not worker.running():
                raise SystemExit(f"{worker.name} stopped:\n{worker.output()}")
        time.sleep(0.2)
    raise SystemExit(f"jobs not finished after {ANALYSIS_WAIT_S} s")


def analyse_round(stack: Stack, clips: list[Path], workers: int) -> None:
    ids = upload_all(stack, clips)
    queued_in_bucket = len(stack.bucket_keys())
    names = [f"{workers}w-worker-{n}" for n in range(1, workers + 1)]
    launched = time.monotonic()
    servers = stack.start_workers(*names)
    wait_for_jobs(stack, ids, servers)
    wall = time.monotonic() - launched
    cpu = sum(cpu_seconds(process_tree(s.process.pid), reaped=s.process.pid) for s in servers)
    for server in servers:
        server.stop()
    report_round(stack, ids, workers, wall, cpu, queued_in_bucket)


def report_round(
    stack: Stack, ids: list[str], workers: int, wall: float, cpu: float, queued: int
) -> None:
    jobs = stack.rows(JOBS_SQL, (ids,))
    statuses = Counter(row[0] for row in jobs)
    twice = sum(1 for row in jobs if row[1] != 1 or len(row[5] or []) != 1)
    shared = Counter(worker for row in jobs for worker in (row[5] or []))
    started = min(row[2] for row in jobs if row[2])
    finished = max(row[3] for row in jobs if row[3])
    window = (finished - started).total_seconds()
    per_clip = statistics.median((row[3] - row[2]).total_seconds() for row in jobs if row[3])
    lost = len(ids) - len(jobs) + statuses["queued"] + statuses["running"]
    print(f"  {workers} worker{'s' if workers > 1 else ' '}: {len(ids)} queued "
          f"({queued} clips in the bucket), {statuses['done']} done, {statuses['failed']} "
          f"failed, {lost} lost, {twice} analysed twice or by two workers")  # fmt: skip
    print(f"             {len(ids) / window * 60:5.1f} clips/min from the first start to the "
          f"last result ({window:.1f} s; {wall:.1f} s from launching the workers); "
          f"median {per_clip:.1f} s a clip")  # fmt: skip
    print(f"             jobs per worker {dict(sorted(shared.items()))}; worker CPU "
          f"{cpu:.0f} s = {cpu / len(ids):.1f} s a clip")  # fmt: skip
    left = stack.bucket_keys()
    files = stack.leftover_files()
    print(f"             after: {len(left)} objects in the bucket, {len(files)} files "
          "in the machines' var and temp folders")  # fmt: skip


def clips_bench(stack: Stack, args: argparse.Namespace) -> None:
    clips = make_clips(stack.folder / "clips", args.clips, args.seconds)
    print(f"Clips: {len(clips)} clips of {args.seconds:g} s (320 × 240, 10 fps, half with a "
          f"blurry stretch) queued at once, then analysed; {load()}")  # fmt: skip
    for workers in (1, 2):
        analyse_round(stack, clips, workers)


# --- classes ---------------------------------------------------------------------


def server_pids(stack: Stack) -> dict[str, list[int]]:
    assert stack.nginx and stack.postgres and stack.redis and stack.redis.process
    pids = {f"web {name}": process_tree(web.server.process.pid) for name, web in stack.webs.items()}
    pids["nginx"] = process_tree(stack.nginx.process.pid)
    pids["redis"] = [stack.redis.process.pid]
    return pids


def server_cpu(stack: Stack, pids: dict[str, list[int]]) -> dict[str, float]:
    assert stack.postgres
    used = {name: cpu_seconds(tree) for name, tree in pids.items()}
    postmaster = stack.postgres.postmaster()
    used["PostgreSQL"] = cpu_seconds(process_tree(postmaster), reaped=postmaster)
    return used


def classes_bench(stack: Stack, args: argparse.Namespace) -> None:
    timings = Timings()
    options = argparse.Namespace(pupils=args.pupils, questions=args.questions,
                                 answer_seconds=10, timer=0, measure=False,
                                 max_seconds=CLASS_WAIT_S)  # fmt: skip
    codes: list[str] = []

    def one_class(number: int) -> None:
        code, _ = run_class(options, stack.nginx_port, timings, source=f"127.0.1.{number}")
        codes.append(code)

    pids = server_pids(stack)
    before, client_before = server_cpu(stack, pids), os.times()
    started = time.monotonic()
    threads = [threading.Thread(target=one_class, args=(n,), daemon=True)
               for n in range(1, args.classes + 1)]  # fmt: skip
    for thread in threads:
        thread.start()
        time.sleep(0.5)  # lessons start at about the same time, not at the same instant
    for thread in threads:
        thread.join(timeout=CLASS_WAIT_S + 60)
    wall = time.monotonic() - started
    after, client_after = server_cpu(stack, pids), os.times()
    print(f"Klassikaal: {args.classes} classes × {args.pupils} pupils, {args.questions} "
          f"questions, through nginx to {len(stack.webs)} web machines "
          f"(gunicorn 1 process × 32 threads each), PostgreSQL, {wall:.0f} s; "
          f"{load()}")  # fmt: skip
    for kind in ("poll", "answer", "join", "teacher poll", "teacher step", "teacher page"):
        print(f"  {kind:13s} {percentiles(timings.samples.get(kind, []))}"
              f"  statuses {dict(sorted(timings.statuses.get(kind, {}).items()))}")  # fmt: skip
    used = {name: after[name] - before[name] for name in after}
    total = sum(used.values())
    parts = ", ".join(f"{name} {100 * cpu / wall:.0f}%" for name, cpu in used.items())
    print(f"  server CPU    {total:.0f} s over {wall:.0f} s = {100 * total / wall:.0f}% of one "
          f"core ({parts}; {os.cpu_count()} cores here)")  # fmt: skip
    client = (client_after.user + client_after.system) - (client_before.user + client_before.system)
    print(f"  load generator {100 * client / wall:.0f}% of one core (the same cores)")
    stored = distinct = 0
    for code in codes:
        (rows, unique), *_ = stack.rows(ANSWERS_SQL.format("%s"), (code,))
        stored, distinct = stored + rows, distinct + unique
    accepted = timings.statuses.get("answer", {}).get(200, 0)
    print(f"  database      {stored} answers stored, {distinct} distinct pupil-question-round "
          f"triples; {accepted} answers accepted; {len(codes)} of {args.classes} classes "
          "ran")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clips", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=3.0, help="length of each clip")
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--pupils", type=int, default=30)
    parser.add_argument("--questions", type=int, default=3)
    parser.add_argument("--only", choices=("clips", "classes"))
    args = parser.parse_args()
    args.clips = min(args.clips, 100)
    args.seconds = min(max(args.seconds, 3.0), 60.0)
    args.classes = min(args.classes, 20)

    folder = Path(tempfile.mkdtemp(prefix="echt-scale-"))
    try:
        with Stack(folder, extra_env={**LIMITS, **PLAIN_HTTP}) as stack:
            webs = stack.start_webs("web-a", "web-b")
            stack.start_nginx(*webs)
            if args.only != "classes":
                clips_bench(stack, args)
            if args.only != "clips":
                classes_bench(stack, args)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
