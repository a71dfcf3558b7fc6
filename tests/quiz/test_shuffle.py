"""The choices are shown in a shuffled order: the same for one pupil's quiz (reload,
back button, feedback), another for the next quiz; true/false keeps its order,
and the right answer is known by its id wherever it stands."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from quiz.models import Question
from quiz.rules import SESSION_KEY, TRUE_FALSE_KIND, QuizState, shown_order
from tests.quiz.factories import make_question

ROOT = Path(__file__).resolve().parents[2]
LESSON = "gan"
FOUR = tuple((f"Antwoord {n}", n == 1) for n in range(1, 5))


# --- the rule ------------------------------------------------------------------


def test_one_seed_gives_one_order_every_time():
    choices = ["a", "b", "c", "d"]
    first = shown_order(choices, kind="meerkeuze", seed="abc", question_id=7)
    assert sorted(first) == choices
    for _ in range(5):
        assert shown_order(choices, kind="meerkeuze", seed="abc", question_id=7) == first
    assert choices == ["a", "b", "c", "d"], "the caller's list is left alone"


def test_other_seeds_and_other_questions_give_other_orders():
    choices = ["a", "b", "c", "d"]
    by_seed = {
        tuple(shown_order(choices, kind="meerkeuze", seed=s, question_id=7)) for s in "abcdef"
    }
    by_question = {
        tuple(shown_order(choices, kind="meerkeuze", seed="abc", question_id=q)) for q in range(6)
    }
    assert len(by_seed) >= 2
    assert len(by_question) >= 2


def test_true_false_keeps_its_natural_order():
    choices = ["Waar", "Niet waar"]
    for seed in ("a", "b", "c", "d", "e", "f", "g", "h"):
        assert shown_order(choices, kind=TRUE_FALSE_KIND, seed=seed, question_id=3) == choices


def test_the_true_false_kind_is_the_models_own():
    assert Question.Kind.TRUE_FALSE == TRUE_FALSE_KIND


def test_the_order_does_not_depend_on_the_process():
    """Two web workers (each with its own hash salt) must show the same order."""
    script = (
        "from quiz.rules import shown_order;"
        "print(shown_order(list('abcdefgh'), kind='meerkeuze', seed='5eed', question_id=42))"
    )
    outputs = set()
    for hash_seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "DJANGO_DEBUG": "1"}
        run = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        outputs.add(run.stdout.strip())
    assert len(outputs) == 1


# --- in the pupil's quiz ---------------------------------------------------------


@pytest.fixture
def four_option_quiz(db):
    """Exactly five questions in one lesson, four choices each: a lesson quiz draws them all."""
    Question.objects.update(is_active=False)
    return [
        make_question(LESSON, text=f"Vraag {n}?", choices=FOUR, lesson_anchor="maker-en-checker")
        for n in range(1, 6)
    ]


def start(client: Client) -> QuizState:
    response = client.post(reverse("quiz:lesson", args=[LESSON]))
    assert response.status_code == 303
    state = QuizState.from_session(client.session[SESSION_KEY])
    assert state is not None
    return state


def shown_ids(client: Client, number: int) -> list[int]:
    """The choice ids of the form on question `number`, top to bottom."""
    html = client.get(reverse("quiz:question", args=[number])).content.decode()
    return [int(i) for i in re.findall(r'name="choice" id="keuze-(\d+)"', html)]


def shown_texts(client: Client, number: int) -> list[str]:
    """The answers of an answered question, as the feedback lists them."""
    html = client.get(reverse("quiz:question", args=[number])).content.decode()
    done = html.split('class="quiz-choices-done"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r"Antwoord \d", done)


def post_answer(client: Client, number: int, question_id: int, choice_id: int):
    data = {"question": question_id, "choice": choice_id, "confidence": "twijfel"}
    return client.post(reverse("quiz:question", args=[number]), data)


@pytest.mark.django_db
def test_a_reload_and_the_back_button_show_the_same_order(client, four_option_quiz):
    state = start(client)
    first = shown_ids(client, 1)
    assert sorted(first) == sorted(
        Question.objects.get(id=state.question_ids[0]).choices.values_list("id", flat=True)
    )
    assert shown_ids(client, 1) == first  # reload

    post_answer(client, 1, state.question_ids[0], first[-1])
    texts = {c.id: c.text for c in Question.objects.get(id=state.question_ids[0]).choices.all()}
    # The feedback lists the answers in the order they were offered.
    assert shown_texts(client, 1) == [texts[i] for i in first]
    second = shown_ids(client, 2)
    post_answer(client, 2, state.question_ids[1], second[0])
    shown_ids(client, 3)
    # Back to question 2: the same order as when it was answered.
    assert shown_texts(client, 2) == [
        c.text
        for i in second
        for c in Question.objects.get(id=state.question_ids[1]).choices.all()
        if c.id == i
    ]


@pytest.mark.django_db
def test_another_quiz_shows_other_orders(four_option_quiz):
    orders: dict[int, set[tuple[int, ...]]] = {q.id: set() for q in four_option_quiz}
    seeds = set()
    for _ in range(6):
        client = Client()
        state = start(client)
        seeds.add(state.seed)
        for number, question_id in enumerate(state.question_ids, start=1):
            ids = shown_ids(client, number)
            orders[question_id].add(tuple(ids))
            post_answer(client, number, question_id, ids[0])
    assert len(seeds) == 6
    # Six quizzes, four choices: the same order six times would be a 1 in 24^5 chance
    # per question; here not one question may show a single order.
    assert all(len(seen) >= 2 for seen in orders.values()), orders


@pytest.mark.django_db
def test_starting_again_in_the_same_browser_makes_a_new_order(client, four_option_quiz):
    seen = set()
    for _ in range(5):
        state = start(client)
        question_id = four_option_quiz[0].id
        number = state.question_ids.index(question_id) + 1
        # Reach that question by answering the ones before it.
        for n in range(1, number):
            post_answer(client, n, state.question_ids[n - 1], shown_ids(client, n)[0])
        seen.add(tuple(shown_ids(client, number)))
    assert len(seen) >= 2


@pytest.mark.django_db
def test_true_false_is_not_shuffled_in_the_quiz(client):
    Question.objects.update(is_active=False)
    question = make_question(
        LESSON,
        kind=Question.Kind.TRUE_FALSE,
        text="Een checker maakt beelden.",
        choices=(("Waar", False), ("Niet waar", True)),
    )
    natural = list(question.choices.order_by("order").values_list("id", flat=True))
    for _ in range(6):
        client = Client()
        start(client)
        assert shown_ids(client, 1) == natural


@pytest.mark.django_db
def test_the_right_answer_is_known_by_its_id_wherever_it_stands(four_option_quiz):
    positions = set()
    for _ in range(6):
        client = Client()
        state = start(client)
        for number, question_id in enumerate(state.question_ids, start=1):
            ids = shown_ids(client, number)
            right = Question.objects.get(id=question_id).choices.get(is_correct=True).id
            positions.add(ids.index(right))
            # Every other question the right one, the others wrong: scored by id.
            picked = right if number % 2 else next(i for i in ids if i != right)
            assert post_answer(client, number, question_id, picked).status_code == 303
        state = QuizState.from_session(client.session[SESSION_KEY])
        assert [a.correct for a in state.answers] == [True, False, True, False, True]
        assert [a.choice_id for a in state.answers][::2] == [
            Question.objects.get(id=q).choices.get(is_correct=True).id
            for q in state.question_ids[::2]
        ]
    # The right answer was not always in the same place.
    assert len(positions) >= 2
