"""The result page: the score as a ring, and "Oefen je fouten", a quiz of exactly
the questions the pupil missed, with the quiz's own rules (first answer counts,
a reload or double post is safe, an old page gets 409)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from lessons import content
from quiz.models import Question
from quiz.rules import SESSION_KEY, QuizState
from tests.pages import parse
from tests.quiz.factories import make_question
from tests.spelling import misspelled

pytestmark = pytest.mark.django_db

PRACTISE = reverse("quiz:practise")
RESULT = reverse("quiz:result")


@pytest.fixture
def questions():
    """Two questions per lesson with four choices; the seeded ones are switched off."""
    Question.objects.update(is_active=False)
    return [
        make_question(
            lesson.slug,
            lesson_anchor=f"stuk-{n}",
            text=f"Vraag {n} over {lesson.title}?",
            choices=tuple((f"Antwoord {k} {lesson.slug} {n}", k == 1) for k in range(1, 5)),
        )
        for lesson in content.all_lessons()
        for n in (1, 2)
    ]


def state_of(client: Client) -> QuizState:
    state = QuizState.from_session(client.session[SESSION_KEY])
    assert state is not None
    return state


def answer(client: Client, number: int, *, right: bool):
    question = Question.objects.get(id=state_of(client).question_ids[number - 1])
    choice = question.choices.filter(is_correct=right).first()
    data = {"question": question.id, "choice": choice.id, "confidence": "zeker"}
    return client.post(reverse("quiz:question", args=[number]), data)


def finish(client: Client, wrong_at: set[int]) -> QuizState:
    """Answers every question of the quiz in the session, wrong at the given numbers."""
    state = state_of(client)
    for number in range(1, state.total + 1):
        assert answer(client, number, right=number not in wrong_at).status_code == 303
    return state_of(client)


def practise(client: Client, quiz: str, **extra):
    return client.post(PRACTISE, {"quiz": quiz}, **extra)


def test_practising_runs_exactly_the_missed_questions_in_quiz_order(client, questions):
    client.post(reverse("quiz:start"))
    done = finish(client, wrong_at={2, 5, 11})
    missed = [done.question_ids[n - 1] for n in (2, 5, 11)]

    page = client.get(RESULT).content.decode()
    assert "3 vragen fout" in page
    assert f'name="quiz" value="{done.seed}"' in page

    response = practise(client, done.seed)
    assert response.status_code == 303
    assert response["Location"] == reverse("quiz:question", args=[1])
    practice = state_of(client)
    assert practice.question_ids == missed
    assert practice.answers == []
    assert practice.practised_from == done.seed
    assert practice.seed != done.seed
    assert "Oefen je fouten" in client.get(reverse("quiz:question", args=[1])).content.decode()

    # Nothing else is asked: after three answers the quiz is over.
    asked = []
    for number in (1, 2, 3):
        asked.append(state_of(client).question_ids[number - 1])
        answer(client, number, right=number != 2)
    assert asked == missed
    assert client.get(reverse("quiz:question", args=[4])).status_code == 302
    result = client.get(RESULT)
    assert result.status_code == 200
    text = parse(result.content.decode()).text()
    assert "2 van de 3" in text
    # One still wrong: practise again, now only that one.
    assert "1 vraag fout" in text
    assert practise(client, state_of(client).seed).status_code == 303
    assert state_of(client).question_ids == [missed[1]]


def test_practising_a_lesson_quiz_stays_on_that_lesson(client, questions):
    client.post(reverse("quiz:lesson", args=["gan"]))
    done = finish(client, wrong_at={1})
    practise(client, done.seed)
    practice = state_of(client)
    assert practice.lesson_slug == "gan"
    assert practice.question_ids == [done.question_ids[0]]


def test_a_repeated_post_starts_the_practice_once(client, questions):
    client.post(reverse("quiz:start"))
    done = finish(client, wrong_at={1, 3})
    assert practise(client, done.seed).status_code == 303
    answer(client, 1, right=True)
    before = state_of(client)
    # Reload of the POST, a double click, the back button to the old result page.
    again = practise(client, done.seed)
    assert again.status_code == 303
    assert again["Location"] == reverse("quiz:question", args=[2])
    assert state_of(client) == before, "the answer given stays, no new practice quiz"
    answer(client, 2, right=True)
    assert practise(client, done.seed)["Location"] == RESULT


def test_a_post_from_an_older_quiz_page_is_refused(client, questions):
    client.post(reverse("quiz:start"))
    old = finish(client, wrong_at={1})
    client.post(reverse("quiz:start"))  # a new quiz in another tab
    response = practise(client, old.seed)
    assert response.status_code == 409
    assert "hoort bij een eerdere quiz" in response.content.decode()
    assert state_of(client).practised_from == ""
    assert practise(client, "").status_code == 409


def test_practising_waits_for_the_end_of_the_quiz(client, questions):
    client.post(reverse("quiz:start"))
    answer(client, 1, right=False)
    response = practise(client, state_of(client).seed)
    assert response.status_code == 409
    assert "Maak eerst je quiz af" in response.content.decode()
    assert state_of(client).practised_from == ""


def test_without_a_quiz_there_is_nothing_to_practise(client, questions):
    response = practise(client, "abc")
    assert response.status_code == 409
    assert "geen quiz lopen" in response.content.decode()
    assert client.get(PRACTISE).status_code == 405


def test_all_right_means_no_practice(client, questions):
    client.post(reverse("quiz:start"))
    done = finish(client, wrong_at=set())
    page = client.get(RESULT).content.decode()
    assert "Oefen je fouten" not in page
    response = practise(client, done.seed)
    assert response.status_code == 409
    assert "geen vragen fout" in response.content.decode()


def test_a_missed_question_switched_off_meanwhile_is_left_out(client, questions):
    client.post(reverse("quiz:start"))
    done = finish(client, wrong_at={1, 2})
    Question.objects.filter(id=done.question_ids[0]).update(is_active=False)
    practise(client, done.seed)
    assert state_of(client).question_ids == [done.question_ids[1]]


def test_practising_works_with_htmx_too(client, questions):
    client.post(reverse("quiz:start"))
    done = finish(client, wrong_at={4})
    response = practise(client, done.seed, HTTP_HX_REQUEST="true")
    # A plain redirect: htmx follows it, a browser without JS too.
    assert response.status_code == 303
    assert state_of(client).question_ids == [done.question_ids[3]]


def test_the_result_shows_the_score_as_a_ring_with_the_number_in_text(client, questions):
    client.post(reverse("quiz:start"))
    finish(client, wrong_at={1, 2, 3})  # 9 of 12: 75 %
    html = client.get(RESULT).content.decode()
    svg = re.search(r"<svg class=\"quiz-ring\".*?</svg>", html, re.S)
    assert svg is not None
    ring = svg.group(0)
    assert 'role="img"' in ring
    assert '<title id="quiz-ring-titel">75 procent goed</title>' in ring
    assert ">75%</text>" in ring
    # The arc is three quarters of the circle (2 pi 48 = 301.6), written with a point.
    dash = re.search(r'stroke-dasharray="([\d.]+) ([\d.]+)"', ring)
    assert dash is not None
    assert float(dash.group(1)) == pytest.approx(0.75 * float(dash.group(2)), abs=0.1)
    assert "9 van de 12" in parse(html).text()


def test_no_right_answers_draws_no_arc(client, questions):
    client.post(reverse("quiz:lesson", args=["gan"]))
    finish(client, wrong_at={1, 2})
    html = client.get(RESULT).content.decode()
    assert "quiz-ring__right" not in html
    assert ">0%</text>" in html


def test_the_result_page_with_practice_is_dutch_spelled_correctly(client, questions):
    client.post(reverse("quiz:start"))
    finish(client, wrong_at={1})
    text = parse(client.get(RESULT).content.decode()).text()
    assert misspelled(text) == []


def test_the_practice_quiz_keeps_the_quiz_rules(client, questions):
    client.post(reverse("quiz:start"))
    done = finish(client, wrong_at={3, 7})
    practise(client, done.seed)
    first, second = state_of(client).question_ids

    # An answer page of the finished quiz (its question 1), posted now: 409.
    old = Question.objects.get(id=done.question_ids[0])
    data = {"question": old.id, "choice": old.choices.first().id, "confidence": "zeker"}
    stale = client.post(reverse("quiz:question", args=[1]), data)
    assert stale.status_code == 409
    assert state_of(client).answers == []

    # The first answer counts: a second, different one is ignored.
    assert answer(client, 1, right=False).status_code == 303
    assert answer(client, 1, right=True).status_code == 303
    kept = state_of(client).answers
    assert [(a.question_id, a.correct) for a in kept] == [(first, False)]
    # A reload shows the same feedback.
    page = client.get(reverse("quiz:question", args=[1])).content.decode()
    assert "Helaas, dat klopt niet" in page
    assert second not in [a.question_id for a in kept]
