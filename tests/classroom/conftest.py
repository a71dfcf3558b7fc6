import pytest

from quiz.models import Question


@pytest.fixture
def own_questions_only(db):
    """The seeded quiz questions are the content team's; these tests make their own."""
    Question.objects.all().delete()
