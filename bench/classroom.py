"""Benchmark: one class of pupils playing Klassikaal against a real server.

    python bench/classroom.py [--pupils 35] [--questions 4] [--workers 2] [--threads 4]
    python bench/classroom.py --postgres --timer 20 --measure

Starts gunicorn on 127.0.0.1 with DEBUG off, a development secret and SQLite in
a temporary folder (migrated, so the seeded questions are there); with
--postgres on a throwaway PostgreSQL cluster of its own instead (initdb in the
temporary folder, a free port on 127.0.0.1, stopped and deleted at the end).
A teacher thread runs the quiz; every pupil thread joins, polls its screen
every 2 seconds the way htmx does, and answers each question after a few
seconds of thinking. With --timer each question closes by itself at its
deadline (the teacher's "close" comes a second late); with --measure the
session is a nulmeting, a pause and an eindmeting of the same questions.
Prints the response-time percentiles of polls and answers and the server's CPU
use, then checks that every accepted answer was counted once.

Only 127.0.0.1 is ever contacted; every loop is bounded in count and time.
"""

import argparse
import http.client
import os
import pwd
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.ports import free_port  # noqa: E402

HOST = "127.0.0.1"
POLL_EVERY_S = 2.0
# Hard limits, whatever the arguments: the benchmark always stops by itself.
MAX_PUPILS = 60
MAX_SECONDS = 300
CLK_TCK = os.sysconf("SC_CLK_TCK")


@dataclass
class Timings:
    lock: threading.Lock = field(default_factory=threading.Lock)
    samples: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[str, dict[int, int]] = field(default_factory=dict)

    def add(self, kind: str, seconds: float, status: int) -> None:
        with self.lock:
            self.samples.setdefault(kind, []).append(seconds)
            counts = self.statuses.setdefault(kind, {})
            counts[status] = counts.get(status, 0) + 1


class Browser:
    """One device: its own cookies and a kept-alive connection to the server; with
    `source`, from that loopback address (127.x.y.z), e.g. one per school."""

    def __init__(self, port: int, timings: Timings, source: str = "") -> None:
        self.port = port
        self.timings = timings
        self.source = source
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def request(
        self, kind: str, method: str, path: str, form: dict | None = None, htmx: bool = False
    ) -> tuple[int, dict[str, str], str]:
        headers = {"Host": f"{HOST}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if htmx:
            headers["HX-Request"] = "true"
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            if "csrftoken" in self.cookies:
                headers["X-CSRFToken"] = self.cookies["csrftoken"]
        for attempt in (1, 2):
            if self.connection is None:
                source = (self.source, 0) if self.source else None
                self.connection = http.client.HTTPConnection(
                    HOST, self.port, timeout=30, source_address=source
                )
            started = time.perf_counter()
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode()
            except (http.client.HTTPException, ConnectionError, TimeoutError, OSError):
                # The server closed a kept-alive connection: open a new one once.
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    self.timings.add(kind, time.perf_counter() - started, 0)
                    return 0, {}, ""
                continue
            self.timings.add(kind, time.perf_counter() - started, response.status)
            for cookie in response.msg.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, dict(response.getheaders()), text
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


# --- the server ---------------------------------------------------------------


# --- a throwaway PostgreSQL (as tests/detector/test_postgres_workers.py starts it) ----


def postgres_binary(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    raise SystemExit(f"PostgreSQL's {name} is not installed (apt-get install postgresql)")


def postgres_user() -> pwd.struct_passwd | None:
    """None when not root; else an unprivileged user (PostgreSQL refuses root)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "pgtest"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    subprocess.run(["useradd", "--system", "--no-create-home", "pgtest"], check=True)
    return pwd.getpwnam("pgtest")


def run_as(user: pwd.struct_passwd | None, args: list[str]) -> None:
    def demote() -> None:
        if user is not None:
            os.setgid(user.pw_gid)
            os.setuid(user.pw_uid)

    subprocess.run(args, check=True, capture_output=True, preexec_fn=demote)


@dataclass
class Postgres:
    url: str
    data: Path
    user: pwd.struct_passwd | None

    def postmaster(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def cpu_seconds(self) -> float:
        return cpu_seconds(process_tree(self.postmaster()), reaped=self.postmaster())

    def stop(self) -> None:
        pg_ctl = postgres_binary("pg_ctl")
        run_as(self.user, [pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop"])
        shutil.rmtree(self.data.parent, ignore_errors=True)


def start_postgres() -> Postgres:
    user = postgres_user()
    home = Path(tempfile.mkdtemp(prefix="klassikaal-pg-"))
    if user is not None:
        os.chown(home, user.pw_uid, user.pw_gid)
    data, port = home / "data", free_port()
    run_as(user, [postgres_binary("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"])
    options = f"-p {port} -k {home} -c listen_addresses={HOST} -c fsync=off"
    run_as(user, [postgres_binary("pg_ctl"), "-D", str(data), "-o", options,
                  "-l", str(home / "log"), "-w", "start"])  # fmt: skip
    import psycopg

    admin = f"host={HOST} port={port} user=postgres dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute("CREATE DATABASE klassikaal")
    return Postgres(f"postgres://postgres@{HOST}:{port}/klassikaal", data, user)


def server_env(folder: Path, database_url: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SECRET_KEY="bench-only-secret-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_VAR_DIR=str(folder / "var"),
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_LOG_LEVEL="ERROR",
    )
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def start_server(
    folder: Path, port: int, workers: int, threads: int, database_url: str = ""
) -> subprocess.Popen:
    env = server_env(folder, database_url)
    python = sys.executable
    for command in (
        ["migrate", "--no-input", "-v", "0"],
        ["collectstatic", "--no-input", "-v", "0"],
    ):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True)
    gunicorn = Path(python).with_name("gunicorn")
    # The server's own log (refused answers are logged as warnings) goes to a file.
    log = (folder / "server.log").open("w")
    server = subprocess.Popen(
        [str(gunicorn), "deepfake_edu.wsgi", "--bind", f"{HOST}:{port}",
         "--workers", str(workers), "--threads", str(threads), "--keep-alive", "10",
         "--log-level", "warning", "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def process_tree(pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                children.append(int(entry.name))
    return [pid, *children]


def cpu_seconds(pids: list[int], reaped: int | None = None) -> float:
    """User + system CPU time of the processes, from /proc/<pid>/stat; for the
    process `reaped` also that of its children that ended (PostgreSQL's
    backends, one per connection, come and go)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
        if pid == reaped:
            total += int(fields[13]) + int(fields[14])  # cutime, cstime
    return total / CLK_TCK


# --- the class ----------------------------------------------------------------

VERSION = re.compile(r"\?v=(\d+)")
QUESTION = re.compile(r'name="question" value="(\d+)"')
CHOICE = re.compile(r'name="choice" value="(\d+)"')
LIVE_KEY = re.compile(r"k=([\d-]+)")
FORM_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_form(browser: Browser, path: str) -> str:
    status, _, html = browser.request("page", "GET", path)
    match = FORM_TOKEN.search(html)
    if status != 200 or not match:
        raise SystemExit(f"GET {path} answered {status}")
    return match.group(1)


def pupil(
    port: int, number: int, code: str, timings: Timings, stop: threading.Event, source: str = ""
) -> None:
    rng = random.Random(number)
    browser = Browser(port, timings, source)
    token = csrf_form(browser, "/klassikaal/")
    form = {"csrfmiddlewaretoken": token, "code": code, "bijnaam": f"Leerling {number}"}
    status, _, _ = browser.request("join", "POST", "/klassikaal/", form)
    if status != 302:
        return
    version, answered = "0", set[str]()
    time.sleep(rng.uniform(0, POLL_EVERY_S))  # phones do not poll in step
    while not stop.is_set():
        status, _, html = browser.request(
            "poll", "GET", f"/klassikaal/spel/?v={version}", htmx=True
        )
        if status == 200:
            version = VERSION.search(html).group(1) if VERSION.search(html) else version
            question, choices = QUESTION.search(html), CHOICE.findall(html)
            # The eindmeting asks the nulmeting's questions again.
            key = (
                f"{question.group(1)}-{'eind' if 'Eindmeting' in html else ''}" if question else ""
            )
            if question and choices and key not in answered:
                stop.wait(rng.uniform(1, 5))  # reading and thinking
                form = {
                    "csrfmiddlewaretoken": token,
                    "question": question.group(1),
                    "choice": rng.choice(choices),
                    "confidence": rng.choice(["zeker", "twijfel", "gok"]),
                }
                if number % 5 == 0:
                    # A double tap: the same answer twice at once, from a second
                    # connection. Exactly one may count.
                    twin = Browser(port, timings, source)
                    twin.cookies = dict(browser.cookies)
                    second = threading.Thread(
                        target=twin.request,
                        args=("answer", "POST", "/klassikaal/spel/antwoord/", form, True),
                    )
                    second.start()
                browser.request("answer", "POST", "/klassikaal/spel/antwoord/", form, htmx=True)
                if number % 5 == 0:
                    second.join(timeout=30)
                    twin.close()
                answered.add(key)
                continue
            if "Klaar!" in html:
                break
        stop.wait(POLL_EVERY_S)
    browser.close()


def teacher_polls(browser: Browser, code: str, stop: threading.Event) -> None:
    """The smartboard: polls the live part, reloads the page when htmx is told to."""
    version, key = "0", ""
    while not stop.is_set():
        _, headers, html = browser.request(
            "teacher poll",
            "GET",
            f"/klassikaal/docent/{code}/stand/?v={version}&k={key}",
            htmx=True,
        )
        if "HX-Location" in headers or headers.get("HX-Refresh") == "true":
            _, _, html = browser.request("teacher page", "GET", f"/klassikaal/docent/{code}/")
        found, found_key = VERSION.search(html), LIVE_KEY.search(html)
        version = found.group(1) if found else version
        key = found_key.group(1) if found_key else key
        stop.wait(POLL_EVERY_S)


def run_class(
    args: argparse.Namespace, port: int, timings: Timings, source: str = ""
) -> tuple[str, int]:
    teacher = Browser(port, timings, source)
    token = csrf_form(teacher, "/klassikaal/nieuw/")
    form = {
        "csrfmiddlewaretoken": token,
        "aantal": args.questions,
        "tijd": args.timer,
        "soort": "meting" if args.measure else "quiz",
    }
    status, headers, _ = teacher.request("page", "POST", "/klassikaal/nieuw/", form)
    code = headers.get("Location", "").rstrip("/").rsplit("/", 1)[-1]
    if status != 302 or not code:
        raise SystemExit(f"starting a session answered {status}")

    stop = threading.Event()
    deadline = time.monotonic() + min(args.max_seconds, MAX_SECONDS)
    threads = [
        threading.Thread(target=pupil, args=(port, n, code, timings, stop, source), daemon=True)
        for n in range(1, min(args.pupils, MAX_PUPILS) + 1)
    ]
    for thread in threads:
        thread.start()
        time.sleep(0.05)
    time.sleep(3)

    def take(step: str) -> None:
        _, _, html = teacher.request("teacher page", "GET", f"/klassikaal/docent/{code}/")
        if f'value="{step}"' not in html:
            timings.add("teacher step skipped", 0.0, 0)  # e.g. "close" after the timer did
            return
        version = re.search(r'name="versie" value="(\d+)"', html).group(1)
        form = {"csrfmiddlewaretoken": token, "stap": step, "versie": version}
        teacher.request("teacher step", "POST", f"/klassikaal/docent/{code}/stap/", form)

    board = Browser(port, timings, source)
    board.cookies = dict(teacher.cookies)
    board_thread = threading.Thread(target=teacher_polls, args=(board, code, stop), daemon=True)
    board_thread.start()
    # With a timer the teacher waits for it (and presses "close" a second late,
    # which must do no harm); a measuring round shows no right answer.
    open_seconds = args.timer + 1 if args.timer else args.answer_seconds
    for round_start in ("start", "eindmeting") if args.measure else ("start",):
        for number in range(args.questions):
            if time.monotonic() > deadline:
                break
            take(round_start if number == 0 else "volgende")
            stop.wait(open_seconds)
            take("sluiten")
            if not args.measure:
                take("onthullen")
            stop.wait(3)
        take("volgende")  # after the last question: the pause, or the results
        stop.wait(3)
    stop.wait(2 * POLL_EVERY_S)
    stop.set()
    for thread in [*threads, board_thread]:
        thread.join(timeout=10)
    return code, len(threads)


def percentiles(samples: list[float]) -> str:
    if len(samples) < 2:
        return f"n={len(samples)}"
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    ms = [1000 * cuts[49], 1000 * cuts[94], 1000 * cuts[98]]
    return f"n={len(samples):5d}  p50 {ms[0]:6.1f} ms  p95 {ms[1]:6.1f} ms  p99 {ms[2]:6.1f} ms"


ANSWERS_SQL = (
    "SELECT COUNT(*), COUNT(DISTINCT participant_id || '-' || question_id || '-' || a.round)"
    " FROM classroom_answer a JOIN classroom_participant p ON a.participant_id = p.id"
    " JOIN classroom_classsession s ON p.session_id = s.id WHERE s.code = {}"
)


def check_database(folder: Path, code: str, database_url: str = "") -> str:
    if database_url:
        import psycopg

        with psycopg.connect(database_url) as connection:
            row = connection.execute(ANSWERS_SQL.format("%s"), (code,)).fetchone()
    else:
        db = sqlite3.connect(folder / "var" / "db.sqlite3")
        try:
            row = db.execute(ANSWERS_SQL.format("?"), (code,)).fetchone()
        finally:
            db.close()
    answers, distinct = row
    return f"{answers} answers stored, {distinct} distinct pupil-question-round triples"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pupils", type=int, default=35)
    parser.add_argument("--questions", type=int, default=4)
    parser.add_argument("--answer-seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--max-seconds", type=float, default=180)
    parser.add_argument("--postgres", action="store_true", help="a throwaway PostgreSQL")
    parser.add_argument("--timer", type=int, default=0, choices=(0, 20, 30, 60))
    parser.add_argument("--measure", action="store_true", help="nulmeting + eindmeting")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="klassikaal-bench-"))
    postgres = start_postgres() if args.postgres else None
    database_url = postgres.url if postgres else ""
    port = free_port()
    server = None
    timings = Timings()
    try:
        server = start_server(folder, port, args.workers, args.threads, database_url)
        pids = process_tree(server.pid)
        cpu_before, wall_before = cpu_seconds(pids), time.monotonic()
        db_before = postgres.cpu_seconds() if postgres else 0.0
        code, pupils = run_class(args, port, timings)
        cpu_used, wall = cpu_seconds(pids) - cpu_before, time.monotonic() - wall_before
        db_used = (postgres.cpu_seconds() if postgres else 0.0) - db_before
        kind = "nulmeting + eindmeting" if args.measure else "quiz"
        timer = f"timer {args.timer} s" if args.timer else "no timer"
        database = "PostgreSQL" if postgres else "SQLite"
        print(f"Klassikaal bench: {pupils} pupils, {args.questions} questions ({kind}, {timer}), "
              f"{database}, gunicorn {args.workers} workers x {args.threads} threads, "
              f"{wall:.0f} s")  # fmt: skip
        for kind in ("poll", "answer", "join", "teacher poll", "teacher step"):
            print(f"  {kind:13s} {percentiles(timings.samples.get(kind, []))}"
                  f"  statuses {dict(sorted(timings.statuses.get(kind, {}).items()))}")  # fmt: skip
        share = 100 * cpu_used / wall
        print(f"  server CPU    {cpu_used:.1f} s over {wall:.0f} s wall = "
              f"{share:.1f}% of one core ({os.cpu_count()} cores here)")  # fmt: skip
        if postgres:
            print(f"  PostgreSQL    {db_used:.1f} s CPU = {100 * db_used / wall:.1f}% of one core")
        skipped = len(timings.samples.get("teacher step skipped", []))
        if skipped:
            print(f"  teacher       {skipped} steps not offered any more (closed by the timer)")
        accepted = timings.statuses.get("answer", {}).get(200, 0)
        stored = check_database(folder, code, database_url)
        print(f"  database      {stored}; {accepted} answers accepted")
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        if postgres:
            postgres.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
