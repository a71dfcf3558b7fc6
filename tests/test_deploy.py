"""The Dockerfile's steps, proven without Docker (no image registry here).

The image runs `collectstatic` at build time and `gunicorn deepfake_edu.wsgi`
(configured by gunicorn.conf.py) as its command. This test does the same with
production settings and fetches a lesson and a hashed static file.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.ports import free_port

ROOT = Path(__file__).resolve().parent.parent


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    # Behind the TLS proxy of a real deployment the request arrives as https.
    request = urllib.request.Request(
        url, headers={"X-Forwarded-Proto": "https", "Host": "echtofnep.example"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SECRET_KEY="f3Jk8Lm2Qp7Rs1Tv6Wx9Yz4Ab0Cd5Ef8Gh3Ij7Kl2Mn6Op1Qr5St9Uv4Wx",
        DJANGO_ALLOWED_HOSTS="echtofnep.example",
        DJANGO_TRUST_X_FORWARDED_PROTO="1",
        DJANGO_VAR_DIR=str(var),
        DJANGO_STATIC_ROOT=str(var / "static"),
    )
    bin_dir = Path(sys.executable).parent
    for step in (["collectstatic", "--no-input"], ["migrate", "--no-input"]):
        subprocess.run(
            [sys.executable, "manage.py", *step, "-v", "0"], cwd=ROOT, env=env, check=True
        )
    port = free_port()
    env["GUNICORN_CMD_ARGS"] = f"--bind 127.0.0.1:{port} --workers 2"
    server = subprocess.Popen(
        [str(bin_dir / "gunicorn"), "deepfake_edu.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert server.poll() is None, server.stdout.read().decode()
            time.sleep(0.2)
    yield base
    server.terminate()
    server.wait(timeout=15)


def test_gunicorn_serves_a_lesson_with_production_headers(gunicorn):
    status, headers, body = fetch(f"{gunicorn}/lessen/gan/")
    assert status == 200
    assert b'<html lang="nl"' in body
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    for cookie in [v for k, v in headers.items() if k.lower() == "set-cookie"]:
        assert "Secure" in cookie


def test_gunicorn_serves_hashed_static_files_that_cache_forever(gunicorn):
    _, _, body = fetch(f"{gunicorn}/lessen/")
    stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body)
    assert stylesheet, "the page links the hashed name of the stylesheet"
    status, headers, css = fetch(gunicorn + stylesheet.group(1).decode())
    assert status == 200
    assert b"--accent" in css
    assert "immutable" in headers["Cache-Control"]


def test_plain_http_is_redirected_to_https(gunicorn):
    request = urllib.request.Request(f"{gunicorn}/lessen/", headers={"Host": "echtofnep.example"})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as error:
        opener.open(request, timeout=10)
    assert error.value.code == 301
    assert error.value.headers["Location"] == "https://echtofnep.example/lessen/"
