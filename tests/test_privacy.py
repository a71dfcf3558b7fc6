"""No request leaves the site: pupils' privacy, and classrooms with bad Wi-Fi."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.pages import parse, public_page_urls

pytestmark = pytest.mark.django_db

# Attributes through which a page makes the browser fetch something by itself.
FETCHING = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "form": ("action",),
}
EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)


def external_references(html: str) -> list[str]:
    page = parse(html)
    found = []
    for tag, attributes in page.tags:
        for name in FETCHING.get(tag, ()):
            for value in re.split(r",\s*", attributes.get(name, "")):
                if EXTERNAL.match(value):
                    found.append(f"<{tag} {name}={value}>")
        if EXTERNAL.search(attributes.get("style", "")):
            found.append(f"<{tag} style>")
    found += re.findall(r"url\(\s*['\"]?(?:https?:)?//[^)]*\)", html)
    found += re.findall(r"@import\s+[^;]*//", html)
    return found


def test_the_checker_finds_external_references():
    html = (
        '<script src="https://cdn.example/htmx.js"></script>'
        '<link rel="stylesheet" href="//fonts.example/css">'
        '<img src="/static/ok.png" srcset="/a.png 1x, https://x.example/b.png 2x">'
    )
    assert len(external_references(html)) == 3


@pytest.mark.parametrize("url", public_page_urls())
def test_no_page_loads_anything_from_another_site(client, url):
    assert external_references(client.get(url).content.decode()) == []


def test_no_stylesheet_or_illustration_loads_anything_from_another_site():
    static = Path(settings.BASE_DIR) / "static"
    for path in [*static.rglob("*.css"), *static.rglob("*.svg")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", text), path
        assert not re.search(r"@import", text), path
        assert not re.search(r"""(?:href|src)=["'](?:https?:)?//""", text), path


def test_htmx_comes_from_the_site_itself(client):
    page = parse(client.get("/").content)
    sources = [s.get("src", "") for s in page.find_all("script")]
    assert any(s.startswith("/static/django_htmx/htmx") for s in sources)


@pytest.mark.parametrize("url", public_page_urls())
def test_pages_set_no_cookies_beyond_session_and_csrf(client, url):
    response = client.get(url)
    assert set(response.cookies) <= {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
