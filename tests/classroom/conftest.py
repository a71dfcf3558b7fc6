"""Fixtures shared by the Klassikaal tests. Build other data with `tests.classroom.factories`."""

import pytest

from quiz.models import Question
from tests.classroom.factories import make_question


@pytest.fixture(autouse=True)
def own_questions_only(db):
    """The seeded quiz questions are the content team's; these tests make their own."""
    Question.objects.all().delete()


@pytest.fixture
def questions():
    """Two questions from two lessons, so a draw puts them in course order."""
    return [
        make_question("Vraag een: wat is een deepfake?"),
        make_question("Vraag twee: wat doet een GAN?", lesson_slug="gan"),
    ]
