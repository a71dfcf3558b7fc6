"""Every Klassikaal screen, in every phase: one h1, labelled inputs, nothing
inline that the Content-Security-Policy would block, correct Dutch."""

import re
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse

from tests.classroom.factories import (
    answer,
    join_as_pupil,
    make_question,
    right_choice,
    start_as_teacher,
    step,
)
from tests.pages import parse
from tests.spelling import misspelled

if TYPE_CHECKING:
    # The test client's response type; it exists only in django-stubs.
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db

STEPS_TO_PHASE = {
    "lobby": [],
    "question": ["start"],
    "closed": ["start", "sluiten"],
    "revealed": ["start", "onthullen"],
    "finished": ["start", "onthullen", "volgende"],
}


def screens_in_phase(phase: str) -> "dict[str, TestResponse]":
    question = make_question(
        "Welk teken kan wijzen op nepbeeld?",
        right="Een gezicht dat vaag is terwijl de rest scherp is",
        wrong=("Een gezicht dat lacht", "Een filmpje met geluid"),
        explanation="Bij een nagemaakt gezicht is de rand vaak wazig.",
    )
    teacher = Client()
    session = start_as_teacher(teacher, count=1)
    tijger, uil = join_as_pupil(session, "Tijger"), join_as_pupil(session, "Uil")
    for name in STEPS_TO_PHASE[phase]:
        if name in ("sluiten", "onthullen"):
            answer(tijger, question, right_choice(question).pk)
        step(teacher, session, name)
    return {
        "board": teacher.get(reverse("classroom:board", args=[session.code])),
        "pupil who answered": tijger.get(reverse("classroom:play")),
        "pupil who did not": uil.get(reverse("classroom:play")),
    }


def assert_page_is_sound(response) -> None:
    assert response.status_code == 200
    html = response.content.decode()
    page = parse(html)
    assert len(page.find_all("h1")) == 1
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)
    assert "hx-on" not in html
    assert all(script.get("src") for script in page.find_all("script"))
    labelled = {label.get("for") for label in page.find_all("label")}
    for field in page.find_all("input"):
        if field.get("type") not in ("hidden", "radio", "checkbox"):
            assert field.get("id") in labelled, field
    # The join code is random letters, not Dutch.
    text = re.sub(r"\b[A-Z0-9]{3} [A-Z0-9]{3}\b", "", page.text())
    assert misspelled(text) == []


@pytest.mark.parametrize("phase", list(STEPS_TO_PHASE))
def test_every_screen_of_every_phase_is_sound(phase):
    for response in screens_in_phase(phase).values():
        assert_page_is_sound(response)


def test_the_join_and_start_pages_are_sound():
    make_question()
    assert_page_is_sound(Client().get(reverse("classroom:join")))
    assert_page_is_sound(Client().get(reverse("classroom:new")))


def test_the_join_page_says_no_real_name_is_needed():
    text = parse(Client().get(reverse("classroom:join")).content).text()
    assert "Gebruik niet je echte naam" in text
    assert "wissen we alles" in text


def test_the_waiting_screens_refresh_themselves_without_javascript():
    screens = screens_in_phase("closed")
    assert '<noscript><meta http-equiv="refresh"' in screens["board"].content.decode()
    assert '<noscript><meta http-equiv="refresh"' in screens["pupil who did not"].content.decode()


def test_the_answer_form_does_not_refresh_itself_while_a_pupil_chooses():
    screens = screens_in_phase("question")
    html = screens["pupil who did not"].content.decode()
    assert 'name="choice"' in html
    assert "http-equiv" not in html
    assert 'hx-post="/klassikaal/spel/antwoord/"' in html
    assert 'action="/klassikaal/spel/antwoord/"' in html


def test_the_chart_has_a_text_alternative():
    html = screens_in_phase("revealed")["board"].content.decode()
    assert 'role="img" aria-labelledby="chart-title chart-desc"' in html
    assert "A: 1 keer gekozen, het goede antwoord." in html
