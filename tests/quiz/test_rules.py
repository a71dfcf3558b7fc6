"""The quiz's rules (lessons/quiz.py): draw, answers, score and feedback."""

import random
from collections import Counter
from dataclasses import dataclass

import pytest

from lessons import content
from lessons.quiz import (
    CONFIDENCE_LEVELS,
    Answer,
    Candidate,
    QuizState,
    Verdict,
    confidence_feedback,
    draw,
    lesson_breakdown,
    score,
    section_label,
)


@dataclass
class FakeQuestion:
    lesson_slug: str
    lesson_anchor: str


def answers(*specs: tuple[str, bool]) -> list[Answer]:
    """Answers to questions 1, 2, 3, … from (confidence, correct) pairs."""
    return [Answer(i, 100 + i, conf, ok) for i, (conf, ok) in enumerate(specs, start=1)]


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
    state = QuizState(question_ids=[3, 1, 2], lesson_slug="gan")
    state.record(Answer(3, 31, "gok", False))
    raw = state.to_session()
    assert raw == {"lesson": "gan", "ids": [3, 1, 2], "answers": [[3, 31, "gok", False]]}
    assert QuizState.from_session(raw) == state


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


# --- score and breakdown ----------------------------------------------------


def test_it_scores_right_answers_out_of_all_answers():
    result = score(answers(("zeker", True), ("gok", False), ("twijfel", True)))
    assert (result.right, result.total, result.percent) == (2, 3, 67)


def test_it_scores_no_answers_as_zero():
    assert score([]).percent == 0


def test_it_breaks_the_score_down_per_lesson_with_sections_to_reread():
    questions = {
        1: FakeQuestion("herkennen", "knipperen"),
        2: FakeQuestion("wat-is-een-deepfake", "het-woord"),
        3: FakeQuestion("herkennen", "controleer-de-bron"),
        4: FakeQuestion("herkennen", "knipperen"),
        5: FakeQuestion("wat-is-een-deepfake", "apps"),
    }
    given = [
        Answer(1, 10, "zeker", False),
        Answer(2, 20, "zeker", True),
        Answer(3, 30, "gok", True),
        Answer(4, 40, "twijfel", False),
        Answer(5, 50, "gok", True),
    ]
    first, second = lesson_breakdown(given, questions)

    assert (first.lesson_slug, first.right, first.total) == ("wat-is-een-deepfake", 2, 2)
    assert first.all_right
    assert first.to_reread == ()

    assert (second.lesson_slug, second.right, second.total) == ("herkennen", 1, 3)
    assert not second.all_right
    # Two wrong answers about blinking: one section to re-read, not two.
    assert [(s.anchor, s.label) for s in second.to_reread] == [("knipperen", "Knipperen")]
    assert second.title == content.get_lesson("herkennen").title


def test_it_leaves_out_answers_to_unknown_questions_in_the_breakdown():
    questions = {1: FakeQuestion("gan", "ronde-na-ronde")}
    given = [Answer(1, 10, "zeker", True), Answer(2, 20, "zeker", False)]
    [only] = lesson_breakdown(given, questions)
    assert (only.lesson_slug, only.right, only.total) == ("gan", 1, 1)


def test_it_names_every_contract_section_and_falls_back_for_new_ones():
    assert section_label("gevaren", "wat-doe-je") == "Wat doe je als het gebeurt?"
    assert section_label("gevaren", "nieuw-stuk") == "Nieuw stuk"


# --- confidence feedback ----------------------------------------------------


def test_it_counts_right_answers_per_confidence_level():
    feedback = confidence_feedback(
        answers(("zeker", True), ("zeker", False), ("twijfel", True), ("gok", False))
    )
    table = {row.level: (row.right, row.total) for row in feedback.rows}
    assert table == {"zeker": (1, 2), "twijfel": (1, 1), "gok": (0, 1)}
    assert [row.level for row in feedback.rows] == list(CONFIDENCE_LEVELS)


def test_it_calls_a_pupil_overconfident_when_sure_answers_are_often_wrong():
    feedback = confidence_feedback(
        answers(("zeker", True), ("zeker", False), ("zeker", False), ("gok", True))
    )
    assert feedback.verdict == Verdict.OVERCONFIDENT
    assert feedback.sure_but_wrong == 2
    assert "bij 2 van je 3 antwoorden met ‘zeker’" in feedback.message


def test_it_calls_a_pupil_underconfident_when_doubtful_answers_are_mostly_right():
    feedback = confidence_feedback(
        answers(("gok", True), ("twijfel", True), ("twijfel", True), ("zeker", True))
    )
    assert feedback.verdict == Verdict.UNDERCONFIDENT
    assert "3 van je 3 antwoorden met ‘twijfel’ of ‘gok’" in feedback.message


def test_it_calls_a_pupil_calibrated_when_certainty_matches_the_answers():
    feedback = confidence_feedback(
        answers(
            ("zeker", True),
            ("zeker", True),
            ("zeker", True),
            ("zeker", False),
            ("gok", False),
            ("twijfel", True),
            ("twijfel", False),
        )
    )
    assert feedback.verdict == Verdict.CALIBRATED
    assert feedback.sure_but_wrong == 1


def test_it_calls_a_pupil_cautious_who_was_never_sure_and_rightly_so():
    feedback = confidence_feedback(
        answers(("gok", True), ("gok", False), ("twijfel", False), ("twijfel", True))
    )
    assert feedback.verdict == Verdict.CAUTIOUS
    assert "2 van de 4 goed" in feedback.message
    assert feedback.sure_but_wrong == 0


def test_overconfidence_wins_when_both_groups_tell_a_story():
    feedback = confidence_feedback(
        answers(("zeker", False), ("zeker", False), ("gok", True), ("gok", True))
    )
    assert feedback.verdict == Verdict.OVERCONFIDENT


def test_it_gives_no_verdict_on_too_few_answers():
    feedback = confidence_feedback(answers(("zeker", False), ("zeker", False)))
    assert feedback.verdict == Verdict.TOO_FEW
    assert feedback.message
