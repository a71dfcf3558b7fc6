"""Teachers add and edit quiz questions in the admin; it refuses broken ones."""

import pytest
from django.urls import reverse

from quiz.models import Question
from tests.quiz.factories import admin_form as question_form
from tests.quiz.factories import make_question

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:quiz_question_add")


def errors_of(response) -> str:
    return response.content.decode()


def test_a_teacher_adds_a_question_with_its_answers(staff_client):
    before = Question.objects.count()
    response = staff_client.post(
        ADD_URL, question_form(("Zo’n 26 keer", True), ("Zo’n 2 keer", False))
    )
    assert response.status_code == 302
    assert Question.objects.count() == before + 1
    question = Question.objects.latest("id")
    assert question.correct_choice().text == "Zo’n 26 keer"
    assert question.choices.count() == 2
    assert question in Question.objects.active().playable().for_lesson("herkennen")


def test_it_refuses_a_question_without_a_right_answer(staff_client):
    before = Question.objects.count()
    response = staff_client.post(ADD_URL, question_form(("A", False), ("B", False)))
    assert response.status_code == 200
    assert "Nu is er geen goed antwoord" in errors_of(response)
    assert Question.objects.count() == before


def test_it_refuses_a_question_with_two_right_answers(staff_client):
    before = Question.objects.count()
    response = staff_client.post(ADD_URL, question_form(("A", True), ("B", True), ("C", False)))
    assert "Nu zijn er 2 aangevinkt" in errors_of(response)
    assert Question.objects.count() == before


def test_it_refuses_a_question_with_one_answer(staff_client):
    before = Question.objects.count()
    response = staff_client.post(ADD_URL, question_form(("Alleen dit", True)))
    assert "minstens twee antwoorden" in errors_of(response)
    assert Question.objects.count() == before


def test_it_refuses_a_true_false_question_with_other_answers(staff_client):
    before = Question.objects.count()
    response = staff_client.post(
        ADD_URL, question_form(("Ja", True), ("Nee", False), kind="waar_niet_waar")
    )
    assert "precies ‘Waar’ en ‘Niet waar’" in errors_of(response)
    assert Question.objects.count() == before

    response = staff_client.post(
        ADD_URL, question_form(("Waar", False), ("Niet waar", True), kind="waar_niet_waar")
    )
    assert response.status_code == 302
    assert Question.objects.count() == before + 1


def test_it_refuses_a_situation_question_without_a_situation(staff_client):
    response = staff_client.post(ADD_URL, question_form(("A", True), ("B", False), kind="situatie"))
    assert "Beschrijf bij een situatievraag wat er gebeurt" in errors_of(response)


def test_it_refuses_a_section_of_another_lesson(staff_client):
    response = staff_client.post(
        ADD_URL, question_form(("A", True), ("B", False), lesson="gan", anchor="knipperen")
    )
    assert "Dit stuk hoort bij een andere les" in errors_of(response)


def test_removing_the_right_answer_of_an_existing_question_is_refused(staff_client):
    question = make_question(choices=(("Goed", True), ("Fout", False)))
    right, wrong = question.choices.order_by("order")
    data = question_form(
        ("Goed", False), ("Fout", False), lesson=question.lesson_slug, anchor="maker-en-checker"
    )
    data.update(
        {
            "choices-TOTAL_FORMS": "2",
            "choices-INITIAL_FORMS": "2",
            "choices-0-id": str(right.id),
            "choices-0-question": str(question.id),
            "choices-1-id": str(wrong.id),
            "choices-1-question": str(question.id),
        }
    )
    url = reverse("admin:quiz_question_change", args=[question.id])
    response = staff_client.post(url, data)
    assert "Nu is er geen goed antwoord" in errors_of(response)
    right.refresh_from_db()
    assert right.is_correct


def test_the_admin_lists_and_opens_the_seeded_questions(staff_client):
    response = staff_client.get(reverse("admin:quiz_question_changelist"))
    assert response.status_code == 200
    question = Question.objects.first()
    change = staff_client.get(reverse("admin:quiz_question_change", args=[question.id]))
    assert change.status_code == 200
    assert "Les 7: Hoe herken je een deepfake?" in change.content.decode()


def test_pupils_cannot_reach_the_admin(client):
    response = client.get(ADD_URL)
    assert response.status_code == 302
    assert "login" in response["Location"]
