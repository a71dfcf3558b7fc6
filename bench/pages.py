"""Benchmark: the pages that are the same for everyone, against a hashed static file.

    python bench/pages.py [--seconds 5] [--connections 50] [--root PATH]

Starts gunicorn the way the Dockerfile does (`gunicorn deepfake_edu.wsgi` with
gunicorn.conf.py and production settings: a throw-away secret, DEBUG off,
collected and hashed static files, SQLite in a temporary folder), then lets
`wrk` keep `--connections` clients busy for `--seconds` against a hashed
static file and against each page that is the same for every visitor. Prints
requests per second and the p50/p90/p95/p99 response times for each, and each
page's p90 and p95 divided by the static file's, measured in the same run.

`--root` benchmarks another checkout with this interpreter, e.g. the commit
before a change: `git worktree add /tmp/before <commit>` and
`python bench/pages.py --root /tmp/before`.

Needs `wrk` (Debian package `wrk`); installs it with apt-get when it is
missing and the script runs as root. Only 127.0.0.1 is contacted; every run
is bounded in time.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

from tests.ports import free_port  # noqa: E402

HOST = "127.0.0.1"
# The host name and scheme a request has behind the TLS proxy of a deployment.
SITE = "echtofnep.example"
HEADERS = {"Host": SITE, "X-Forwarded-Proto": "https"}
MAX_SECONDS = 60
MAX_CONNECTIONS = 400
# Prints one line that parse_wrk() reads; latencies are in microseconds.
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d %d\\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("wrk is missing: installing the Debian package …", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)
        found = shutil.which("wrk")
    if not found:
        raise SystemExit("This benchmark needs wrk: apt-get install wrk")
    return found


def server_env(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SECRET_KEY="bench-only-" + os.urandom(24).hex(),
        DJANGO_ALLOWED_HOSTS=SITE,
        DJANGO_TRUST_X_FORWARDED_PROTO="1",
        DJANGO_VAR_DIR=str(folder / "var"),
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DJANGO_LOG_LEVEL="WARNING",
    )
    return env


def start_server(root: Path, folder: Path, port: int, recycle: bool) -> subprocess.Popen:
    env = server_env(folder)
    for step in (["collectstatic", "--no-input"], ["migrate", "--no-input"]):
        subprocess.run(
            [sys.executable, "manage.py", *step, "-v", "0"], cwd=root, env=env, check=True
        )
    # Only the address changes; workers and the rest come from gunicorn.conf.py.
    env["GUNICORN_CMD_ARGS"] = f"--bind {HOST}:{port}" + ("" if recycle else " --max-requests 0")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = (folder / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [str(gunicorn), "deepfake_edu.wsgi"], cwd=root, env=env, stdout=log, stderr=log
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            fetch(port, "/")
            return server
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn did not start:\n" + (folder / "gunicorn.log").read_text())


def fetch(port: int, path: str) -> str:
    request = urllib.request.Request(f"http://{HOST}:{port}{path}", headers=HEADERS)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


def targets(port: int) -> list[tuple[str, str]]:
    """The hashed stylesheet and every page the same for everyone, found from the site."""
    overview = fetch(port, "/lessen/")
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', overview)
    if not stylesheet:
        raise SystemExit("No hashed stylesheet in /lessen/: is collectstatic working?")
    lessons = sorted(set(re.findall(r'href="(/lessen/[a-z0-9-]+/)"', overview)))
    pages = ["/", "/lessen/", *lessons, "/begrippen/", "/docenten/", "/docenten/werkblad/"]
    # The first screen of a lesson's presentation mode, in a checkout that has it.
    if lessons:
        try:
            fetch(port, f"{lessons[0]}presenteren/1/")
            pages.append(f"{lessons[0]}presenteren/1/")
        except urllib.error.HTTPError:
            pass
    return [("static file", stylesheet.group(1))] + [(p, p) for p in pages]


def run_wrk(wrk: str, port: int, path: str, seconds: int, connections: int, script: Path) -> dict:
    threads = str(min(2, connections))  # wrk needs a connection per thread
    command = [wrk, "-t", threads, "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s"]
    for name, value in HEADERS.items():
        command += ["-H", f"{name}: {value}"]
    command += ["-s", str(script), f"http://{HOST}:{port}{path}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next((x for x in output.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no result for {path}:\n{output}")
    requests, duration_us, p50, p90, p95, p99, bad_status, errors = map(int, line.split()[1:])
    return {
        "rps": requests / (duration_us / 1e6),
        "p50": p50 / 1000,
        "p90": p90 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "bad": bad_status + errors,
    }


def print_table(results: list[tuple[str, dict]]) -> None:
    static = results[0][1]
    print(
        f"{'target':<28} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'p90/st':>7} {'p95/st':>7} {'errors':>6}"
    )
    for name, r in results:
        print(
            f"{name:<28} {r['rps']:>8.0f} {r['p50']:>8.1f} {r['p90']:>8.1f} {r['p95']:>8.1f} "
            f"{r['p99']:>8.1f} {r['p90'] / static['p90']:>7.2f} {r['p95'] / static['p95']:>7.2f} "
            f"{r['bad']:>6}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=5, help="per target (at most 60)")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--root", type=Path, default=HERE, help="the checkout to benchmark")
    parser.add_argument(
        "--no-recycling",
        action="store_true",
        help="turn off gunicorn's max_requests, to see a page's cost without worker restarts",
    )
    args = parser.parse_args()
    seconds = max(1, min(args.seconds, MAX_SECONDS))
    connections = max(1, min(args.connections, MAX_CONNECTIONS))
    root = args.root.resolve()
    wrk = ensure_wrk()
    commit = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        folder = Path(tmp)
        script = folder / "report.lua"
        script.write_text(WRK_REPORT)
        port = free_port()
        server = start_server(root, folder, port, recycle=not args.no_recycling)
        try:
            found = targets(port)
            print(
                f"Pages bench: {root} (commit {commit or '?'}), gunicorn as in the Dockerfile, "
                f"{os.cpu_count()} cores, {connections} clients, {seconds} s per target, "
                f"after a 1 s warm-up each; wrk -t 2"
                + (", max_requests off" if args.no_recycling else "")
                + "\n"
            )
            results = []
            for name, path in found:
                run_wrk(wrk, port, path, 1, connections, script)  # warm-up: caches, imports
                results.append((name, run_wrk(wrk, port, path, seconds, connections, script)))
            print_table(results)
        finally:
            server.terminate()
            server.wait(timeout=15)
        # gunicorn.conf.py's max_requests replaces workers during the run: each
        # new worker starts with an empty page cache and stalls its clients.
        boots = (folder / "gunicorn.log").read_text(errors="replace").count("Booting worker")
        print(f"\ngunicorn started {boots} workers in all (restarts after max_requests included)")


if __name__ == "__main__":
    main()
