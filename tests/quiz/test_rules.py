"""The quiz's rules (quiz/rules.py): drawing questions and keeping answers."""

import random
from collections import Counter

import pytest

from lessons import content
from quiz.rules import Answer, Candidate, QuizState, draw


def lesson_slugs() -> list[str]:
    return [le.slug for le in content.all_lessons()]


# --- draw -------------------------------------------------------------------


def pool(per_lesson: int) -> list[Candidate]:
    return [
        Candidate(id=i * 100 + n, lesson_slug=slug)
        for i, slug in enumerate(lesson_slugs(), start=1)
        for n in range(per_lesson)
    ]


def test_it_spreads_a_whole_quiz_over_all_lessons():
    candidates = pool(per_lesson=5)
    lesson_of = {c.id: c.lesson_slug for c in candidates}
    for seed in range(20):
        ids = draw(candidates, 12, random.Random(seed))
        per_lesson = Counter(lesson_of[i] for i in ids)
        assert len(ids) == 12
        assert len(set(ids)) == 12
        assert set(per_lesson) == set(lesson_slugs())
        assert set(per_lesson.values()) <= {1, 2}


def test_it_orders_the_draw_by_lesson():
    candidates = pool(per_lesson=4)
    lesson_of = {c.id: c.lesson_slug for c in candidates}
    ids = draw(candidates, 12, random.Random(3))
    orders = [content.get_lesson(lesson_of[i]).order for i in ids]
    assert orders == sorted(orders)


def test_it_draws_different_questions_on_a_new_draw():
    candidates = pool(per_lesson=5)
    draws = {tuple(draw(candidates, 12, random.Random(seed))) for seed in range(5)}
    assert len(draws) > 1


def test_it_draws_all_it_has_when_the_pool_is_small():
    candidates = [Candidate(1, "gan"), Candidate(2, "gan"), Candidate(3, "gevaren")]
    assert sorted(draw(candidates, 12, random.Random(1))) == [1, 2, 3]


def test_it_draws_nothing_from_an_empty_pool():
    assert draw([], 12) == []


# --- session state ----------------------------------------------------------


def test_it_counts_only_the_first_answer_to_a_question():
    state = QuizState(question_ids=[7, 8])
    assert state.record(Answer(7, 70, "zeker", False)) is True
    assert state.record(Answer(7, 71, "gok", True)) is False
    assert state.answers == [Answer(7, 70, "zeker", False)]
    assert state.current_position == 2


def test_it_refuses_an_answer_to_a_question_outside_the_draw():
    state = QuizState(question_ids=[7, 8])
    with pytest.raises(ValueError):
        state.record(Answer(9, 90, "zeker", True))


def test_it_knows_when_the_quiz_is_finished():
    state = QuizState(question_ids=[7, 8])
    state.record(Answer(8, 80, "twijfel", True))
    assert state.current_position == 1
    assert not state.is_finished
    state.record(Answer(7, 70, "gok", True))
    assert state.current_position is None
    assert state.is_finished


def test_it_round_trips_through_the_session_as_small_plain_data():
    state = QuizState(question_ids=[3, 1, 2], lesson_slug="gan", seed="5eed")
    state.record(Answer(3, 31, "gok", False))
    raw = state.to_session()
    assert raw == {
        "lesson": "gan",
        "ids": [3, 1, 2],
        "answers": [[3, 31, "gok", False]],
        "seed": "5eed",
        "from": "",
    }
    assert QuizState.from_session(raw) == state


def test_a_quiz_kept_before_seeds_existed_gets_a_seed():
    state = QuizState.from_session({"lesson": "", "ids": [1, 2], "answers": []})
    assert state is not None
    assert len(state.seed) == 16


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "rubbish",
        {},
        {"ids": []},
        {"ids": ["x"]},
        {"ids": [1], "answers": [[1, 2, "heel zeker", True]]},
        {"ids": [1], "answers": [[5, 2, "zeker", True]]},
        {"ids": [1], "answers": [[1, 2]]},
    ],
)
def test_it_treats_unreadable_session_data_as_no_quiz(raw):
    assert QuizState.from_session(raw) is None


def test_it_forgets_questions_that_were_deleted():
    state = QuizState(question_ids=[1, 2, 3], answers=[Answer(2, 20, "zeker", True)])
    state.keep_only([1, 3])
    assert state.question_ids == [1, 3]
    assert state.answers == []
