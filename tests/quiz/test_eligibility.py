"""One rule for which questions may be played (quiz/eligibility.py), and every
part that serves questions keeps to it: the pupil's quiz, Klassikaal and the admin."""

import pytest
from django.urls import reverse

from classroom.models import ClassSession
from quiz import eligibility
from quiz.models import Question
from tests.quiz.factories import admin_form, make_question

pytestmark = pytest.mark.django_db

# (choices as (text, right)) that no pupil may be asked; the admin's words for each.
BAD_QUESTIONS = {
    "two right answers": ((("A", True), ("B", True), ("C", False)), "Nu zijn er 2 aangevinkt"),
    "only one answer": ((("Alleen dit", True),), "minstens twee antwoorden"),
    "no right answer": ((("A", False), ("B", False)), "Nu is er geen goed antwoord"),
}


@pytest.fixture
def good_beside_a_bad_question(db, request):
    """Lesson 'gan' holds one playable question (returned) and one bad one, nothing else."""
    Question.objects.filter(lesson_slug="gan").delete()
    choices, _ = BAD_QUESTIONS[request.param]
    make_question("gan", text="Kapotte vraag", choices=choices)
    return make_question("gan", text="Goede vraag")


@pytest.mark.parametrize("good_beside_a_bad_question", BAD_QUESTIONS, indirect=True)
def test_the_pupil_quiz_never_draws_a_bad_question(client, good_beside_a_bad_question):
    good = good_beside_a_bad_question
    assert list(Question.objects.active().playable().for_lesson("gan")) == [good]
    response = client.post(reverse("quiz:lesson", args=["gan"]))
    assert response.status_code == 303
    assert client.session["quiz"]["ids"] == [good.pk]

    good.delete()
    response = client.post(reverse("quiz:lesson", args=["gan"]))
    assert response.status_code == 409
    assert "Er zijn nog geen vragen voor deze quiz" in response.content.decode()


@pytest.mark.parametrize("good_beside_a_bad_question", BAD_QUESTIONS, indirect=True)
def test_klassikaal_never_serves_a_bad_question(client, good_beside_a_bad_question):
    good = good_beside_a_bad_question
    offered = client.get(reverse("classroom:new")).context["lessons"]
    assert {lesson.slug: count for lesson, count in offered}["gan"] == 1

    response = client.post(reverse("classroom:new"), {"aantal": 10, "les": ["gan"]})
    assert response.status_code == 302
    assert ClassSession.objects.latest("created").question_ids == [good.pk]

    good.delete()
    response = client.post(reverse("classroom:new"), {"aantal": 10, "les": ["gan"]})
    assert response.status_code == 409
    assert "Er zijn geen vragen voor deze keuze" in response.content.decode()


@pytest.mark.parametrize("name", BAD_QUESTIONS)
def test_the_admin_refuses_a_bad_question(staff_client, name):
    choices, message = BAD_QUESTIONS[name]
    before = Question.objects.count()
    response = staff_client.post(reverse("admin:quiz_question_add"), admin_form(*choices))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Question.objects.count() == before


@pytest.mark.parametrize(
    ("choice_count", "right_count", "problems"),
    [
        (2, 1, []),
        (4, 1, []),
        (1, 1, [eligibility.TOO_FEW_CHOICES]),
        (0, 0, [eligibility.TOO_FEW_CHOICES, eligibility.NO_RIGHT_CHOICE]),
        (3, 0, [eligibility.NO_RIGHT_CHOICE]),
        (3, 2, [eligibility.SEVERAL_RIGHT_CHOICES]),
    ],
)
def test_the_rule_names_every_problem(choice_count, right_count, problems):
    assert eligibility.problems(choice_count, right_count) == problems
