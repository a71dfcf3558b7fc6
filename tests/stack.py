"""The stack docker-compose.yml describes, on 127.0.0.1 with real servers: a throwaway
PostgreSQL cluster, redis-server (tests/redis_server.py), an S3 API (moto's standalone
server, in a process of its own: tests/s3.py's runs inside the test run) with one bucket,
web machines (gunicorn as the image runs it), task workers (`manage.py db_worker`) and
nginx in front with deploy/nginx.conf.template, every web machine one of its upstreams.

Every web machine and worker is a machine of its own: its own var folder
(DJANGO_VAR_DIR) and temp folder (TMPDIR), no shared disk. They share only what
several real machines share: the database, the cache and the bucket. The schema and
the static files are made once, as the compose file's migrate service makes them.
Used by tests/test_stack.py and bench/scale.py.

Loopback only; every wait is bounded; leaving the `with` block stops every process
started here, also after a failure.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from tests.detector.test_postgres_workers import postgres_binary, run_as, server_user
from tests.hardening_stack import HOST, HOSTNAME, SECRET, TEMPLATE, render_nginx, run_nginx
from tests.ports import free_port
from tests.redis_server import RedisServer

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BUCKET = "echt-of-nep-stack"
REGION = "us-east-1"  # as docker-compose.yml has it
# moto takes any key; these only have to be the same everywhere.
S3_KEY_ID = "stack-test-key-id"
S3_SECRET = "stack-test-secret-key"
MAX_UPLOAD_MB = 50
START_S = 60
REQUEST_TIMEOUT_S = 20


# --- processes -------------------------------------------------------------------


@dataclass
class Server:
    """A process started here, in a process group of its own (gunicorn's master and its
    workers, db_worker and its analysis child), its output in a log file."""

    name: str
    process: subprocess.Popen
    log: Path

    @classmethod
    def start(cls, name: str, command: list[str], log: Path, env: dict | None = None) -> Server:
        with log.open("ab") as output:
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return cls(name, process, log)

    def running(self) -> bool:
        return self.process.poll() is None

    def signal_group(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signum)

    def kill(self) -> None:
        """The machine dies: every process of the group at once, nothing cleaned up."""
        self.signal_group(signal.SIGKILL)
        self.process.wait(timeout=10)

    def terminate(self) -> None:
        """SIGTERM to the leader: gunicorn and db_worker finish what they are doing."""
        if self.running():
            self.signal_group(signal.SIGCONT)  # a frozen machine cannot stop
            self.process.terminate()

    def stop(self, grace_s: float = 20) -> None:
        """terminate(), and SIGKILL to whatever of the group is left after `grace_s`."""
        self.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=grace_s)
        self.signal_group(signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)

    def output(self, last: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-last:]
        except OSError:
            return ""

    def wait_for_port(self, port: int, seconds: float = START_S) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                socket.create_connection((HOST, port), timeout=1).close()
                return
            except OSError:
                if not self.running():
                    raise RuntimeError(f"{self.name} stopped:\n{self.output()}") from None
                time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not open port {port} in {seconds} s")


# --- the shared services ---------------------------------------------------------


@dataclass
class Postgres:
    """A throwaway cluster, as tests/detector/test_postgres_workers.py starts it: in a
    folder of its own, which PostgreSQL's unprivileged user may enter."""

    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="echt-stack-pg-")))
    url: str = ""
    user: pwd.struct_passwd | None = None

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def start(self) -> Postgres:
        self.user = server_user()
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.user is not None:
            os.chown(self.folder, self.user.pw_uid, self.user.pw_gid)
        port = free_port()
        initdb = [postgres_binary("initdb"), "-D", str(self.data), "-U", "postgres"]
        run_as(self.user, [*initdb, "--auth=trust", "-E", "UTF8"])
        # Two web machines of 32 threads each keep a connection per thread.
        options = (
            f"-p {port} -k {self.folder} -c listen_addresses={HOST} -c fsync=off "
            "-c max_connections=300"
        )
        run_as(self.user, [postgres_binary("pg_ctl"), "-D", str(self.data), "-o", options,
                           "-l", str(self.folder / "log"), "-w", "start"])  # fmt: skip
        self.url = f"postgres://postgres@{HOST}:{port}/echt"
        import psycopg

        admin = f"host={HOST} port={port} user=postgres dbname=postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute("CREATE DATABASE echt")
        return self

    def postmaster(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def stop(self) -> None:
        if self.url:
            pg_ctl = postgres_binary("pg_ctl")
            run_as(self.user, [pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop"])
            self.url = ""
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class ObjectStore:
    """moto's standalone S3 server with one bucket: what an S3 service is to the stack."""

    folder: Path
    port: int = field(default_factory=free_port)

    @property
    def endpoint(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> Server:
        self.folder.mkdir(parents=True, exist_ok=True)
        command = [str(BIN / "moto_server"), "-H", HOST, "-p", str(self.port)]
        return Server.start("moto_server", command, self.folder / "log")

    def make_bucket(self) -> None:
        self.client().create_bucket(Bucket=BUCKET)

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=S3_KEY_ID,
            aws_secret_access_key=S3_SECRET,
        )

    def keys(self) -> list[str]:
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))


def clean_environ() -> dict[str, str]:
    """This process's environment without any setting of the app, the S3 client or
    gunicorn: the machines get only what the stack gives them."""
    prefixes = ("DJANGO_", "DATABASE_", "DETECTOR_", "AWS_", "GUNICORN_", "WEB_CONCURRENCY")
    return {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}


# --- the machines ----------------------------------------------------------------


@dataclass
class Machine:
    """One machine: its own var and temp folders; the services are shared."""

    name: str
    folder: Path
    env: dict[str, str]

    @property
    def var(self) -> Path:
        return self.folder / "var"

    @property
    def tmp(self) -> Path:
        return self.folder / "tmp"


@dataclass
class Web:
    machine: Machine
    port: int
    server: Server

    @property
    def name(self) -> str:
        return self.machine.name


@dataclass
class Stack:
    folder: Path
    # Extra settings for every machine (limits, SSL redirect for a plain-HTTP bench).
    extra_env: dict[str, str] = field(default_factory=dict)
    web_workers: int = 1  # gunicorn worker processes per web machine
    machines: list[Machine] = field(default_factory=list)
    servers: list[Server] = field(default_factory=list)
    webs: dict[str, Web] = field(default_factory=dict)
    workers: dict[str, Server] = field(default_factory=dict)
    postgres: Postgres | None = None
    store: ObjectStore | None = None
    redis: RedisServer | None = None
    nginx: Server | None = None
    nginx_port: int = 0

    def __enter__(self) -> Stack:
        try:
            self.start_services()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start_services(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.redis = RedisServer(self.folder / "redis")
        self.redis.start()
        self.store = ObjectStore(self.folder / "s3")
        moto = self.store.start()
        self.servers.append(moto)
        moto.wait_for_port(self.store.port)
        self.store.make_bucket()
        self.postgres = Postgres()
        self.postgres.start()
        # The compose file's migrate service: the schema, and the image's static files.
        build = self.machine("migrate")
        static = self.folder / "image-static"
        collect = subprocess.Popen(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=ROOT,
            env={**build.env, "DJANGO_STATIC_ROOT": str(static)},
        )
        try:
            self.manage(build, "migrate", "--no-input", "-v", "0")
        finally:
            collect.wait(timeout=120)
        assert collect.returncode == 0, "collectstatic failed"

    @property
    def redis_url(self) -> str:
        assert self.redis
        return self.redis.url

    def shared_env(self) -> dict[str, str]:
        assert self.postgres and self.store
        return {
            "DJANGO_SECRET_KEY": SECRET,
            "DJANGO_ALLOWED_HOSTS": f"{HOSTNAME},{HOST}",
            "DJANGO_TRUST_X_FORWARDED_PROTO": "1",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": self.postgres.url,
            "DJANGO_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "DETECTOR_TRUSTED_PROXIES": HOST,
            "DETECTOR_MAX_UPLOAD_MB": str(MAX_UPLOAD_MB),
            "DJANGO_REDIS_URL": self.redis_url,
            "DJANGO_S3_BUCKET": BUCKET,
            "DJANGO_S3_ENDPOINT_URL": self.store.endpoint,
            "DJANGO_S3_REGION": REGION,
            "AWS_ACCESS_KEY_ID": S3_KEY_ID,
            "AWS_SECRET_ACCESS_KEY": S3_SECRET,
            # Never ask a cloud's metadata address for credentials: loopback only.
            "AWS_EC2_METADATA_DISABLED": "true",
            "PYTHONUNBUFFERED": "1",
        }

    def machine(self, name: str) -> Machine:
        folder = self.folder / "machines" / name
        env = {
            **clean_environ(),
            **self.shared_env(),
            "DJANGO_VAR_DIR": str(folder / "var"),
            "DJANGO_STATIC_ROOT": str(folder / "static"),
            "TMPDIR": str(folder / "tmp"),
            **self.extra_env,
        }
        machine = Machine(name, folder, env)
        machine.var.mkdir(parents=True, exist_ok=True)
        machine.tmp.mkdir(parents=True, exist_ok=True)
        self.machines.append(machine)
        return machine

    def manage(
        self, machine: Machine, *args: str, timeout: float = 180
    ) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=machine.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert done.returncode == 0, f"manage.py {' '.join(args)}:\n{done.stderr[-3000:]}"
        return done

    def start_webs(self, *names: str) -> list[Web]:
        """Web machines, started together: gunicorn as the image runs it (its
        gunicorn.conf.py, production settings), each with its copy of the static files."""
        started = []
        for name in names:
            machine = self.machine(name)
            shutil.copytree(self.folder / "image-static", machine.folder / "static")
            port = free_port()
            env = {
                **machine.env,
                "GUNICORN_CMD_ARGS": f"--bind {HOST}:{port} --workers {self.web_workers}",
            }
            log = machine.folder / "gunicorn.log"
            server = Server.start(f"web {name}", [str(BIN / "gunicorn"), "deepfake_edu.wsgi"],
                                  log, env)  # fmt: skip
            self.servers.append(server)
            self.webs[name] = Web(machine, port, server)
            started.append(self.webs[name])
        for web in started:
            web.server.wait_for_port(web.port)
        return started

    def start_workers(self, *names: str) -> list[Server]:
        started = []
        for name in names:
            machine = self.machine(name)
            command = [sys.executable, "manage.py", "db_worker", "--no-reload",
                       "--no-startup-delay", "--interval", "0.2", "--worker-id", name]  # fmt: skip
            worker = Server.start(f"worker {name}", command, machine.folder / "worker.log",
                                  machine.env)  # fmt: skip
            self.servers.append(worker)
            self.workers[name] = worker
            started.append(worker)
        return started

    def start_nginx(self, *webs: Web) -> int:
        """nginx with the project's template; its one `server` line in the upstream
        block becomes one line per web machine (the template takes one address)."""
        folder = self.folder / "nginx"
        folder.mkdir(exist_ok=True)
        shutil.copytree(self.folder / "image-static", folder / "static")
        self.nginx_port = free_port()
        first = f"{HOST}:{webs[0].port}"
        site = render_nginx(
            (ROOT / TEMPLATE).read_text(),
            {
                "NGINX_LISTEN": f"{HOST}:{self.nginx_port}",
                "NGINX_UPSTREAM": first,
                "NGINX_STATIC_ROOT": str(folder / "static"),
                "NGINX_MAX_BODY": f"{MAX_UPLOAD_MB + 1}m",
            },
        )
        line = f"server {first};"
        assert site.count(line) == 1, "the template's upstream block changed"
        servers = "\n    ".join(f"server {HOST}:{web.port};" for web in webs)
        process = run_nginx(folder, site.replace(line, servers))
        self.nginx = Server("nginx", process, folder / "error.log")
        self.servers.append(self.nginx)
        self.nginx.wait_for_port(self.nginx_port)
        return self.nginx_port

    def nginx_errors(self) -> str:
        return (self.folder / "nginx" / "error.log").read_text(errors="replace")

    def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        import psycopg

        assert self.postgres
        with psycopg.connect(self.postgres.url) as connection:
            return connection.execute(sql, params).fetchall()

    def bucket_keys(self) -> list[str]:
        assert self.store
        return self.store.keys()

    def leftover_files(self) -> list[Path]:
        """Files in any machine's var or temp folder, or in nginx's temp folders."""
        folders = [folder for m in self.machines for folder in (m.var, m.tmp)]
        nginx = self.folder / "nginx"
        folders += [nginx / kind for kind in ("client_body", "proxy")]
        return [path for folder in folders if folder.exists() for path in folder.rglob("*")
                if path.is_file()]  # fmt: skip

    def stop(self) -> None:
        """Every process at once (gunicorn and db_worker finish what they are doing),
        then the database."""
        for server in reversed(self.servers):
            server.terminate()
        for server in reversed(self.servers):
            try:
                server.stop()
            except Exception as error:  # stop the others whatever happens
                print(f"stopping {server.name}: {error}", file=sys.stderr)
        if self.redis is not None:
            self.redis.stop()
        if self.postgres is not None:
            self.postgres.stop()


# --- a browser -------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    port: int

    @property
    def text(self) -> str:
        return self.body.decode(errors="replace")


class Browser:
    """One device, with its own cookies, as a browser behind a TLS proxy sends it.
    Each request goes to the next of `ports` in turn (one web machine after the other,
    or always nginx's), on a connection of its own: nothing is retried."""

    def __init__(self, *ports: int, forwarded_for: str = "") -> None:
        self.ports = list(ports)
        self.turn = 0
        self.cookies: dict[str, str] = {}
        self.forwarded_for = forwarded_for

    def next_port(self) -> int:
        port = self.ports[self.turn % len(self.ports)]
        self.turn += 1
        return port

    def send(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        content_type: str = "",
        htmx: bool = False,
        cookies: bool = True,
    ) -> Response:
        headers = {
            "Host": HOSTNAME,
            "X-Forwarded-Proto": "https",
            "Origin": f"https://{HOSTNAME}",
            "Referer": f"https://{HOSTNAME}{path}",
        }
        if cookies and self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if "csrftoken" in self.cookies:
            headers["X-CSRFToken"] = self.cookies["csrftoken"]
        if content_type:
            headers["Content-Type"] = content_type
        if htmx:
            headers["HX-Request"] = "true"
        if self.forwarded_for:
            headers["X-Forwarded-For"] = self.forwarded_for
        port = self.next_port()
        connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        if cookies:
            self.keep_cookies(response.msg)
        return Response(response.status, response.msg, body, port)

    def keep_cookies(self, message: http.client.HTTPMessage) -> None:
        for header in message.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)

    def get(self, path: str, htmx: bool = False) -> Response:
        return self.send("GET", path, htmx=htmx)

    def post(self, path: str, form: dict, htmx: bool = False) -> Response:
        body = urlencode(form, doseq=True).encode()
        return self.send("POST", path, body, "application/x-www-form-urlencoded", htmx)

    def upload(self, path: str, filename: str, content: bytes) -> Response:
        boundary = "stapelgrens"
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="clip"; '
            f'filename="{filename}"\r\nContent-Type: video/mp4\r\n\r\n'
        ).encode()
        body = head + content + f"\r\n--{boundary}--\r\n".encode()
        return self.send("POST", path, body, f"multipart/form-data; boundary={boundary}")
