"""Start the production stack on 127.0.0.1: gunicorn as the image runs it (its
gunicorn.conf.py, production settings, SQLite in a temporary folder) and, when
Debian's nginx is installed, nginx in front of it with deploy/nginx.conf.template
rendered for local ports and folders. Used by tests/test_hardening_proxy.py and by
bench/attack.py (which can point `root` at an older checkout)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.ports import free_port

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
HOSTNAME = "echtofnep.example"
SECRET = "f3Jk8Lm2Qp7Rs1Tv6Wx9Yz4Ab0Cd5Ef8Gh3Ij7Kl2Mn6Op1Qr5St9Uv4Wx"
TEMPLATE = Path("deploy/nginx.conf.template")


def nginx_binary() -> str | None:
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None


def wait_for_port(port: int, process: subprocess.Popen, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return
        except OSError:
            if process.poll() is not None:
                output = process.stdout.read().decode(errors="replace") if process.stdout else ""
                raise RuntimeError(f"{what} stopped: {output}") from None
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not start on port {port}")


def render_nginx(template: str, values: dict[str, str]) -> str:
    """envsubst as the official nginx image does it: only the given NGINX_* names."""
    return re.sub(r"\$\{(NGINX_[A-Z_]+)\}", lambda match: values.get(match[1], match[0]), template)


def run_nginx(folder: Path, site: str) -> subprocess.Popen:
    """nginx in the foreground with `site` (a rendered template) as its only site; its
    configuration, pid, error log and temp folders in `folder`."""
    (folder / "site.conf").write_text(site)
    user = "user root root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (folder / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'} warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n    include /etc/nginx/mime.types;\n"
        "    default_type application/octet-stream;\n    access_log off;\n"
        f"{temp}\n    include {folder / 'site.conf'};\n}}\n"
    )
    return subprocess.Popen(
        [nginx_binary(), "-p", str(folder), "-e", str(folder / "error.log"), "-c", "nginx.conf"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


@dataclass
class Stack:
    folder: Path
    root: Path = ROOT
    max_upload_mb: int = 50
    extra_env: dict[str, str] = field(default_factory=dict)
    use_nginx: bool = True
    gunicorn_args: str = ""
    workers: int = 1  # 0: as gunicorn.conf.py says
    processes: list[subprocess.Popen] = field(default_factory=list)
    app_port: int = 0
    port: int = 0  # the port visitors use: nginx's, or gunicorn's without nginx
    static_root: Path | None = None
    nginx_static: Path | None = None

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
        env.update(
            DJANGO_SECRET_KEY=SECRET,
            DJANGO_ALLOWED_HOSTS=HOSTNAME,
            DJANGO_TRUST_X_FORWARDED_PROTO="1",
            DJANGO_VAR_DIR=str(self.folder / "var"),
            DJANGO_STATIC_ROOT=str(self.folder / "static"),
            DETECTOR_MAX_UPLOAD_MB=str(self.max_upload_mb),
            TMPDIR=str(self.folder / "tmp"),
        )
        if self.wants_nginx():
            # X-Forwarded-For is believed from nginx only.
            env["DETECTOR_TRUSTED_PROXIES"] = HOST
        env.update(self.extra_env)
        return env

    def wants_nginx(self) -> bool:
        return bool(self.use_nginx and nginx_binary() and (self.root / TEMPLATE).exists())

    def start(self) -> Stack:
        (self.folder / "tmp").mkdir(parents=True, exist_ok=True)
        env = self.env()
        python = sys.executable
        for step in (["collectstatic", "--no-input"], ["migrate", "--no-input"]):
            subprocess.run(
                [python, "manage.py", *step, "-v", "0"], cwd=self.root, env=env, check=True
            )
        self.static_root = self.folder / "static"
        self.app_port = free_port()
        env["GUNICORN_CMD_ARGS"] = (
            f"--bind {HOST}:{self.app_port} "
            f"{f'--workers {self.workers} ' if self.workers else ''}{self.gunicorn_args}".strip()
        )
        gunicorn = subprocess.Popen(
            [str(Path(python).parent / "gunicorn"), "deepfake_edu.wsgi"],
            cwd=self.root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(gunicorn)
        wait_for_port(self.app_port, gunicorn, "gunicorn")
        self.port = self.app_port
        if self.wants_nginx():
            self.start_nginx()
        return self

    def start_nginx(self) -> None:
        folder = self.folder / "nginx"
        folder.mkdir(exist_ok=True)
        # A copy of the collected files: proves nginx, not the app, serves them.
        self.nginx_static = folder / "static"
        shutil.copytree(self.static_root, self.nginx_static, dirs_exist_ok=True)
        self.port = free_port()
        site = render_nginx(
            (self.root / TEMPLATE).read_text(),
            {
                "NGINX_LISTEN": f"{HOST}:{self.port}",
                "NGINX_UPSTREAM": f"{HOST}:{self.app_port}",
                "NGINX_STATIC_ROOT": str(self.nginx_static),
                "NGINX_MAX_BODY": f"{self.max_upload_mb + 1}m",
            },
        )
        nginx = run_nginx(folder, site)
        self.processes.append(nginx)
        wait_for_port(self.port, nginx, "nginx")

    @property
    def nginx(self) -> bool:
        return self.port != self.app_port

    def pids(self) -> list[int]:
        return [p.pid for p in self.processes if p.poll() is None]

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
