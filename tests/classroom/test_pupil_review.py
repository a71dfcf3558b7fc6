"""At the end of a class quiz, and after a nulmeting with eindmeting, the pupil's
phone shows every question with the right answer, the explanation and what the
pupil chose. Before the end it shows none of them in a session that measures."""

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from classroom import flow
from classroom.models import Answer, ClassSession, Participant
from tests.classroom.factories import (
    answer,
    join_as_pupil,
    make_question,
    right_choice,
    start_as_teacher,
    step,
    wrong_choice,
)
from tests.spelling import misspelled

pytestmark = pytest.mark.django_db

Phase = ClassSession.Phase


def screen_text(pupil: Client) -> str:
    html = pupil.get(reverse("classroom:play")).content.decode()
    main = re.search(r"<main.*?</main>", html, re.S)
    assert main
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", main.group(0))).split())


def test_after_the_last_question_every_pupil_sees_the_answers_and_why(client, questions):
    first, second = questions
    session = start_as_teacher(client, count=2)
    tijger, uil = join_as_pupil(session, "Tijger"), join_as_pupil(session, "Uil")
    for question, chosen in ((first, right_choice(first)), (second, wrong_choice(second))):
        step(client, session, "start" if question == first else "volgende")
        answer(tijger, question, chosen.pk)
        step(client, session, "onthullen")
    step(client, session, "volgende")

    text = screen_text(tijger)
    assert "De vragen en de goede antwoorden" in text
    for question in questions:
        assert f"{question.text} Het goede antwoord: {right_choice(question).text}" in text
        assert question.explanation in text
    assert f"Jouw antwoord: {right_choice(first).text} ✓ goed" in text
    assert f"Jouw antwoord: {wrong_choice(second).text} ✗ fout" in text
    assert text.index(first.text) < text.index(second.text)  # the order they were asked in
    assert misspelled(text) == []

    nothing = screen_text(uil)
    assert nothing.count("Jouw antwoord: geen antwoord") == 2
    assert all(q.explanation in nothing for q in questions)


@pytest.fixture
def measured():
    """A nulmeting and eindmeting of four questions with one pupil, and their phone."""
    questions = [make_question(f"Meetvraag {n}: wat klopt er?") for n in range(1, 5)]
    session = flow.start_session([q.pk for q in questions], measures=True)
    pupil = join_as_pupil(session, "Uil")
    return session, questions, pupil, Participant.objects.get(session=session)


def give(participant, question, *, right: bool, round: int) -> None:
    choice = right_choice(question) if right else wrong_choice(question)
    Answer.objects.create(
        participant=participant,
        question=question,
        choice=choice,
        confidence="twijfel",
        correct=right,
        round=round,
    )


def move_to(session: ClassSession, phase: str, round: int, index: int = 0) -> None:
    session.phase, session.round, session.current_index = phase, round, index
    session.save()


def test_after_the_eindmeting_the_pupil_sees_both_answers_and_the_explanations(measured):
    session, questions, pupil, uil = measured
    first, second, *_ = questions
    give(uil, first, right=False, round=1)
    give(uil, first, right=True, round=2)
    give(uil, second, right=True, round=2)
    move_to(session, Phase.FINISHED, round=2)

    text = screen_text(pupil)
    assert f"Nulmeting: {wrong_choice(first).text} ✗ fout" in text
    assert f"Eindmeting: {right_choice(first).text} ✓ goed" in text
    assert f"Nulmeting: geen antwoord Eindmeting: {right_choice(second).text} ✓ goed" in text
    assert text.count("Het goede antwoord:") == 4
    assert text.count(first.explanation) == 4  # the factory gives each the same explanation
    assert misspelled(text) == []


@pytest.mark.parametrize("phase", [Phase.QUESTION, Phase.PAUSE])
def test_before_the_eindmeting_no_answer_is_given_away(measured, phase):
    session, questions, pupil, uil = measured
    give(uil, questions[0], right=False, round=1)
    move_to(session, phase, round=1)

    text = screen_text(pupil)
    assert "Het goede antwoord" not in text
    assert questions[0].explanation not in text
    assert "zie je aan het eind" in text or "Daarna zie je de goede antwoorden" in text
