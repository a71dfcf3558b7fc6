"""A throwaway redis-server on 127.0.0.1 for the tests that need a shared cache.

Debian's `redis-server` (installed by `python3 dev.py test`), on a free port, in its
own folder, keeping nothing on disk (`--save "" --appendonly no`), stopped after.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis

from tests.ports import free_port

HOST = "127.0.0.1"


def redis_server_binary() -> str:
    found = shutil.which("redis-server") or (
        "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None
    )
    if not found:
        pytest.fail(
            "redis-server is not installed (needed for the shared-cache tests). Install it, "
            "e.g. `apt-get install redis-server`, or run `python3 dev.py test`, which does."
        )
    return found


@dataclass
class RedisServer:
    folder: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    @property
    def log(self) -> Path:
        return self.folder / "redis.log"

    def start(self, seconds: float = 10) -> RedisServer:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                redis_server_binary(),
                "--bind",
                HOST,
                "--port",
                str(self.port),
                "--dir",
                str(self.folder),
                "--logfile",
                str(self.log),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdin=subprocess.DEVNULL,
        )
        client = self.client()
        try:
            self._wait_for_ping(client, time.monotonic() + seconds)
        finally:
            client.close()
        return self

    def _wait_for_ping(self, client: redis.Redis, deadline: float) -> None:
        assert self.process is not None
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    log = self.log.read_text() if self.log.exists() else ""
                    raise RuntimeError(f"redis-server did not start: {log}") from None
                time.sleep(0.05)

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_connect_timeout=1, socket_timeout=5)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@contextmanager
def running_redis(folder: Path, port: int | None = None) -> Iterator[RedisServer]:
    server = RedisServer(folder, port) if port else RedisServer(folder)
    try:
        yield server.start()
    finally:
        server.stop()
