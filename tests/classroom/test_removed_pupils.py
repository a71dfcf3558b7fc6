"""A pupil the teacher removed stays out of that class session: the same browser
cannot join again, nor can anyone with the same nickname."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from classroom.models import Answer, ClassSession
from tests.classroom.factories import (
    answer,
    join_as_pupil,
    right_choice,
    start_as_teacher,
    step,
)
from tests.spelling import misspelled

pytestmark = pytest.mark.django_db


def join(client: Client, session: ClassSession, nickname: str):
    return client.post(reverse("classroom:join"), {"code": session.code, "bijnaam": nickname})


def remove(teacher: Client, session: ClassSession, nickname: str) -> None:
    pupil = session.participants.get(nickname=nickname)
    response = teacher.post(
        reverse("classroom:remove_pupil", args=[session.code]), {"leerling": pupil.pk}
    )
    assert response.status_code == 302


def board(teacher: Client, session: ClassSession) -> str:
    return teacher.get(reverse("classroom:board", args=[session.code])).content.decode()


@pytest.fixture
def teacher():
    return Client()


@pytest.fixture
def session(questions, teacher):
    return start_as_teacher(teacher, count=1)


def test_it_refuses_a_removed_pupil_who_joins_again_from_the_same_browser(teacher, session):
    join_as_pupil(session, "Echte Leerling")
    fake = join_as_pupil(session, "Nep Naam")
    remove(teacher, session, "Nep Naam")

    same_name = join(fake, session, "Nep Naam")
    other_name = join(fake, session, "Heel Andere Naam")

    for response in (same_name, other_name):
        assert response.status_code == 403
        assert "Je docent heeft je uit deze quiz gehaald" in response.content.decode()
    assert list(session.participants.values_list("nickname", flat=True)) == ["Echte Leerling"]
    page = board(teacher, session)
    assert "<strong>1</strong> leerling doet mee" in page
    assert "Echte Leerling" in page
    assert "Nep Naam" not in page
    assert "Heel Andere Naam" not in page
    # The phone is not let back in through the quiz page either.
    assert fake.get(reverse("classroom:play"))["Location"] == reverse("classroom:join")


@pytest.mark.parametrize("same_name", ["Nep Naam", "  nep   NAAM ", "N\u0435p Naam"])
def test_it_refuses_a_removed_nickname_from_another_browser(teacher, session, same_name):
    join_as_pupil(session, "Nep Naam")
    remove(teacher, session, "Nep Naam")

    response = join(Client(), session, same_name)

    assert response.status_code == 403
    message = response.content.decode()
    assert "uit deze quiz gehaald. Kies een andere bijnaam." in message
    assert session.participants.count() == 0
    assert "Nep Naam" not in board(teacher, session)


def test_other_pupils_still_join_after_a_removal(teacher, session):
    join_as_pupil(session, "Nep Naam")
    remove(teacher, session, "Nep Naam")
    join_as_pupil(session, "Nieuwe Leerling")
    assert list(session.participants.values_list("nickname", flat=True)) == ["Nieuwe Leerling"]


def test_a_removed_pupil_can_join_another_class_session(teacher, session):
    fake = join_as_pupil(session, "Nep Naam")
    remove(teacher, session, "Nep Naam")
    next_lesson = start_as_teacher(Client(), count=1)
    assert join(fake, next_lesson, "Nep Naam").status_code == 302
    assert next_lesson.participants.get().nickname == "Nep Naam"


def test_the_refusals_of_a_removed_pupil_are_spelled_right(teacher, session):
    fake = join_as_pupil(session, "Nep Naam")
    remove(teacher, session, "Nep Naam")
    for response in (join(fake, session, "Nep Naam"), join(Client(), session, "Nep Naam")):
        error = re.search(r'id="join-error">(.*?)</p>', response.content.decode())
        assert error is not None
        assert "uit deze quiz gehaald" in error[1]
        assert misspelled(error[1]) == []


def test_a_removed_pupil_who_answers_with_htmx_gets_only_a_short_message(teacher, session):
    pupil = join_as_pupil(session, "Nep Naam")
    step(teacher, session, "start")
    remove(teacher, session, "Nep Naam")
    session.refresh_from_db()

    question = session.current_question()
    response = answer(pupil, question, right_choice(question).pk, headers={"HX-Request": "true"})

    assert response.status_code == 403
    html = response.content.decode().strip()
    # What htmx swaps into the answer area (templates/_htmx.html): the message, no page.
    assert html.startswith("<div data-refusal>")
    assert "Je doet niet mee aan een quiz" in html
    assert "<html" not in html
    assert "site-header" not in html
    assert not Answer.objects.exists()


def test_a_removed_pupil_who_answers_without_javascript_gets_the_whole_page(teacher, session):
    pupil = join_as_pupil(session, "Nep Naam")
    step(teacher, session, "start")
    remove(teacher, session, "Nep Naam")
    session.refresh_from_db()

    question = session.current_question()
    response = answer(pupil, question, right_choice(question).pk)

    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Je doet niet mee</h1>" in html
    assert "Je doet niet mee aan een quiz" in html
