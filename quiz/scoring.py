"""What a pupil's answers add up to: the score, what to re-read per lesson, and
how well their certainty matched their answers. Plain data, no Django; shared
by the pupil's own quiz and Klassikaal.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from common.svg import Scale, coord
from lessons import content
from lessons.sections import section_label
from quiz.rules import CONFIDENCE_CHOICES, Answer

# "Zeker" should mean right at least three times out of four; below that the
# certainty was not earned. Fewer than MIN_ANSWERS_PER_GROUP answers in a group
# say too little to judge it.
SURE_ENOUGH = 0.75
MIN_ANSWERS_PER_GROUP = 2
MIN_ANSWERS_FOR_FEEDBACK = 3


@dataclass(frozen=True)
class Score:
    right: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.right / self.total) if self.total else 0


def score(answers: Sequence[Answer]) -> Score:
    return Score(right=sum(a.correct for a in answers), total=len(answers))


# The score ring on the result page: a circle of radius RING_RADIUS in a square
# of RING_SIZE user units, filled clockwise from the top for the share right.
RING_SIZE = 120
RING_RADIUS = 48
RING_WIDTH = 16


@dataclass(frozen=True)
class ScoreRing:
    """SVG attributes (strings with a decimal point) of the score ring."""

    size: int
    centre: str
    radius: str
    width: int
    # stroke-dasharray of the filled arc: the arc, then the rest of the circle.
    dash: str


def score_ring(result: Score) -> ScoreRing:
    circumference = 2 * math.pi * RING_RADIUS
    arc = Scale(0, result.total or 1, 0, circumference)(result.right)
    return ScoreRing(
        size=RING_SIZE,
        centre=coord(RING_SIZE / 2),
        radius=coord(RING_RADIUS),
        width=RING_WIDTH,
        dash=f"{coord(arc)} {coord(circumference)}",
    )


class HasLessonSection(Protocol):
    """Anything that says which lesson section covers it (a Question will do)."""

    lesson_slug: str
    lesson_anchor: str


@dataclass(frozen=True)
class Section:
    lesson_slug: str
    anchor: str
    label: str


@dataclass(frozen=True)
class LessonResult:
    lesson_slug: str
    title: str
    order: int
    right: int
    total: int
    # Sections that cover the questions answered wrongly, in question order.
    to_reread: tuple[Section, ...]

    @property
    def all_right(self) -> bool:
        return self.right == self.total


def lesson_breakdown(
    answers: Sequence[Answer], questions: Mapping[int, HasLessonSection]
) -> list[LessonResult]:
    """Right and total per lesson, in course order, with the sections to re-read.

    `questions` maps a question id to its lesson section; answers to questions
    missing from it are left out.
    """
    grouped: dict[str, list[Answer]] = {}
    for a in answers:
        if a.question_id in questions:
            grouped.setdefault(questions[a.question_id].lesson_slug, []).append(a)

    results = []
    for slug, lesson_answers in grouped.items():
        lesson = content.get_lesson(slug)
        sections: list[Section] = []
        for a in lesson_answers:
            anchor = questions[a.question_id].lesson_anchor
            section = Section(slug, anchor, section_label(slug, anchor) if anchor else "")
            if not a.correct and section not in sections:
                sections.append(section)
        results.append(
            LessonResult(
                lesson_slug=slug,
                title=lesson.title if lesson else slug,
                order=lesson.order if lesson else 999,
                right=sum(a.correct for a in lesson_answers),
                total=len(lesson_answers),
                to_reread=tuple(sections),
            )
        )
    return sorted(results, key=lambda r: r.order)


@dataclass(frozen=True)
class ConfidenceRow:
    level: str
    label: str
    total: int
    right: int

    @property
    def wrong(self) -> int:
        return self.total - self.right


class Verdict:
    CALIBRATED = "calibrated"
    OVERCONFIDENT = "overconfident"
    UNDERCONFIDENT = "underconfident"
    # Never sure, and rightly so: the doubtful answers were often wrong.
    CAUTIOUS = "cautious"
    TOO_FEW = "too_few"


@dataclass(frozen=True)
class ConfidenceFeedback:
    rows: tuple[ConfidenceRow, ...]
    verdict: str
    message: str
    # Answers given as "zeker" that were wrong: the number the lesson is about.
    sure_but_wrong: int


VERDICT_MESSAGES = {
    Verdict.OVERCONFIDENT: (
        "Je was vaak zeker, maar niet altijd terecht: bij {sure_wrong} van je {sure_total} "
        "antwoorden met ‘zeker’ zat je ernaast. Dat overkomt bijna iedereen. In een onderzoek "
        "uit 2022 zagen mensen maar 48 van de 100 keer goed of een gezicht echt was of door AI "
        "gemaakt. Dat is minder dan gokken. Twijfel dus gerust, en controleer de bron."
    ),
    Verdict.UNDERCONFIDENT: (
        "Je twijfelde vaak, maar je had het meestal goed: {unsure_right} van je {unsure_total} "
        "antwoorden met ‘twijfel’ of ‘gok’ waren goed. Je weet meer dan je denkt! Twijfelen "
        "blijft wel slim bij beelden en stemmen: controleer altijd de bron."
    ),
    Verdict.CALIBRATED: (
        "Je gevoel klopte: als je zeker was, had je het meestal goed. Zo hoort het. Bij echte "
        "filmpjes en foto’s is dat lastiger. Mensen zijn daar vaak te zeker van hun zaak. "
        "Blijf dus ook dan de bron controleren."
    ),
    Verdict.CAUTIOUS: (
        "Je was bij geen enkele vraag zeker, en dat was terecht: van je antwoorden met "
        "‘twijfel’ of ‘gok’ waren er {unsure_right} van de {unsure_total} goed. Twijfelen is "
        "bij deepfakes slim. Lees de lessen nog eens, dan weet je straks beter waar je op moet "
        "letten."
    ),
    Verdict.TOO_FEW: (
        "Je hebt nog te weinig vragen beantwoord om iets te zeggen over hoe zeker je was."
    ),
}


def confidence_feedback(answers: Sequence[Answer]) -> ConfidenceFeedback:
    """How well the pupil's certainty matched their answers.

    Overconfident: at least two "zeker" answers, and fewer than three in four of
    them right. Underconfident (only when not overconfident): at least two
    "twijfel"/"gok" answers, and three in four or more of them right.
    Cautious: never "zeker" and not underconfident. Otherwise calibrated; with
    fewer than three answers there is no verdict.
    """
    rows = tuple(
        ConfidenceRow(
            level=level,
            label=label,
            total=sum(a.confidence == level for a in answers),
            right=sum(a.confidence == level and a.correct for a in answers),
        )
        for level, label in CONFIDENCE_CHOICES
    )
    sure = [a for a in answers if a.confidence == "zeker"]
    unsure = [a for a in answers if a.confidence != "zeker"]
    sure_right = sum(a.correct for a in sure)
    unsure_right = sum(a.correct for a in unsure)

    if len(answers) < MIN_ANSWERS_FOR_FEEDBACK:
        verdict = Verdict.TOO_FEW
    elif len(sure) >= MIN_ANSWERS_PER_GROUP and sure_right < SURE_ENOUGH * len(sure):
        verdict = Verdict.OVERCONFIDENT
    elif len(unsure) >= MIN_ANSWERS_PER_GROUP and unsure_right >= SURE_ENOUGH * len(unsure):
        verdict = Verdict.UNDERCONFIDENT
    elif not sure:
        verdict = Verdict.CAUTIOUS
    else:
        verdict = Verdict.CALIBRATED

    message = VERDICT_MESSAGES[verdict].format(
        sure_wrong=len(sure) - sure_right,
        sure_total=len(sure),
        unsure_right=unsure_right,
        unsure_total=len(unsure),
    )
    return ConfidenceFeedback(
        rows=rows, verdict=verdict, message=message, sure_but_wrong=len(sure) - sure_right
    )
