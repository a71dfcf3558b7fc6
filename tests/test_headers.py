"""Security and privacy headers on every page."""

import pytest

from tests.pages import camera_page_urls, public_page_urls

pytestmark = pytest.mark.django_db


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("url", public_page_urls())
def test_every_page_sends_the_security_headers(client, url):
    response = client.get(url)
    csp = csp_directives(response["Content-Security-Policy"])
    for directive in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in csp[directive]
        assert "'unsafe-eval'" not in csp[directive]
        assert "*" not in csp[directive]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    permissions = response["Permissions-Policy"].split(", ")
    for feature in ("microphone", "geolocation"):
        assert f"{feature}=()" in permissions
    # Only the test-yourself page may use the camera, and only from the site itself.
    camera = "camera=(self)" if url in camera_page_urls() else "camera=()"
    assert camera in permissions


def test_the_policy_allows_no_script_or_style_from_elsewhere(client):
    csp = csp_directives(client.get("/")["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
