"""Attack bench (issue 16): replays the attacks of the hardening issue against the
production setup on 127.0.0.1 and prints what they did to everybody else.

Starts gunicorn as the image does (its gunicorn.conf.py, production settings, SQLite
in a temporary folder) and, when Debian's nginx is installed and
the checkout has deploy/nginx.conf.template, nginx in front with that configuration.
Then, one after the other, bounded in count and time:

- slow clients: 50 connections that send upload headers and then drip one byte a second;
- pixel flood: the 16000 × 16000 one-frame clip (a real MJPEG frame, made once);
- huge body: a 1 GB upload sent as fast as the server takes it;
- limit race: 20 uploads from one browser session at the same moment;
- join guessing: random Klassikaal codes as fast as 4 clients can send them.

For each it prints the p95 of `GET /` measured during the attack, the peak memory of
the web processes (largest single process and all together), the peak bytes in the
temporary folders (the app's and nginx's), and accepted vs refused counts.

    .venv/bin/python bench/attack.py                # this checkout
    .venv/bin/python bench/attack.py --root /tmp/before --no-nginx   # an older one
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hardening_stack import HOST, HOSTNAME, Stack  # noqa: E402

GET_TIMEOUT_S = 10.0
HEADERS = {"Host": HOSTNAME, "X-Forwarded-Proto": "https", "Origin": f"https://{HOSTNAME}"}


# -- measuring -------------------------------------------------------------------------


def descendants(pids: list[int]) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue
    found, todo = [], list(pids)
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def folder_bytes(folders: list[Path]) -> int:
    total = 0
    for folder in folders:
        for path in folder.rglob("*"):
            try:
                if path.is_file():
                    total += path.stat().st_size
            except OSError:
                continue
    return total


class Watch:
    """While an attack runs: GET / every 0.2 s, memory and temp folders every 0.1 s."""

    def __init__(self, stack: Stack, temp_folders: list[Path]):
        self.stack = stack
        self.temp_folders = temp_folders
        self.latencies: list[float] = []
        self.peak_single = self.peak_total = 0.0
        self.peak_temp = 0
        self.stop = threading.Event()
        self.threads = [
            threading.Thread(target=self.probe, daemon=True),
            threading.Thread(target=self.sample, daemon=True),
        ]

    def __enter__(self) -> Watch:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def probe(self) -> None:
        while not self.stop.is_set():
            started = time.monotonic()
            try:
                connection = http.client.HTTPConnection(
                    HOST, self.stack.port, timeout=GET_TIMEOUT_S
                )
                connection.request("GET", "/", headers=HEADERS)
                connection.getresponse().read()
                connection.close()
                self.latencies.append(time.monotonic() - started)
            except OSError:
                self.latencies.append(max(time.monotonic() - started, GET_TIMEOUT_S))
            self.stop.wait(0.2)

    def sample(self) -> None:
        while not self.stop.is_set():
            sizes = [rss_mb(pid) for pid in descendants(self.stack.pids())]
            if sizes:
                self.peak_single = max(self.peak_single, max(sizes))
                self.peak_total = max(self.peak_total, sum(sizes))
            self.peak_temp = max(self.peak_temp, folder_bytes(self.temp_folders))
            self.stop.wait(0.1)

    def p95(self) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else float("nan")
        return statistics.quantiles(self.latencies, n=20)[-1]


# -- talking to the site ----------------------------------------------------------------


def csrf_for(port: int, path: str) -> tuple[str, str]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    connection.request("GET", path, headers=HEADERS)
    response = connection.getresponse()
    page = response.read().decode(errors="replace")
    cookie = SimpleCookie()
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            cookie.load(value)
    connection.close()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return cookie["csrftoken"].value, token.group(1) if token else ""


def multipart(token: str, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = "aanvalgrens"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
        f'{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name="clip"; '
        f'filename="{filename}"\r\nContent-Type: video/mp4\r\n\r\n'
    ).encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), boundary


def upload(port: int, csrf: tuple[str, str], filename: str, content: bytes, session: str = ""):
    body, boundary = multipart(csrf[1], filename, content)
    cookies = f"csrftoken={csrf[0]}" + (f"; sessionid={session}" if session else "")
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        connection.request(
            "POST",
            "/controle/",
            body=body,
            headers={
                **HEADERS,
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Cookie": cookies,
            },
        )
        response = connection.getresponse()
        response.read()
        new = SimpleCookie()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                new.load(value)
        return response.status, new["sessionid"].value if "sessionid" in new else ""
    except OSError as error:
        return type(error).__name__, ""
    finally:
        connection.close()


def small_clip(folder: Path) -> bytes:
    import cv2
    import numpy as np

    path = folder / "klein.mp4"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), 10, (320, 240))
    for index in range(20):
        writer.write(np.full((240, 320, 3), 60 + index, np.uint8))
    writer.release()
    return path.read_bytes()


def pixel_flood(cache: Path) -> bytes:
    """A real one-frame 16000 × 16000 MJPEG AVI (made once, about 0.8 GB of RAM to make)."""
    path = cache / "flood-16000.avi"
    if not path.exists():
        import cv2
        import numpy as np

        writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 1, (16000, 16000))
        writer.write(np.zeros((16000, 16000, 3), np.uint8))
        writer.release()
    return path.read_bytes()


# -- the attacks -----------------------------------------------------------------------


def slow_clients(stack: Stack, seconds: float, count: int = 50) -> Counter:
    csrf = csrf_for(stack.port, "/controle/")
    socks = []
    for _ in range(count):
        sock = socket.create_connection((HOST, stack.port), timeout=5)
        sock.sendall(
            (
                f"POST /controle/ HTTP/1.1\r\nHost: {HOSTNAME}\r\nX-Forwarded-Proto: https\r\n"
                f"Origin: https://{HOSTNAME}\r\nCookie: csrftoken={csrf[0]}\r\n"
                "Content-Type: multipart/form-data; boundary=x\r\n"
                f"Content-Length: {50 * 1024 * 1024}\r\n\r\n--x\r\n"
            ).encode()
        )
        socks.append(sock)
    open_ = set(range(count))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and open_:
        for index in list(open_):
            try:
                socks[index].sendall(b"a")
            except OSError:
                open_.discard(index)
        time.sleep(1.0)
    for sock in socks:
        sock.close()
    return Counter({"still held open": len(open_), "cut off by the server": count - len(open_)})


def flood(stack: Stack, clip: bytes, tries: int = 2) -> Counter:
    outcomes: Counter = Counter()
    results: list = []

    def one() -> None:
        csrf = csrf_for(stack.port, "/controle/")
        results.append(upload(stack.port, csrf, "flood.avi", clip)[0])

    threads = [threading.Thread(target=one) for _ in range(tries)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for status in results:
        outcomes["accepted" if status == 302 else f"refused ({status})"] += 1
    return outcomes


def huge_body(stack: Stack, gigabytes: float = 1.0, seconds: float = 60) -> Counter:
    csrf = csrf_for(stack.port, "/controle/")
    total = int(gigabytes * 1024**3)
    sock = socket.create_connection((HOST, stack.port), timeout=30)
    sock.sendall(
        (
            f"POST /controle/ HTTP/1.1\r\nHost: {HOSTNAME}\r\nX-Forwarded-Proto: https\r\n"
            f"Origin: https://{HOSTNAME}\r\nCookie: csrftoken={csrf[0]}\r\n"
            "Content-Type: multipart/form-data; boundary=x\r\n"
            f"Content-Length: {total}\r\n\r\n"
        ).encode()
    )
    # A well-formed start, so a server that reads the body stores it as the file.
    preamble = (
        f'--x\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
        f'{csrf[1]}\r\n--x\r\nContent-Disposition: form-data; name="clip"; '
        'filename="groot.mp4"\r\nContent-Type: video/mp4\r\n\r\n'
    ).encode()
    sock.sendall(preamble)
    block = b"\0" * (1024 * 1024)
    sent = len(preamble)
    deadline = time.monotonic() + seconds
    try:
        while sent < total and time.monotonic() < deadline:
            sock.sendall(block)
            sent += len(block)
    except OSError:
        pass
    answer = b""
    try:
        sock.settimeout(10)
        answer = sock.recv(200)
    except OSError:
        pass
    sock.close()
    status = answer.split(b" ")[1].decode() if answer.startswith(b"HTTP/") else "closed"
    return Counter({f"status {status}, MB sent before the server stopped it": sent // 1024**2})


def limit_race(stack: Stack, clip: bytes, racers: int = 20) -> Counter:
    csrf = csrf_for(stack.port, "/controle/")
    first, session = upload(stack.port, csrf, "c.mp4", clip)
    outcomes: Counter = Counter({f"first upload {first}": 1})
    barrier = threading.Barrier(racers)
    results: list = []

    def one() -> None:
        barrier.wait()
        results.append(upload(stack.port, csrf, "c.mp4", clip, session)[0])

    threads = [threading.Thread(target=one) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for status in results:
        outcomes["accepted" if status == 302 else f"refused ({status})"] += 1
    return outcomes


def join_guessing(stack: Stack, seconds: float = 15, clients: int = 4) -> Counter:
    csrf = csrf_for(stack.port, "/klassikaal/")
    alphabet = "CDFGHJKMNPQRTVWXY34679"
    outcomes: Counter = Counter()
    lock = threading.Lock()
    checked_at: list[float] = []
    begin = time.monotonic()
    deadline = begin + seconds

    def one() -> None:
        connection = http.client.HTTPConnection(HOST, stack.port, timeout=10)
        while time.monotonic() < deadline:
            code = "".join(random.choice(alphabet) for _ in range(6))
            body = f"csrfmiddlewaretoken={csrf[1]}&code={code}&bijnaam=Gok{random.randint(1, 999)}"
            try:
                connection.request(
                    "POST",
                    "/klassikaal/",
                    body=body.encode(),
                    headers={
                        **HEADERS,
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Cookie": f"csrftoken={csrf[0]}",
                    },
                )
                response = connection.getresponse()
                response.read()
                status: int | str = response.status
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = http.client.HTTPConnection(HOST, stack.port, timeout=10)
            except OSError:
                status = "error"
                connection.close()
                connection = http.client.HTTPConnection(HOST, stack.port, timeout=10)
            with lock:
                outcomes[status] += 1
                if status in (400, 404, 410, 200, 302):
                    checked_at.append(time.monotonic())
        connection.close()

    threads = [threading.Thread(target=one) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # The sustained rate: codes the app still checked in the second half of the attack
    # (a throttle lets a first batch through, then nothing).
    late = [t for t in checked_at if t >= begin + seconds / 2]
    rate = len(late) / (seconds / 2)
    space = len(alphabet) ** 6
    result: Counter = Counter({f"answered {status}": n for status, n in outcomes.items()})
    result["codes checked by the app, first half"] = len(checked_at) - len(late)
    result["codes checked by the app, second half"] = len(late)
    if rate:
        days = space / rate / 2 / 86400
        result["days to hit one live code at the second half's rate"] = round(days)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout to run")
    parser.add_argument("--no-nginx", action="store_true", help="gunicorn alone")
    parser.add_argument("--seconds", type=float, default=20, help="length of the slow attack")
    parser.add_argument(
        "--workers", type=int, default=0, help="gunicorn processes (default: gunicorn.conf.py's)"
    )
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="attack-"))
    cache = Path(tempfile.gettempdir()) / "echt-attack-cache"
    cache.mkdir(exist_ok=True)
    print("making the clips ...", flush=True)
    clip = small_clip(folder)
    flood_clip = pixel_flood(cache)
    stack = Stack(
        folder, root=args.root.resolve(), use_nginx=not args.no_nginx, workers=args.workers
    )
    stack.start()
    temp_folders = [folder / "tmp", folder / "var" / "tmp"]
    if stack.nginx:
        temp_folders.append(folder / "nginx" / "client_body")
    print(
        f"checkout {args.root} · {'nginx + ' if stack.nginx else ''}gunicorn "
        f"({args.workers or 'default'} processes) · "
        f"SQLite · {os.cpu_count()} cores",
        flush=True,
    )
    attacks = [
        ("slow clients (50 dripping)", lambda: slow_clients(stack, args.seconds)),
        ("pixel flood (16000 x 16000, 2 at once)", lambda: flood(stack, flood_clip)),
        ("huge body (1 GB)", lambda: huge_body(stack)),
        ("limit race (20 parallel, one session)", lambda: limit_race(stack, clip)),
        ("join guessing (4 clients, 15 s)", lambda: join_guessing(stack)),
    ]
    try:
        for _ in range(10):  # every worker process loads the app first
            connection = http.client.HTTPConnection(HOST, stack.port, timeout=30)
            connection.request("GET", "/", headers=HEADERS)
            connection.getresponse().read()
            connection.close()
        with Watch(stack, temp_folders) as idle:
            time.sleep(3)
        print(f"\nidle: GET / p95 {idle.p95() * 1000:.0f} ms, web peak {idle.peak_single:.0f} MB")
        for name, attack in attacks:
            with Watch(stack, temp_folders) as watch:
                started = time.monotonic()
                outcome = attack()
                # At least 8 s of GET / samples, also for quick attacks.
                time.sleep(max(1.0, 8 - (time.monotonic() - started)))
            print(f"\n{name}")
            print(
                f"  GET / p95 during the attack: {watch.p95() * 1000:.0f} ms "
                f"({len(watch.latencies)} requests)"
            )
            print(
                f"  web processes' peak memory: largest {watch.peak_single:.0f} MB, "
                f"all {watch.peak_total:.0f} MB"
            )
            print(f"  peak bytes in temp folders: {watch.peak_temp / 1024**2:.1f} MB")
            for key, value in outcome.items():
                print(f"  {key}: {value}")
            time.sleep(2)
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
