"""Attack bench: replays the attacks of the hardening passes against the
production setup on 127.0.0.1 and prints what they did to everybody else.

Starts gunicorn as the image does (its gunicorn.conf.py, production settings, SQLite
in a temporary folder) and, when Debian's nginx is installed and
the checkout has deploy/nginx.conf.template, nginx in front with that configuration.
Then, one after the other, bounded in count and time:

- slow clients: 50 connections that send upload headers and then drip one byte a second;
- pixel flood: the 16000 × 16000 one-frame clip (a real MJPEG frame, made once);
- huge body: a 1 GB upload sent as fast as the server takes it;
- limit race: 20 uploads from one browser session at the same moment;
- join guessing: random Klassikaal codes as fast as 4 clients can send them;
- parser bombs: an 8 MB MP4 of a million empty boxes, a 2 MB WebM of a
  million empty elements, a 4 MB AVI of half a million JUNK chunks, one after the
  other (each refusal timed), then all three at once;
- a long fragmented clip: 2,400 s of a face at 10 fps, as `frag_keyframe+empty_moov`
  writes it (no length in its header), uploaded and then analysed by one worker run
  (`db_worker --batch`): how long the worker worked and how much it looked at;
- the flood from one address: 45 uploads at once without a session, then 45 with a
  fresh session each (with nginx, each after 85 s, when its upload burst is full
  again), then one visitor from another loopback address (127.0.0.2, passed on by
  nginx as the real peer).

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
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from tests.hardening_stack import HOST, HOSTNAME, Stack  # noqa: E402

GET_TIMEOUT_S = 10.0
# deploy/nginx.conf.template: uploads at 30 a minute with a burst of 40.
NGINX_UPLOAD_REFILL_S = 85
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
    """The CSRF cookie and the form's token of the page at ``path``."""
    cookie, token, _session = visit(port, path)
    return cookie, token


def multipart(token: str, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = "aanvalgrens"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
        f'{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name="clip"; '
        f'filename="{filename}"\r\nContent-Type: video/mp4\r\n\r\n'
    ).encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), boundary


def visit(port: int, path: str, source: str = "") -> tuple[str, str, str]:
    """GET a form as a browser does: (csrf cookie, form token, session cookie)."""
    connection = http.client.HTTPConnection(
        HOST, port, timeout=30, source_address=(source, 0) if source else None
    )
    connection.request("GET", path, headers=HEADERS)
    response = connection.getresponse()
    page = response.read().decode(errors="replace")
    cookie = SimpleCookie()
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            cookie.load(value)
    connection.close()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    session = cookie["sessionid"].value if "sessionid" in cookie else ""
    return cookie["csrftoken"].value, token.group(1) if token else "", session


def upload(
    port: int,
    csrf: tuple[str, str],
    filename: str,
    content: bytes,
    session: str = "",
    source: str = "",
):
    body, boundary = multipart(csrf[1], filename, content)
    cookies = f"csrftoken={csrf[0]}" + (f"; sessionid={session}" if session else "")
    connection = http.client.HTTPConnection(
        HOST, port, timeout=120, source_address=(source, 0) if source else None
    )
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
        if response.status == 302:
            upload.locations.append(response.getheader("Location", ""))  # type: ignore[attr-defined]
        return response.status, new["sessionid"].value if "sessionid" in new else ""
    except OSError as error:
        return type(error).__name__, ""
    finally:
        connection.close()


upload.locations = []  # type: ignore[attr-defined]


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


def bombs() -> dict[str, bytes]:
    """The three parser bombs (tests/detector/bombs.py)."""
    from tests.detector.bombs import BOMBS

    return {name: make() for name, make in BOMBS.items()}


def long_fragmented_clip(cache: Path, seconds: int = 2400, fps: int = 10) -> bytes:
    """A face (the public-domain astronaut portrait) for ``seconds`` at 320 x 240, in a
    fragmented MP4 with no length in its header (made once, with PyAV)."""
    path = cache / f"fragmented-{seconds}s.mp4"
    if not path.exists():
        from fractions import Fraction

        import av

        from tests.detector.webfixtures import face_picture

        picture = face_picture(320, 240)
        partial = path.with_suffix(".part")
        options = {"movflags": "frag_keyframe+empty_moov"}
        with av.open(str(partial), "w", format="mp4", options=options) as output:
            stream = output.add_stream("mpeg4", rate=Fraction(fps))
            stream.width, stream.height, stream.pix_fmt = 320, 240, "yuv420p"
            stream.bit_rate = 150_000
            for index in range(seconds * fps):
                shifted = np.roll(picture, index % 3, axis=1)
                frame = av.VideoFrame.from_ndarray(shifted, format="bgr24")
                output.mux(stream.encode(frame))
            output.mux(stream.encode(None))
        partial.rename(path)
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


def parser_bombs(stack: Stack) -> dict[str, object]:
    outcomes: dict[str, object] = {}
    made = bombs()
    for name, content in made.items():
        csrf = visit(stack.port, "/controle/")
        started = time.monotonic()
        status, _ = upload(stack.port, csrf[:2], name, content, csrf[2])
        took = time.monotonic() - started
        outcomes[f"{name} ({len(content) / 1024**2:.0f} MB): status {status}, seconds"] = round(
            took, 2
        )
    results: list = []

    def one(name: str, content: bytes) -> None:
        csrf = visit(stack.port, "/controle/")
        results.append(upload(stack.port, csrf[:2], name, content, csrf[2])[0])

    started = time.monotonic()
    threads = [threading.Thread(target=one, args=item) for item in made.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcomes[f"all three at once: statuses {sorted(map(str, results))}, seconds"] = round(
        time.monotonic() - started, 2
    )
    return outcomes


def long_clip(stack: Stack, clip: bytes, timeout_s: float = 600) -> dict[str, object]:
    """Upload the long fragmented clip, then let one worker run until the queue is empty."""
    csrf = visit(stack.port, "/controle/")
    status, new_session = upload(stack.port, csrf[:2], "lang.mp4", clip, csrf[2])
    session = new_session or csrf[2]  # an older checkout gave the session with the upload
    outcome: dict[str, object] = {f"upload ({len(clip) / 1024**2:.0f} MB): status": status}
    if status != 302:
        return outcome
    started = time.monotonic()
    worker = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=stack.root,
        env=stack.env(),
        capture_output=True,
        timeout=timeout_s,
    )
    outcome[f"worker run (exit {worker.returncode}), seconds"] = round(
        time.monotonic() - started, 1
    )
    connection = http.client.HTTPConnection(HOST, stack.port, timeout=30)
    connection.request(
        "GET",
        upload.locations[-1],  # type: ignore[attr-defined]
        headers={**HEADERS, "Cookie": f"csrftoken={csrf[0]}; sessionid={session}"},
    )
    page = connection.getresponse().read().decode(errors="replace")
    connection.close()
    said = re.search(r"(De computer heeft [^.]*\.|Deze video duurt langer[^.]*\.[^.]*\.)", page)
    outcome["the result page says"] = said.group(1) if said else page[:200]
    return outcome


def flood_once(stack: Stack, clip: bytes, count: int, with_session: bool) -> Counter:
    results: list = []
    csrf = visit(stack.port, "/controle/")
    barrier = threading.Barrier(count)

    def one() -> None:
        session = visit(stack.port, "/controle/")[2] if with_session else ""
        barrier.wait()
        results.append(upload(stack.port, csrf[:2], "c.mp4", clip, session)[0])

    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Counter(results)


def address_flood(stack: Stack, clip: bytes, count: int = 45) -> Counter:
    outcomes: Counter = Counter()
    for with_session in (False, True):
        if stack.nginx:
            # nginx lets 40 uploads through at once, then one every 2 s: wait until its
            # bucket is full again, so that the app's own limits are what is measured.
            time.sleep(NGINX_UPLOAD_REFILL_S)
        kind = "a fresh session each" if with_session else "no session"
        for status, n in flood_once(stack, clip, count, with_session).items():
            outcomes[f"{count} at once, {kind}: {status}"] = n
    other = "127.0.0.2"
    csrf = visit(stack.port, "/controle/", source=other)
    status, _ = upload(stack.port, csrf[:2], "c.mp4", clip, csrf[2], source=other)
    outcomes[f"then a visitor from another address: {status}"] = 1
    return outcomes


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout to run")
    parser.add_argument("--no-nginx", action="store_true", help="gunicorn alone")
    parser.add_argument("--seconds", type=float, default=20, help="length of the slow attack")
    parser.add_argument(
        "--workers", type=int, default=0, help="gunicorn processes (default: gunicorn.conf.py's)"
    )
    parser.add_argument(
        "--only", default="", help="only the attacks whose name has one of these (a,b,...)"
    )
    return parser.parse_args()


Attack = Callable[[], Mapping[str, object]]


def chosen_attacks(
    args: argparse.Namespace, stack: Stack, folder: Path
) -> list[tuple[str, Attack]]:
    """The attacks by name; each makes its clip when it runs (the big ones are kept in a
    cache folder between runs)."""
    cache = Path(tempfile.gettempdir()) / "echt-attack-cache"
    cache.mkdir(exist_ok=True)
    attacks: list[tuple[str, Attack]] = [
        ("slow clients (50 dripping)", lambda: slow_clients(stack, args.seconds)),
        ("pixel flood (16000 x 16000, 2 at once)", lambda: flood(stack, pixel_flood(cache))),
        ("huge body (1 GB)", lambda: huge_body(stack)),
        ("limit race (20 parallel, one session)", lambda: limit_race(stack, small_clip(folder))),
        ("join guessing (4 clients, 15 s)", lambda: join_guessing(stack)),
        ("parser bombs (one by one, then three at once)", lambda: parser_bombs(stack)),
        (
            "long fragmented clip (2,400 s, no length in its header)",
            lambda: long_clip(stack, long_fragmented_clip(cache)),
        ),
        ("flood from one address (45 at once)", lambda: address_flood(stack, small_clip(folder))),
    ]
    if not args.only:
        return attacks
    wanted = args.only.split(",")
    return [(name, attack) for name, attack in attacks if any(w in name for w in wanted)]


def warm_up(stack: Stack, temp_folders: list[Path]) -> None:
    for _ in range(10):  # every worker process loads the app first
        connection = http.client.HTTPConnection(HOST, stack.port, timeout=30)
        connection.request("GET", "/", headers=HEADERS)
        connection.getresponse().read()
        connection.close()
    with Watch(stack, temp_folders) as idle:
        time.sleep(3)
    print(f"\nidle: GET / p95 {idle.p95() * 1000:.0f} ms, web peak {idle.peak_single:.0f} MB")


def run_attack(stack: Stack, temp_folders: list[Path], name: str, attack: Attack) -> None:
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


def main() -> None:
    args = arguments()
    folder = Path(tempfile.mkdtemp(prefix="attack-"))
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
    try:
        warm_up(stack, temp_folders)
        for name, attack in chosen_attacks(args, stack, folder):
            run_attack(stack, temp_folders, name, attack)
            time.sleep(2)
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
