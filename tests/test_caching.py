"""Pages the same for everyone: no cookie, public caching headers, served from the cache."""

from unittest import mock

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from common import caching
from lessons import content, views

pytestmark = pytest.mark.django_db

PAGE_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"},
}


def public_urls() -> list[str]:
    names = ["lessons:home", "lessons:list", "lessons:glossary", "lessons:teachers"]
    urls = [reverse(name) for name in [*names, "lessons:worksheet"]]
    for lesson in content.all_lessons():
        urls.append(reverse("lessons:detail", args=[lesson.slug]))
        urls.append(reverse("lessons:present", args=[lesson.slug, 1]))
    return urls


def assert_public(response) -> None:
    assert response.status_code == 200
    assert not response.cookies, "a public page sets no cookie"
    assert "cookie" not in response.get("Vary", "").lower()
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "public" in cache_control
    assert "max-age=300" in cache_control
    assert response.has_header("ETag")


@pytest.mark.parametrize("url", public_urls())
def test_it_sends_a_public_page_without_cookies(client, url):
    assert_public(client.get(url))


@pytest.mark.parametrize("url", public_urls())
def test_it_stays_public_for_a_visitor_with_a_session(client, url):
    """A pupil who played the quiz has session and CSRF cookies: the page is still shared."""
    session = client.session
    session["quiz"] = {"answers": []}
    session.save()
    client.cookies["csrftoken"] = "a" * 32
    assert_public(client.get(url))


@pytest.mark.parametrize("url", public_urls())
def test_a_reload_with_the_etag_gets_a_304(client, url):
    etag = client.get(url)["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert "public" in again["Cache-Control"]


@override_settings(CACHES=PAGE_CACHE)
@pytest.mark.parametrize("name", ["home", "detail", "present", "glossary"])
def test_a_second_visitor_gets_the_page_without_a_render(client, name):
    args_by_name: dict[str, list[object]] = {"detail": ["gan"], "present": ["gan", 2]}
    args = args_by_name.get(name, [])
    url = reverse(f"lessons:{name}", args=args)
    with mock.patch.object(views, "render", wraps=views.render) as render:
        first = client.get(url)
        second = client.get(url)  # a new visitor: the test client sends no cookies
    assert render.call_count == 1
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"] == "text/html; charset=utf-8"
    assert second["ETag"] == first["ETag"]
    assert second["X-Frame-Options"] == "DENY"  # kept from the middleware inside the cache
    assert "frame-ancestors 'none'" in second["Content-Security-Policy"]  # added outside
    assert_public(second)


@override_settings(CACHES=PAGE_CACHE, ALLOWED_HOSTS=["echtofnep.example"])
def test_variants_of_the_host_share_one_cached_page(client):
    """2,000 Host headers with other ports or letter case must not push the page out."""
    url = reverse("lessons:detail", args=["gan"])
    hosts = ["echtofnep.example", "EchtOfNep.EXAMPLE:8000", "echtofnep.example:1234"]
    with mock.patch.object(views, "render", wraps=views.render) as render:
        for host in hosts:
            assert_public(client.get(url, headers={"Host": host}))
    assert render.call_count == 1


@override_settings(CACHES=PAGE_CACHE)
def test_a_reload_of_a_page_from_the_cache_gets_a_304(client):
    url = reverse("lessons:detail", args=["gan"])
    etag = client.get(url)["ETag"]
    with mock.patch.object(views, "render", wraps=views.render) as render:
        again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert render.call_count == 0


@override_settings(CACHES=PAGE_CACHE)
def test_a_page_with_a_query_string_is_rendered_each_time(client):
    url = reverse("lessons:detail", args=["gan"]) + "?actie=x"
    with mock.patch.object(views, "render", wraps=views.render) as render:
        client.get(url)
        client.get(url)
    assert render.call_count == 2


@override_settings(CACHES=PAGE_CACHE)
def test_a_public_page_that_reads_the_csrf_token_is_kept_private_and_out_of_the_cache():
    calls = []

    @caching.public_page
    def page(request):
        calls.append(1)
        return HttpResponse(f"token {get_token(request)}")

    for _ in range(2):
        response = page(RequestFactory().get("/proef/"))
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
    assert len(calls) == 2


def test_pages_with_a_visitors_state_keep_their_csrf_cookie(client):
    response = client.get(reverse("quiz:start"))
    assert "csrftoken" in response.cookies
    assert "public" not in response.get("Cache-Control", "")


def test_the_quiz_still_needs_its_session_and_csrf(client):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("quiz:start")).status_code == 403  # no CSRF cookie, no start
    # A question without a quiz in the session: nothing to answer.
    assert client.get(reverse("quiz:question", args=[1])).status_code == 404
    started = client.post(reverse("quiz:start"))
    assert started.status_code == 303
    assert "sessionid" in started.cookies
    assert client.get(started["Location"]).status_code == 200
