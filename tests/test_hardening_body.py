"""Request bodies over the limit are refused before anything reads them:
by Content-Length ahead of the CSRF check, and chunked bodies cut off at the limit."""

from __future__ import annotations

import contextlib
import http.client
import io
import select
import socket

import pytest
from django.test import Client
from django.urls import reverse

from common.body_limit import SMALL_BODY_BYTES
from detector.intake import upload_limit_bytes
from tests.hardening_stack import HOST, HOSTNAME, Stack

pytestmark = pytest.mark.django_db


class CountingStream(io.BytesIO):
    """A request body that remembers how much of it was read."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


def post_with_stream(client: Client, path: str, stream: io.BytesIO, **extra: str):
    """A POST whose body is ``stream`` itself, so a test can see how much was read."""
    environ: dict = {"wsgi.input": stream, **extra}
    return client.generic("POST", path, **environ)


def test_a_too_long_upload_is_refused_from_its_length_before_the_csrf_check():
    client = Client(enforce_csrf_checks=True)  # no token: CSRF would say 403
    body = CountingStream(b"--x\r\n")
    response = post_with_stream(
        client,
        reverse("detector:upload"),
        body,
        CONTENT_TYPE="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(1024**3),
    )
    assert response.status_code == 413
    assert "hoogstens 50 MB" in response.content.decode()
    assert body.bytes_read == 0


def test_other_forms_get_a_small_limit():
    client = Client(enforce_csrf_checks=True)
    response = client.generic(
        "POST",
        "/klassikaal/",
        data=b"x" * (SMALL_BODY_BYTES + 1),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413


def test_a_question_form_may_carry_its_pictures(client):
    """The question admin's add and change forms take two phone photos; anonymous, the
    form is then refused by the admin (a redirect to its login), not by the limit."""
    for url in (reverse("admin:quiz_question_add"), "/beheer/quiz/question/1/change/"):
        response = post_with_stream(
            client,
            url,
            io.BytesIO(b""),
            CONTENT_TYPE="multipart/form-data; boundary=x",
            CONTENT_LENGTH=str(10 * 1024 * 1024),
        )
        assert response.status_code == 302, url


def test_a_question_form_over_its_pictures_limit_gets_its_own_message(client):
    body = CountingStream(b"--x\r\n")
    response = post_with_stream(
        client,
        reverse("admin:quiz_question_add"),
        body,
        CONTENT_TYPE="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(13 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "samen hoogstens 12 MB" in response.content.decode()
    assert body.bytes_read == 0


def test_a_form_without_a_declared_limit_gets_no_word_about_videos(client):
    response = post_with_stream(
        client, "/beheer/login/", io.BytesIO(b""), CONTENT_LENGTH=str(SMALL_BODY_BYTES + 1)
    )
    assert response.status_code == 413
    text = response.content.decode()
    assert "te veel om te versturen" in text
    assert "video" not in text


def test_an_htmx_upload_gets_the_message_alone(client):
    response = post_with_stream(
        client,
        reverse("detector:upload"),
        io.BytesIO(b""),
        CONTENT_TYPE="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(upload_limit_bytes() + 1),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 413
    text = response.content.decode()
    assert 'role="alert"' in text
    assert "<html" not in text


def test_a_nonsense_length_is_a_400(client):
    response = post_with_stream(client, "/klassikaal/", io.BytesIO(b""), CONTENT_LENGTH="veel")
    assert response.status_code == 400


def test_headers_cross_origin_resource_policy(client):
    response = client.get("/")
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.fixture(scope="module")
def bare_gunicorn(tmp_path_factory):
    """gunicorn alone, as the README's run command starts it (no nginx in front)."""
    stack = Stack(tmp_path_factory.mktemp("bare"), max_upload_mb=2, use_nginx=False).start()
    yield stack
    stack.stop()


def temp_bytes(stack) -> int:
    return sum(p.stat().st_size for p in (stack.folder / "var").rglob("*") if p.is_file()) - sum(
        p.stat().st_size for p in (stack.folder / "var").glob("db.sqlite3*")
    )


def test_gunicorn_alone_refuses_a_1_gb_upload_without_writing_it(bare_gunicorn):
    before = temp_bytes(bare_gunicorn)
    connection = http.client.HTTPConnection(HOST, bare_gunicorn.port, timeout=10)
    connection.putrequest("POST", "/controle/", skip_host=True)
    connection.putheader("Host", HOSTNAME)
    connection.putheader("X-Forwarded-Proto", "https")
    connection.putheader("Content-Type", "multipart/form-data; boundary=x")
    connection.putheader("Content-Length", str(1024**3))
    connection.endheaders(b"--x\r\n" + b"\0" * 65536)
    response = connection.getresponse()
    assert response.status == 413
    assert "te veel om te versturen" in response.read().decode()
    connection.close()
    assert temp_bytes(bare_gunicorn) - before < 1024 * 1024


def send_chunked_until_answered(port: int, path: str, megabytes: int) -> tuple[bytes, int]:
    """Send a chunked body, reading the socket between chunks; the answer and bytes sent."""
    sock = socket.create_connection((HOST, port), timeout=20)
    sock.sendall(
        f"POST {path} HTTP/1.1\r\nHost: {HOSTNAME}\r\nX-Forwarded-Proto: https\r\n"
        "Content-Type: multipart/form-data; boundary=x\r\n"
        "Transfer-Encoding: chunked\r\n\r\n".encode()
    )
    chunk = b"\0" * (64 * 1024)
    framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    sent = 0
    answer = b""
    try:
        for _ in range(megabytes * 16):
            if select.select([sock], [], [], 0)[0]:
                break
            sock.sendall(framed)
            sent += len(chunk)
        sock.sendall(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass
    with contextlib.suppress(ConnectionResetError):
        answer = sock.recv(65536)
    sock.close()
    return answer, sent


def test_gunicorn_alone_cuts_a_chunked_body_off_at_the_limit(bare_gunicorn):
    answer, sent = send_chunked_until_answered(bare_gunicorn.port, "/controle/", 10)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < 10 * 1024 * 1024
    # Nothing is left in the temp folder.
    assert not any((bare_gunicorn.folder / "var" / "tmp").iterdir())
