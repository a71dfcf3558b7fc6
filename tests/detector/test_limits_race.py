"""Upload limits hold under a race: 20 uploads sent at the same moment to gunicorn as
production runs it (threaded workers, SQLite), no worker, so every accepted job stays
waiting: no more are accepted than the limit allows."""

from __future__ import annotations

import http.client
import re
import sqlite3
import threading
from http.cookies import SimpleCookie

import pytest

from tests.detector.webfixtures import write_clip
from tests.hardening_stack import HOST, HOSTNAME, Stack

RACERS = 20
WAITING_PER_SESSION = 3
PER_ADDRESS = 8


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    stack = Stack(
        tmp_path_factory.mktemp("race"),
        use_nginx=False,
        extra_env={
            "DETECTOR_MAX_WAITING_PER_CLIENT": str(WAITING_PER_SESSION),
            "DETECTOR_UPLOADS_PER_HOUR": "100",
            "DETECTOR_UPLOADS_PER_HOUR_PER_ADDRESS": str(PER_ADDRESS),
        },
    ).start()
    yield stack
    stack.stop()


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> bytes:
    return write_clip(tmp_path_factory.mktemp("clip") / "c.mp4", seconds=1.0).read_bytes()


def base_headers() -> dict[str, str]:
    return {"Host": HOSTNAME, "X-Forwarded-Proto": "https", "Origin": f"https://{HOSTNAME}"}


def upload_page(port: int) -> tuple[tuple[str, str], str]:
    """The CSRF cookie and the form's token, and the session the page brings."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    connection.request("GET", "/controle/", headers=base_headers())
    response = connection.getresponse()
    page = response.read().decode()
    cookie = SimpleCookie()
    for value in response.headers.get_all("Set-Cookie") or []:
        cookie.load(value)
    connection.close()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token
    return (cookie["csrftoken"].value, token.group(1)), cookie["sessionid"].value


def upload(port: int, clip: bytes, csrf: tuple[str, str], session: str = ""):
    boundary = "racegrens"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f'{csrf[1]}\r\n--{boundary}\r\nContent-Disposition: form-data; name="clip"; '
            'filename="c.mp4"\r\nContent-Type: video/mp4\r\n\r\n'
        ).encode()
        + clip
        + f"\r\n--{boundary}--\r\n".encode()
    )
    cookies = f"csrftoken={csrf[0]}" + (f"; sessionid={session}" if session else "")
    headers = {
        **base_headers(),
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Cookie": cookies,
    }
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    connection.request("POST", "/controle/", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    set_cookie = response.headers.get("Set-Cookie") or ""
    connection.close()
    new_session = SimpleCookie(set_cookie)["sessionid"].value if "sessionid" in set_cookie else ""
    return response.status, new_session


def race(port: int, clip: bytes, csrf, session: str | None) -> list[int]:
    """RACERS uploads at the same moment: all with ``session``, or (None) each with a
    fresh session of its own, as a script that fetches the upload page first."""
    statuses: list[int] = []
    barrier = threading.Barrier(RACERS)

    def one() -> None:
        own = upload_page(port)[1] if session is None else session
        barrier.wait()
        statuses.append(upload(port, clip, csrf, own)[0])

    threads = [threading.Thread(target=one) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def waiting_rows(stack) -> int:
    with sqlite3.connect(stack.folder / "var" / "db.sqlite3") as db:
        return db.execute(
            "SELECT count(*) FROM detector_analysis WHERE status IN ('queued', 'running')"
        ).fetchone()[0]


def test_twenty_parallel_uploads_from_one_session_get_no_more_than_its_limit(server, clip):
    csrf, session = upload_page(server.port)
    status, _ = upload(server.port, clip, csrf, session)
    assert status == 302

    statuses = race(server.port, clip, csrf, session)

    assert statuses.count(302) == WAITING_PER_SESSION - 1, statuses
    assert set(statuses) <= {302, 429}, statuses
    assert waiting_rows(server) == WAITING_PER_SESSION


def test_twenty_parallel_uploads_from_new_sessions_get_no_more_than_the_address_limit(server, clip):
    # After the test above, this address has WAITING_PER_SESSION uploads this hour.
    csrf, _ = upload_page(server.port)
    statuses = race(server.port, clip, csrf, session=None)
    assert statuses.count(302) == PER_ADDRESS - WAITING_PER_SESSION, statuses
    assert set(statuses) <= {302, 429}, statuses
    assert waiting_rows(server) == PER_ADDRESS


def test_parallel_uploads_without_a_session_are_refused_and_queue_nothing(server, clip):
    """Without a session the per-browser limits could not count them, and the browser
    could open only the result whose cookie it kept last: each is refused, and its
    answer brings a session."""
    before = waiting_rows(server)
    csrf, _ = upload_page(server.port)
    statuses = race(server.port, clip, csrf, session="")
    assert statuses == [400] * RACERS
    assert waiting_rows(server) == before
