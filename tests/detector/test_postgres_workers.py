"""Upload to result against a real PostgreSQL, with two db_worker processes taking
jobs from the same queue: every job must be processed exactly once.

The test starts a throwaway PostgreSQL cluster of its own (initdb in a temporary
folder, a free port on 127.0.0.1, the socket in the same folder). PostgreSQL refuses
to run as root, so as root the server runs as an unprivileged user.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.detector.webfixtures import write_clip
from tests.ports import free_port

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
JOBS = 8
WAIT_S = 180
PG_USER = "pgtest"

UPLOAD_SCRIPT = """
import os
from django.test import Client
client = Client()
client.get("/controle/")  # the upload page brings the session
for path in os.environ["CLIPS"].split(os.pathsep):
    with open(path, "rb") as clip:
        response = client.post("/controle/", {"clip": clip})
    assert response.status_code == 302, (response.status_code, response.content[:500])
    print(response["Location"])
"""


def postgres_binary(name: str) -> str:
    found = shutil.which(name)
    if not found:
        for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
            return str(candidate)
        pytest.fail(
            f"PostgreSQL's {name} is not installed (needed for the postgres tests). "
            "Install the server binaries, e.g. `apt-get install postgresql`, or run "
            "`python3 dev.py test`, which installs them."
        )
    return found


def server_user() -> pwd.struct_passwd | None:
    """None when not root; else an unprivileged user to run PostgreSQL as."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", PG_USER):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    subprocess.run(["useradd", "--system", "--no-create-home", PG_USER], check=True)
    return pwd.getpwnam(PG_USER)


def run_as(user: pwd.struct_passwd | None, args: list[str], **kwargs):
    if user is None:
        return subprocess.run(args, check=True, capture_output=True, **kwargs)

    def demote():
        os.setgid(user.pw_gid)
        os.setuid(user.pw_uid)

    return subprocess.run(args, check=True, capture_output=True, preexec_fn=demote, **kwargs)


@pytest.fixture(scope="session")
def postgres_url():
    initdb, pg_ctl = postgres_binary("initdb"), postgres_binary("pg_ctl")
    user = server_user()
    folder = Path(tempfile.mkdtemp(prefix="echt-pg-"))
    data = folder / "data"
    if user is not None:
        os.chown(folder, user.pw_uid, user.pw_gid)
    port = free_port()
    run_as(user, [initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"])
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    run_as(user, [pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"])
    try:
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 port={port} user=postgres dbname=postgres", autocommit=True
        ) as connection:
            connection.execute("CREATE DATABASE echt")
        yield f"postgres://postgres@127.0.0.1:{port}/echt"
    finally:
        run_as(user, [pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(folder, ignore_errors=True)


def django_env(postgres_url: str, var_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=postgres_url,
        DJANGO_DEBUG="1",
        DJANGO_VAR_DIR=str(var_dir),
        DJANGO_TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        DJANGO_LOG_LEVEL="WARNING",
        DETECTOR_UPLOADS_PER_HOUR="100",
        DETECTOR_MAX_WAITING_PER_CLIENT="100",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,
    )


def rows(postgres_url: str, sql: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(postgres_url) as connection:
        return connection.execute(sql).fetchall()


def test_two_workers_on_postgres_process_every_upload_exactly_once(postgres_url, tmp_path):
    env = django_env(postgres_url, tmp_path / "var")
    manage(env, "migrate", "--no-input", "-v", "0")
    clips = [
        write_clip(
            tmp_path / f"clip{i}.mp4",
            seconds=3.0,
            blur_face_from_s=1.0 if i % 2 else None,
            blur_face_until_s=2.0,
        )
        for i in range(JOBS)
    ]
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.2",
                "--worker-id",
                f"worker-{n}",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in (1, 2)
    ]
    try:
        uploaded = manage(
            {**env, "CLIPS": os.pathsep.join(map(str, clips))}, "shell", "-c", UPLOAD_SCRIPT
        )
        assert len(re.findall(r"^/controle/[\w-]+/$", uploaded.stdout, re.M)) == JOBS
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            unfinished = rows(
                postgres_url,
                "SELECT count(*) FROM detector_analysis WHERE status IN ('queued', 'running')",
            )[0][0]
            if unfinished == 0:
                break
            for worker in workers:
                assert worker.poll() is None, worker.stderr.read()
            time.sleep(0.5)
        else:
            pytest.fail(f"{unfinished} of {JOBS} jobs were not finished after {WAIT_S} s")
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)

    analyses = rows(postgres_url, "SELECT status, attempts, progress FROM detector_analysis")
    assert sorted(analyses) == [("done", 1, 100)] * JOBS
    from django_tasks_db.models import DBTaskResult

    table = DBTaskResult._meta.db_table
    tasks = rows(postgres_url, f"SELECT status, worker_ids FROM {table}")  # noqa: S608
    assert len(tasks) == JOBS
    assert all(status == "SUCCESSFUL" and len(ids) == 1 for status, ids in tasks)
    used = {ids[0] for _status, ids in tasks}
    assert used == {"worker-1", "worker-2"}, f"only {used} took jobs"
    thumbnails = rows(postgres_url, "SELECT count(DISTINCT analysis_id) FROM detector_thumbnail")
    assert thumbnails[0][0] == JOBS // 2
    assert not list((tmp_path / "var" / "clips").iterdir())
