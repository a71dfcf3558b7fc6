"""Under two pictures the answers stand in picture order: Foto 1, Foto 2, Allebei,
Geen van beide (issue 23: a board showed "A Geen van beide, B Foto 2, C Allebei,
D Foto 1"). Other questions keep their shuffled order (tests/quiz/test_shuffle.py,
tests/classroom/test_choice_order.py).

The order is decided by quiz.rules.shown_order, which the quiz and Klassikaal
share. Until it keeps these answers in place (the change is described in the
report of issue 23's picture part), these tests are expected to fail; `strict`
makes them fail loudly once it does, so the marker is taken away then.
"""

import pytest
from django.test import Client
from django.urls import reverse

from quiz.models import Question
from tests.classroom.factories import join_as_pupil, start_as_teacher, step
from tests.classroom.test_choice_order import board_options
from tests.pages import parse

pytestmark = pytest.mark.django_db

PICTURE_ORDER = ["Foto 1", "Foto 2", "Allebei", "Geen van beide"]
# With four answers a shuffle keeps the natural order once in 24 times: six quizzes
# or classes that all show it are (1/24)^6 by chance.
TRIES = 6


@pytest.fixture
def pair_question() -> Question:
    question = Question.objects.get(seed_key="beeld-koffie-paar")
    Question.objects.exclude(pk=question.pk).delete()
    return question


def shown_choices(html: bytes, question: Question) -> list[str]:
    """The answers' texts in the order of their radio buttons."""
    texts = dict(question.choices.values_list("id", "text"))
    inputs = parse(html).find_all("input")
    return [texts[int(i["value"])] for i in inputs if i.get("name") == "choice"]


def quiz_order(question: Question) -> list[str]:
    pupil = Client()
    begun = pupil.post(reverse("quiz:lesson", args=[question.lesson_slug]))
    return shown_choices(pupil.get(begun["Location"]).content, question)


def test_the_quiz_shows_the_answers_under_two_photos_in_picture_order(pair_question):
    for _ in range(TRIES):
        assert quiz_order(pair_question) == PICTURE_ORDER


def test_the_board_and_the_phone_show_them_in_picture_order_with_letters_a_to_d(pair_question):
    for _ in range(TRIES):
        teacher = Client()
        session = start_as_teacher(teacher, count=1, lessons=(pair_question.lesson_slug,))
        pupil = join_as_pupil(session, "Kim")
        step(teacher, session, "start")
        assert board_options(teacher, session) == list(zip("ABCD", PICTURE_ORDER, strict=True))
        phone = parse(pupil.get(reverse("classroom:play")).content)
        texts = dict(pair_question.choices.values_list("id", "text"))
        shown = [
            texts[int(i["value"])] for i in phone.find_all("input") if i.get("name") == "choice"
        ]
        assert shown == PICTURE_ORDER
