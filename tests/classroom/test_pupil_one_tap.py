"""The pupil's phone in Klassikaal: one tap chooses an answer, one tap on how
sure sends it (each confidence is its own send button), with and without htmx."""

import re
from html import unescape

import pytest
from django.urls import reverse

from classroom.forms import PICK_A_CHOICE, PICK_A_CONFIDENCE
from classroom.models import Answer
from tests.classroom.factories import (
    answer,
    join_as_pupil,
    make_question,
    start_as_teacher,
    step,
    wrong_choice,
)
from tests.pages import parse

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def open_question(client):
    """A session whose one question is open, and a pupil who has not answered yet."""
    question = make_question()
    session = start_as_teacher(client, count=1)
    pupil = join_as_pupil(session, "Uil")
    step(client, session, "start")
    return question, pupil


def text_of(response) -> str:
    """The words on the page or in the fragment htmx swaps in."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def answer_form(response) -> str:
    form = re.search(r'<form class="answer-form".*?</form>', response.content.decode(), re.S)
    assert form, "no answer form"
    return form.group(0)


def test_the_confidence_buttons_are_the_send_buttons(open_question):
    _, pupil = open_question
    form = answer_form(pupil.get(reverse("classroom:play")))
    buttons = re.findall(r"<button([^>]*)>([^<]*)</button>", form)
    # Enter on an answer clicks the first submit button: it sends no confidence.
    enter, *sending = buttons
    assert "hidden" in enter[0] and "name=" not in enter[0]
    assert [(re.search(r'value="(\w+)"', attrs).group(1), label) for attrs, label in sending] == [
        ("zeker", "Zeker"),
        ("twijfel", "Twijfel"),
        ("gok", "Gok"),
    ]
    assert all('type="submit" name="confidence"' in attrs for attrs, _ in sending)
    radios = [i for i in parse(form).find_all("input") if i.get("type") == "radio"]
    assert {r["name"] for r in radios} == {"choice"}


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_one_tap_on_how_sure_records_the_answer(open_question, headers):
    question, pupil = open_question
    choice = wrong_choice(question)
    response = answer(pupil, question, choice.pk, "twijfel", **headers)
    assert response.status_code == (200 if headers else 302)
    saved = Answer.objects.get()
    assert (saved.choice, saved.confidence, saved.correct) == (choice, "twijfel", False)
    page = response if headers else pupil.get(reverse("classroom:play"))
    assert "Je antwoord is binnen" in text_of(page)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_an_answer_without_confidence_asks_for_it_and_keeps_the_choice(open_question, headers):
    question, pupil = open_question
    choice = wrong_choice(question)
    # What the Enter key on an answer sends: the answer, no confidence.
    data = {"question": question.pk, "choice": choice.pk}
    response = pupil.post(reverse("classroom:answer"), data, **headers)
    assert response.status_code == 400
    assert PICK_A_CONFIDENCE in text_of(response)
    form = answer_form(response)
    assert re.search(
        rf'<input type="radio" name="choice" value="{choice.pk}" required checked>', form
    )
    assert not Answer.objects.exists()
    # One more tap sends it.
    pupil.post(reverse("classroom:answer"), {**data, "confidence": "gok"}, **headers)
    assert Answer.objects.get().confidence == "gok"


def test_an_answer_without_a_choice_says_so(open_question):
    question, pupil = open_question
    data = {"question": question.pk, "confidence": "zeker"}
    response = pupil.post(reverse("classroom:answer"), data)
    assert response.status_code == 400
    assert PICK_A_CHOICE in text_of(response)
    assert "checked" not in answer_form(response)
    assert not Answer.objects.exists()
