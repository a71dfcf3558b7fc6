#!/usr/bin/env python3
"""The project's two commands, for a fresh machine with only Python 3.11.

    python3 dev.py start   # web server + background worker, SQLite, seeded content
    python3 dev.py test    # every check and test, as CI runs them

Both make a virtual environment in .venv and install the pinned requirements
into it (again only when a requirements file changed). `test` also installs
the system packages the tests need (Chromium, hunspell with the Dutch
dictionary, PostgreSQL's server binaries) with apt-get when they are missing.
"""

import argparse
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"

# Periodic housekeeping while `start` runs: expired results, orphaned clips,
# finished class sessions and old sessions. Production runs the same commands
# from cron or the compose file's scheduler.
CLEANUP_COMMANDS = (["cleanup_analyses"], ["cleanup_classroom"], ["clearsessions"])
CLEANUP_EVERY_S = 600


def log(message: str) -> None:
    print(f"==> {message}", flush=True)


def run(*args: str | Path, env: dict | None = None, check: bool = True) -> int:
    return subprocess.run([str(a) for a in args], cwd=ROOT, env=env, check=check).returncode


def ensure_venv(requirements: str) -> None:
    if not PYTHON.exists():
        log("Making a virtual environment in .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    req = ROOT / requirements
    digest = hashlib.sha256(
        b"".join((ROOT / f).read_bytes() for f in ("requirements.txt", requirements))
    ).hexdigest()
    stamp = VENV / f".installed-{req.stem}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    log(f"Installing {requirements}")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", req)
    stamp.write_text(digest)


def postgres_bin_dir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return candidates[-1].parent if candidates else None


def ensure_system_packages() -> None:
    """The tests need a browser, a Dutch spelling checker and PostgreSQL."""
    missing = []
    if not Path("/usr/bin/chromium").exists():
        missing.append("chromium")
    # A font, so pages lay out in the browser tests as they do for people.
    if not Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").exists():
        missing.append("fonts-dejavu-core")
    if not shutil.which("hunspell"):
        missing.append("hunspell")
    if not Path("/usr/share/hunspell/nl_NL.dic").exists():
        missing.append("hunspell-nl")
    if postgres_bin_dir() is None:
        missing.append("postgresql")
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        names = " ".join(missing)
        sys.exit(f"Missing system packages: {names}. Install them with apt-get (as root).")
    log(f"Installing system packages: {' '.join(missing)}")
    apt_env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run("apt-get", "update", "-qq", env=apt_env)
    run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, env=apt_env)


def manage(*args: str, env: dict | None = None) -> int:
    return run(PYTHON, "manage.py", *args, env=env)


def start(port: int) -> None:
    ensure_venv("requirements.txt")
    env = {**os.environ, "DJANGO_DEBUG": os.environ.get("DJANGO_DEBUG", "1")}
    log("Preparing the database (SQLite in var/, seeded by the migrations)")
    manage("migrate", "--no-input", "-v", "0", env=env)
    processes = {
        "web": subprocess.Popen(
            [str(PYTHON), "manage.py", "runserver", f"0.0.0.0:{port}"], cwd=ROOT, env=env
        ),
        "worker": subprocess.Popen([str(PYTHON), "manage.py", "db_worker"], cwd=ROOT, env=env),
    }
    log(f"Echt of nep? runs at http://localhost:{port}/ (stop with Ctrl+C)")

    def stop(*_: object) -> None:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            process.wait(timeout=15)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    next_cleanup = time.monotonic()
    while True:
        for name, process in processes.items():
            if process.poll() is not None:
                log(f"The {name} process stopped (exit code {process.returncode}); stopping.")
                stop()
        if time.monotonic() >= next_cleanup:
            for command in CLEANUP_COMMANDS:
                subprocess.run(
                    [str(PYTHON), "manage.py", *command, "-v", "0"],
                    cwd=ROOT,
                    env=env,
                    check=False,
                    stdout=subprocess.DEVNULL,
                )
            next_cleanup = time.monotonic() + CLEANUP_EVERY_S
        time.sleep(1)


def test(pytest_args: list[str]) -> None:
    ensure_system_packages()
    ensure_venv("requirements-dev.txt")
    bin_dir = VENV / "bin"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env.pop("DJANGO_DEBUG", None)
    pg = postgres_bin_dir()
    if pg:
        env["PATH"] = f"{env['PATH']}{os.pathsep}{pg}"
    log("ruff")
    run(bin_dir / "ruff", "check", ".", env=env)
    run(bin_dir / "ruff", "format", "--check", ".", env=env)
    log("manage.py check and makemigrations --check")
    check_env = {**env, "DJANGO_DEBUG": "1"}
    manage("check", "--fail-level", "WARNING", env=check_env)
    manage("makemigrations", "--check", "--dry-run", env=check_env)
    log("pytest")
    sys.exit(run(PYTHON, "-m", "pytest", *pytest_args, env=env, check=False))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    start_parser = sub.add_parser("start", help="start web server and worker")
    start_parser.add_argument("--port", type=int, default=8000)
    sub.add_parser("test", help="run every check and test; other arguments go to pytest")
    args, extra = parser.parse_known_args()
    if extra and args.command != "test":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        if args.command == "start":
            start(args.port)
        else:
            test(extra)
    except subprocess.CalledProcessError as error:
        sys.exit(error.returncode or 1)


if __name__ == "__main__":
    main()
