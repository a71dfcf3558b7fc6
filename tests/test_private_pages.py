"""Pages with a pupil's or a session's data are never kept by a browser or a proxy
(`Cache-Control: private, no-store`), while the lessons stay public."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.classroom.factories import join_as_pupil, start_as_teacher

pytestmark = pytest.mark.django_db


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


@pytest.mark.parametrize("name", ["classroom:join", "classroom:new", "detector:upload"])
def test_pages_with_a_form_are_not_stored(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


def test_the_join_page_with_a_pupils_nickname_is_not_stored():
    session = start_as_teacher(Client(), count=1)
    pupil = join_as_pupil(session, "Sam")
    response = pupil.get(reverse("classroom:join"))
    assert "Sam" in response.content.decode()
    assert {"private", "no-store"} <= cache_control(response)


def test_a_pupils_page_in_a_class_session_is_not_stored():
    session = start_as_teacher(Client(), count=1)
    pupil = join_as_pupil(session, "Sam")
    response = pupil.get(reverse("classroom:play"))
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


def test_a_redirect_that_sets_the_session_cookie_is_not_stored():
    session = start_as_teacher(Client(), count=1)
    response = Client().post(reverse("classroom:join"), {"code": session.code, "bijnaam": "Sam"})
    assert response.status_code == 302
    assert "sessionid" in response.cookies
    assert {"private", "no-store"} <= cache_control(response)


def test_a_lesson_stays_public_for_a_pupil_with_a_session():
    session = start_as_teacher(Client(), count=1)
    pupil = join_as_pupil(session, "Sam")
    response = pupil.get(reverse("lessons:detail", args=["gan"]))
    assert {"public", "max-age=300"} <= cache_control(response)
    assert "no-store" not in cache_control(response)
    assert not response.cookies
