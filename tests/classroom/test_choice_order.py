"""The answers of a Klassikaal question stand in one shuffled order for the whole
class session: the board names them A-D with a colour and a shape, so every phone
and the board's chart must use the same order. Another session: another order."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from classroom.models import ClassSession
from quiz.models import Question
from tests.classroom.factories import (
    answer,
    join_as_pupil,
    make_question,
    right_choice,
    start_as_teacher,
    step,
)

pytestmark = pytest.mark.django_db

RIGHT = "Een gezicht dat vaag is terwijl de rest scherp is"
WRONG = ("Een gezicht dat lacht", "Een filmpje met geluid", "Een foto in zwart-wit")


def four_option_question() -> Question:
    return make_question("Welk teken kan wijzen op nepbeeld?", right=RIGHT, wrong=WRONG)


def board_options(teacher: Client, session: ClassSession) -> list[tuple[str, str]]:
    html = teacher.get(reverse("classroom:board", args=[session.code])).content.decode()
    letter = r'<span class="option__letter">(\w)</span>\s*'
    text = r'<span class="option__text">([^<]+?)(?: <strong|</span>)'
    return re.findall(letter + text, html)


def phone_options(pupil: Client) -> list[tuple[str, str]]:
    html = pupil.get(reverse("classroom:play")).content.decode()
    return re.findall(
        r'<span class="choice__letter" aria-hidden="true">(\w)</span> <span>([^<]+)</span>', html
    )


def open_question(teacher: Client) -> tuple[ClassSession, Client, Client]:
    session = start_as_teacher(teacher, count=1)
    tijger, uil = join_as_pupil(session, "Tijger"), join_as_pupil(session, "Uil")
    step(teacher, session, "start")
    return session, tijger, uil


def test_the_board_and_every_phone_show_the_same_order():
    question = four_option_question()
    teacher = Client()
    session, tijger, uil = open_question(teacher)

    on_board = board_options(teacher, session)
    assert [letter for letter, _ in on_board] == ["A", "B", "C", "D"]
    assert sorted(text for _, text in on_board) == sorted(
        question.choices.values_list("text", flat=True)
    )
    assert phone_options(tijger) == on_board
    assert phone_options(uil) == on_board
    # A reload shows the same order.
    assert board_options(teacher, session) == on_board
    assert phone_options(tijger) == on_board

    # The chart after the reveal names the right answer by the board's letter.
    answer(tijger, question, right_choice(question).pk)
    step(teacher, session, "onthullen")
    right_letter = next(letter for letter, text in on_board if text == RIGHT)
    html = teacher.get(reverse("classroom:board", args=[session.code])).content.decode()
    assert f"{right_letter}: 1 keer gekozen, het goede antwoord." in html
    assert board_options(teacher, session) == on_board


def test_another_class_session_shows_another_order():
    four_option_question()
    orders = set()
    for _ in range(6):
        teacher = Client()
        session, tijger, _ = open_question(teacher)
        on_board = board_options(teacher, session)
        assert phone_options(tijger) == on_board
        orders.add(tuple(text for _, text in on_board))
    # Six sessions with four answers showing one order: a 1 in 24^5 chance.
    assert len(orders) >= 2


def test_true_false_keeps_waar_first_on_the_board_and_the_phone():
    question = Question.objects.create(
        lesson_slug="wat-is-een-deepfake",
        kind=Question.Kind.TRUE_FALSE,
        text="Een deepfake is altijd een grap.",
        explanation="Nee, deepfakes worden ook gebruikt om mensen te bedriegen.",
    )
    question.choices.create(text="Waar", is_correct=False, order=1)
    question.choices.create(text="Niet waar", is_correct=True, order=2)
    for _ in range(4):
        teacher = Client()
        session, tijger, _ = open_question(teacher)
        assert board_options(teacher, session) == [("A", "Waar"), ("B", "Niet waar")]
        assert phone_options(tijger) == [("A", "Waar"), ("B", "Niet waar")]
