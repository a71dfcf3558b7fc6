"""Headers and small things of the hardening: the CSRF failure page, thumbnails not kept by
the browser, the admin login lockout (django-axes)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from detector.models import Thumbnail
from tests.detector.webfixtures import give_to, make_analysis

pytestmark = pytest.mark.django_db


def test_a_csrf_failure_gets_the_sites_own_page_without_inline_css():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/klassikaal/", {"code": "123456", "bijnaam": "Sam"})
    assert response.status_code == 403
    text = response.content.decode()
    assert "Dit formulier is verlopen" in text
    assert 'href="/static/css/' in text  # the site's stylesheet, not inline CSS
    assert "<style" not in text and "style=" not in text


def test_thumbnails_are_not_kept_by_the_browser(client):
    analysis = make_analysis(status="done", report={})
    Thumbnail.objects.create(analysis=analysis, number=1, time_s=1.0, reason="x", jpeg=b"\xff")
    give_to(client, analysis)
    response = client.get(f"/controle/{analysis.pk}/beeld/1.jpg")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def login(client: Client, password: str):
    return client.post(
        "/beheer/login/?next=/beheer/",
        {"username": "beheerder", "password": password},
        REMOTE_ADDR="198.51.100.20",
    )


def test_the_admin_login_locks_after_five_wrong_passwords(client):
    get_user_model().objects.create_superuser("beheerder", "b@example.org", "Juist-Wachtwoord-9")
    for _ in range(4):
        assert login(client, "fout").status_code == 200  # the form again, with an error
    locked = login(client, "fout")
    assert locked.status_code == 429
    assert "Inloggen is even geblokkeerd" in locked.content.decode()
    # The right password does not help now.
    right = login(client, "Juist-Wachtwoord-9")
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_right_password_before_the_limit_still_logs_in(client):
    get_user_model().objects.create_superuser("beheerder", "b@example.org", "Juist-Wachtwoord-9")
    for _ in range(3):
        login(client, "fout")
    response = login(client, "Juist-Wachtwoord-9")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
