"""One shared cache for several machines: Redis through Django's RedisCache.

With DJANGO_REDIS_URL every process keeps its pages in one Redis, so a page one
process rendered is served by the others; without it each keeps its own. A cache
out of reach is a miss: the page is rendered, never a 500.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.test import override_settings
from django.urls import reverse

from common import caching
from lessons import views
from tests.ports import free_port
from tests.redis_server import RedisServer, running_redis

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"
LESSON = "/lessen/gan/"

# One Django process: renders a page through the whole middleware stack, as
# gunicorn would, and says how often the view rendered it.
RENDER_ONCE = """
import sys
import django

django.setup()
from unittest import mock
from django.test import Client
from lessons import views

with mock.patch.object(views, "render", wraps=views.render) as render:
    response = Client().get(sys.argv[1])
print(response.status_code, render.call_count, response["ETag"])
"""

SHOW_CACHES = """
import json
import django

django.setup()
from django.conf import settings

print(json.dumps(settings.CACHES))
"""


def child_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="deepfake_edu.settings",
        DJANGO_DEBUG="1",
        DJANGO_VAR_DIR=str(tmp_path / "var"),
        **extra,
    )
    return env


def run_child(script: str, *args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def pages_on(url: str) -> dict[str, dict[str, object]]:
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": REDIS_CACHE, "LOCATION": url, "KEY_PREFIX": "echt-pages"},
    }


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    with running_redis(tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture
def redis_client(redis_server: RedisServer):
    client = redis_server.client()
    client.flushdb()
    yield client
    client.close()


def test_two_processes_share_one_cached_page(redis_server, redis_client, tmp_path):
    env = child_env(tmp_path, DJANGO_REDIS_URL=redis_server.url)
    first = run_child(RENDER_ONCE, LESSON, env=env).split()
    second = run_child(RENDER_ONCE, LESSON, env=env).split()
    assert first[:2] == ["200", "1"]
    assert second[:2] == ["200", "0"], "the second process served the first one's page"
    assert second[2] == first[2]  # the same ETag: the same page
    assert [key.decode() for key in redis_client.keys("echt-pages:*")] == [
        f"echt-pages:1:public-page:http://testserver{LESSON}"
    ]


def test_with_redis_both_caches_share_it_under_their_own_prefixes(tmp_path):
    url = "redis://cache.internal:6379/0"
    env = child_env(tmp_path, DJANGO_REDIS_URL=url, DJANGO_PAGE_CACHE_KEY_PREFIX="v42")
    caches = json.loads(run_child(SHOW_CACHES, env=env))
    assert {alias: cache["BACKEND"] for alias, cache in caches.items()} == {
        "default": REDIS_CACHE,
        "pages": REDIS_CACHE,
    }
    assert caches["default"]["LOCATION"] == caches["pages"]["LOCATION"] == url
    assert caches["default"]["KEY_PREFIX"] == "echt"
    assert caches["pages"]["KEY_PREFIX"] == "echt-pages-v42"


def test_without_redis_each_process_keeps_its_own_caches(tmp_path):
    caches = json.loads(run_child(SHOW_CACHES, env=child_env(tmp_path)))
    assert {cache["BACKEND"] for cache in caches.values()} == {
        "django.core.cache.backends.locmem.LocMemCache"
    }
    assert caches["default"]["LOCATION"] != caches["pages"]["LOCATION"]


def test_host_variants_and_other_addresses_add_no_keys(redis_server, redis_client, client):
    """Only a public page's canonical address is a key: the keys stay bounded."""
    url = reverse("lessons:detail", args=["gan"])
    with override_settings(CACHES=pages_on(redis_server.url), ALLOWED_HOSTS=["echtofnep.example"]):
        for host in ["echtofnep.example", "EchtOfNep.EXAMPLE:8000", "echtofnep.example:1234"]:
            assert client.get(url, headers={"Host": host}).status_code == 200
        other = ["/lessen/bestaat-niet/", f"{url}?actie=x", reverse("quiz:start")]
        for address in other:
            client.get(address, headers={"Host": "echtofnep.example"})
    assert [key.decode() for key in redis_client.keys("*")] == [
        f"echt-pages:1:public-page:http://echtofnep.example{url}"
    ]


def test_a_cache_out_of_reach_is_a_miss_not_a_500(client, caplog):
    closed = f"redis://127.0.0.1:{free_port()}/0"
    with (
        override_settings(CACHES=pages_on(closed)),
        mock.patch.object(views, "render", wraps=views.render) as render,
        caplog.at_level(logging.WARNING, logger="common.caching"),
    ):
        responses = [client.get(LESSON) for _ in range(3)]
    assert [response.status_code for response in responses] == [200, 200, 200]
    assert render.call_count == 3
    # Logged once: the cache is left alone for a while instead of failing every request.
    assert [record.getMessage() for record in caplog.records] == [
        f"The page cache failed; pages are rendered without it for {caching.CACHE_PAUSE_S:.0f} s"
    ]


def test_the_cache_is_used_again_once_it_is_back(client, tmp_path):
    port = free_port()
    with (
        override_settings(CACHES=pages_on(f"redis://127.0.0.1:{port}/0")),
        mock.patch.object(caching, "CACHE_PAUSE_S", 0),
        mock.patch.object(views, "render", wraps=views.render) as render,
    ):
        assert client.get(LESSON).status_code == 200  # Redis is down: rendered
        with running_redis(tmp_path / "redis", port):
            for _ in range(3):
                assert client.get(LESSON).status_code == 200
    assert render.call_count == 2  # once while down, once to fill the cache again
