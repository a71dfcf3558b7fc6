"""Nulmeting and eindmeting with at most one teacher click per question: the next
question opens by itself when every pupil has answered or the time is up; five
questions unless the teacher chooses otherwise; a comparison per question."""

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from classroom import flow, results
from classroom.models import ClassSession
from quiz.models import Question
from tests.classroom.factories import answer, join_as_pupil, make_question, right_choice, step

Phase = ClassSession.Phase


@pytest.fixture
def six_questions():
    return [make_question(f"Meetvraag {n}: wat klopt?", right=f"Goed {n}") for n in range(1, 7)]


def start_measuring(teacher: Client, **form) -> ClassSession:
    response = teacher.post(reverse("classroom:new"), {"aantal": 10, "soort": "meting", **form})
    assert response.status_code == 302, response.content.decode()
    return ClassSession.objects.latest("created")


def current(session: ClassSession) -> ClassSession:
    session.refresh_from_db()
    return session


def everyone_answers(session: ClassSession, pupils: list[Client]) -> None:
    question = current(session).current_question()
    assert question is not None
    for pupil in pupils:
        assert answer(pupil, question, right_choice(question).pk).status_code == 302


def test_a_nulmeting_has_five_questions_unless_the_teacher_chooses(six_questions):
    # The count field still shows a quiz's 10: a nulmeting makes that 5.
    assert start_measuring(Client()).question_count == flow.MEASURE_DEFAULT_QUESTIONS == 5
    assert start_measuring(Client(), aantal="").question_count == 5
    assert start_measuring(Client(), aantal=6).question_count == 6
    assert start_measuring(Client(), aantal=4).question_count == 4
    refused = Client().post(reverse("classroom:new"), {"aantal": 9, "soort": "meting"})
    assert refused.status_code == 400
    # A quiz keeps the count it was given.
    quiz = Client().post(reverse("classroom:new"), {"aantal": 10})
    assert quiz.status_code == 302
    assert ClassSession.objects.latest("created").question_count == 6  # all there are


def test_the_next_question_opens_when_every_pupil_has_answered(six_questions):
    teacher = Client()
    session = start_measuring(teacher)
    pupils = [join_as_pupil(session, name) for name in ("Uil", "Vos", "Das")]
    step(teacher, session, "start")
    first = current(session).current_question()
    everyone_answers(session, pupils[:2])
    assert (current(session).phase, session.current_index) == (Phase.QUESTION, 0)
    version = session.version
    assert answer(pupils[2], first, right_choice(first).pk).status_code == 302
    assert (current(session).phase, session.current_index) == (Phase.QUESTION, 1)
    assert session.version == version + 1  # the phones and the board show it
    # The last question of the nulmeting leads to the pause by itself.
    for _ in range(4):
        everyone_answers(session, pupils)
    assert current(session).phase == Phase.PAUSE
    # And the last one of the eindmeting to the results.
    step(teacher, session, "eindmeting")
    for _ in range(5):
        everyone_answers(session, pupils)
    assert current(session).phase == Phase.FINISHED
    assert (
        "Wat de klas leerde"
        in teacher.get(reverse("classroom:board", args=[session.code])).content.decode()
    )


def test_a_quiz_still_waits_for_the_teacher_when_everyone_answered(six_questions):
    teacher = Client()
    teacher.post(reverse("classroom:new"), {"aantal": 2})
    session = ClassSession.objects.latest("created")
    pupil = join_as_pupil(session, "Uil")
    step(teacher, session, "start")
    everyone_answers(session, [pupil])
    assert (current(session).phase, session.current_index) == (Phase.QUESTION, 0)


def test_the_timer_opens_the_next_question_of_a_measuring_round(six_questions):
    teacher = Client()
    session = start_measuring(teacher, tijd="20")
    join_as_pupil(session, "Uil")
    step(teacher, session, "start")
    deadline = current(session).deadline
    assert deadline is not None
    later = deadline + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        # Only the board's poll runs: nobody pressed anything.
        board = teacher.get(reverse("classroom:board", args=[session.code])).content.decode()
        assert "Vraag 2 van 5" in board
        assert (current(session).phase, session.current_index) == (Phase.QUESTION, 1)
        assert session.deadline == later + timedelta(seconds=20)


def test_a_click_just_after_the_timer_moved_on_skips_no_question(six_questions):
    teacher = Client()
    session = start_measuring(teacher, tijd="20")
    step(teacher, session, "start")
    seen = current(session).version
    later = session.deadline + timedelta(seconds=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = teacher.post(
            reverse("classroom:step", args=[session.code]), {"stap": "volgende", "versie": seen}
        )
    assert response.status_code == 302
    assert current(session).current_index == 1


def test_the_board_offers_one_button_per_question_while_measuring(six_questions):
    teacher = Client()
    session = start_measuring(teacher, tijd="30")
    join_as_pupil(session, "Uil")
    step(teacher, session, "start")
    board = teacher.get(reverse("classroom:board", args=[session.code])).content.decode()
    assert 'value="volgende">Volgende vraag</button>' in board
    assert "Stop met antwoorden" not in board
    assert "Dit gaat ook vanzelf, als iedereen heeft geantwoord of als de tijd om is." in board
    assert step(teacher, session, "volgende").status_code == 302
    assert current(session).current_index == 1


def play_measuring_session(pupils_who_answer: int, silent_pupils: int, **form) -> int:
    """A whole nulmeting and eindmeting of five questions; the teacher clicks only
    what the board still needs. Returns the teacher's clicks."""
    teacher = Client()
    session = start_measuring(teacher, **form)
    answering = [join_as_pupil(session, f"Leerling{n}") for n in range(pupils_who_answer)]
    for n in range(silent_pupils):
        join_as_pupil(session, f"Stil{n}")
    clicks = 0
    for first_step in ("start", "eindmeting"):
        assert step(teacher, session, first_step).status_code == 302
        clicks += 1
        while current(session).phase == Phase.QUESTION:
            index = session.current_index
            everyone_answers(session, answering)
            if current(session).phase == Phase.QUESTION and session.current_index == index:
                assert step(teacher, session, "volgende").status_code == 302
                clicks += 1
    assert current(session).phase == Phase.FINISHED
    return clicks


def test_a_nulmeting_and_eindmeting_take_two_to_twelve_teacher_clicks(six_questions):
    """Before: start, then "stop met antwoorden" and "volgende" for each question,
    in both rounds: 1 + 2×5 + 1 + 2×5 = 22 clicks for five questions."""
    # Every pupil answers: only the two starts.
    assert play_measuring_session(pupils_who_answer=3, silent_pupils=0) == 2
    # One pupil never answers and there is no timer: one click per question.
    assert play_measuring_session(pupils_who_answer=3, silent_pupils=1) == 2 + 2 * 5


def test_a_question_gain_says_better_worse_or_the_same_as_shown():
    question = Question(text="?")
    gain = results.QuestionGain
    assert gain(1, question, 0.4, 0.8).change == "beter"
    assert gain(1, question, 0.8, 0.4).change == "minder"
    assert gain(1, question, 0.5, 0.5).change == "gelijk"
    # 66.6% and 67.0% both show as 67%: the same, as the numbers say.
    assert gain(1, question, 2 / 3, 0.67).change == "gelijk"
    assert gain(1, question, None, 0.5).change == ""
    assert gain(1, question, None, 0.5).before_percent == "–"
