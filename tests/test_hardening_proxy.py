"""nginx in front of gunicorn, with the same configuration as docker-compose.yml
(deploy/nginx.conf.template rendered for 127.0.0.1): what the proxy refuses itself.

Needs Debian's nginx package (dev.py test installs it)."""

from __future__ import annotations

import http.client
import re
import socket
import time

import pytest

from tests.hardening_stack import HOST, HOSTNAME, Stack, nginx_binary

HEADERS = {"Host": HOSTNAME, "X-Forwarded-Proto": "https"}


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    assert nginx_binary(), "nginx is missing: python3 dev.py test installs it"
    running = Stack(tmp_path_factory.mktemp("stack"), max_upload_mb=2).start()
    assert running.nginx
    yield running
    running.stop()


def request(stack, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection(HOST, stack.port, timeout=20)
    try:
        connection.request(method, path, body=body, headers={**HEADERS, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def test_pages_pass_through_without_a_version_banner(stack):
    status, headers, body = request(stack, "GET", "/lessen/")
    assert status == 200
    assert b'<html lang="nl"' in body
    assert headers["Server"] == "nginx"
    assert "gunicorn" not in str(headers).lower()


def claim_a_large_body(stack):
    """Claims 10 MB but sends almost nothing: nginx answers from the header alone."""
    connection = http.client.HTTPConnection(HOST, stack.port, timeout=10)
    connection.putrequest("POST", "/controle/", skip_host=True)
    for name, value in {**HEADERS, "Content-Length": str(10 * 1024 * 1024)}.items():
        connection.putheader(name, value)
    connection.putheader("Content-Type", "multipart/form-data; boundary=x")
    connection.endheaders(b"--x\r\n")
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response.status, response.headers, body


def test_a_body_over_the_limit_is_refused_by_nginx_from_its_length(stack):
    status, _, body = claim_a_large_body(stack)
    assert status == 413
    assert "Dit bestand is te groot" in body  # nginx's own page, not the app's


def test_a_chunked_body_is_cut_off_at_the_limit(stack):
    connection = http.client.HTTPConnection(HOST, stack.port, timeout=20)
    chunk = b"\0" * (256 * 1024)

    def body():
        for _ in range(40):  # 10 MB, the limit is 3 MB
            yield chunk

    try:
        connection.request(
            "POST",
            "/controle/",
            body=body(),
            headers={**HEADERS, "Content-Type": "application/octet-stream"},
            encode_chunked=True,
        )
        response = connection.getresponse()
        status = response.status
    except (BrokenPipeError, ConnectionResetError):
        status = 413  # nginx answered and closed while we were still sending
        connection = http.client.HTTPConnection(HOST, stack.port, timeout=5)
    finally:
        connection.close()
    assert status == 413
    # Nothing reached the app's temp folder.
    assert not any((stack.folder / "tmp").iterdir())


def test_a_slow_header_is_cut_off(stack):
    sock = socket.create_connection((HOST, stack.port), timeout=30)
    sock.sendall(b"GET /lessen/ HTTP/1.1\r\nHost: " + HOSTNAME.encode() + b"\r\n")
    started = time.monotonic()
    # The rest of the headers never comes: nginx closes the connection.
    assert sock.recv(1024) == b""
    assert time.monotonic() - started < 25
    sock.close()


def test_static_files_are_served_by_nginx(stack):
    # A file only in nginx's copy: the app (whitenoise) cannot know it.
    (stack.nginx_static / "alleen-nginx.txt").write_text("van schijf")
    status, headers, body = request(stack, "GET", "/static/alleen-nginx.txt")
    assert status == 200
    assert body == b"van schijf"
    _, _, page = request(stack, "GET", "/lessen/")
    stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)
    status, headers, css = request(stack, "GET", stylesheet.group(1).decode())
    assert status == 200
    assert b"--accent" in css
    assert "immutable" in headers["Cache-Control"]
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"


def test_bursts_of_join_attempts_are_limited(stack):
    statuses = [
        request(
            stack,
            "POST",
            "/klassikaal/",
            body=b"code=123456&nickname=Sam",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )[0]
        for _ in range(70)
    ]
    limited = [s for s in statuses if s in (429, 503)]
    assert len(limited) >= 10, statuses
    # Looking at the join page is not limited.
    assert all(request(stack, "GET", "/klassikaal/")[0] == 200 for _ in range(5))


SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Cross-Origin-Resource-Policy",
    "X-Frame-Options",
    "Permissions-Policy",
)


def policy(value: str) -> set[str]:
    """The parts of a header value; django-csp writes its directives in any order."""
    return {part.strip() for part in re.split(r"[;,]", value or "")}


def test_nginxs_own_refusals_carry_the_apps_security_headers(stack):
    _, page, _ = request(stack, "GET", "/lessen/")
    status, too_large, body = claim_a_large_body(stack)
    assert status == 413 and "Dit bestand is te groot" in body
    for _ in range(20):  # the admin login allows a few tries a minute
        status, busy, content = request(stack, "POST", "/beheer/login/", body=b"")
        if status == 429:
            break
    assert status == 429 and "Even wachten" in content.decode()
    for name in SECURITY_HEADERS:
        assert page[name], name
        assert policy(too_large[name]) == policy(page[name]), name
        assert policy(busy[name]) == policy(page[name]), name
        assert len(busy.get_all(name)) == 1, name
    # The app's pages get their headers once, from the app.
    assert len(page.get_all("Content-Security-Policy")) == 1
