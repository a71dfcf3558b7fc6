"""What the answers add up to (quiz/scoring.py): score, breakdown and feedback."""

from dataclasses import dataclass

from lessons import content
from quiz.rules import CONFIDENCE_LEVELS, Answer
from quiz.scoring import Verdict, confidence_feedback, lesson_breakdown, score


@dataclass
class FakeQuestion:
    lesson_slug: str
    lesson_anchor: str


def answers(*specs: tuple[str, bool]) -> list[Answer]:
    """Answers to questions 1, 2, 3, … from (confidence, correct) pairs."""
    return [Answer(i, 100 + i, conf, ok) for i, (conf, ok) in enumerate(specs, start=1)]


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
