"""What the class and each pupil see after a question and at the end."""

from dataclasses import dataclass

from django.db.models import Count, Q

from classroom.models import Answer, ClassSession, Participant
from common.dutch import percent
from common.svg import Scale, bar_length, ticks
from quiz import rules, scoring
from quiz.models import Choice, Question

LETTERS = "ABCDEFGH"
# The confidence whose wrong answers are over-confidence.
SURE = "zeker"
assert SURE in rules.CONFIDENCE_LEVELS


def letter(position: int) -> str:
    return LETTERS[position] if position < len(LETTERS) else str(position + 1)


def shown_choices(session: ClassSession, question: Question) -> list[Choice]:
    """The question's choices in the order this class session shows them: the
    board and every phone alike (quiz.rules.shown_order, seeded by the session),
    another order in another session. The letters A-D follow this order."""
    return rules.shown_order(
        list(question.choices.all()),
        kind=question.kind,
        seed=rules.class_seed(session.pk),
        question_id=question.pk,
    )


@dataclass(frozen=True)
class ChoiceTally:
    letter: str
    text: str
    is_correct: bool
    count: int
    percent: int


def round_answers(session: ClassSession, round: int | None = None):
    """The answers given in this session in one round (the current one by default)."""
    return Answer.objects.filter(
        participant__session=session, round=session.round if round is None else round
    )


def answered_count(session: ClassSession, question_id: int) -> int:
    return round_answers(session).filter(question_id=question_id).count()


def distribution(session: ClassSession, question: Question) -> list[ChoiceTally]:
    """How many pupils chose each answer, in the order the answers are shown."""
    counts = dict(
        round_answers(session)
        .filter(question=question)
        .values_list("choice_id")
        .annotate(n=Count("id"))
    )
    total = sum(counts.values())
    return [
        ChoiceTally(
            letter=letter(i),
            text=choice.text,
            is_correct=choice.is_correct,
            count=counts.get(choice.pk, 0),
            percent=round(100 * counts.get(choice.pk, 0) / total) if total else 0,
        )
        for i, choice in enumerate(shown_choices(session, question))
    ]


@dataclass(frozen=True)
class QuestionResult:
    number: int
    question: Question
    answered: int
    right: int

    @property
    def wrong(self) -> int:
        return self.answered - self.right

    @property
    def percent_right(self) -> int:
        return round(100 * self.right / self.answered) if self.answered else 0


def class_results(session: ClassSession) -> list[QuestionResult]:
    """Per question how the class did, the most-missed first: "de gespreksstarters".

    Questions nobody answered go last; they start no conversation.
    """
    tallies = {
        row["question_id"]: (row["answered"], row["right"])
        for row in round_answers(session)
        .values("question_id")
        .annotate(answered=Count("id"), right=Count("id", filter=Q(correct=True)))
    }
    questions = Question.objects.in_bulk(session.question_ids)
    results = []
    for number, question_id in enumerate(session.question_ids, start=1):
        if question_id in questions:
            answered, right = tallies.get(question_id, (0, 0))
            results.append(QuestionResult(number, questions[question_id], answered, right))
    return sorted(results, key=lambda r: (r.answered == 0, r.percent_right, r.number))


@dataclass(frozen=True)
class PupilResult:
    score: scoring.Score
    question_count: int
    feedback: scoring.ConfidenceFeedback
    # In a session that measures: the pupil's score in the nulmeting.
    before: scoring.Score | None = None


def pupil_result(participant: Participant) -> PupilResult:
    """The pupil's score in the last round; in a session that measures also the first."""
    session = participant.session
    by_round: dict[int, list[rules.Answer]] = {}
    for a in participant.answers.all():
        by_round.setdefault(a.round, []).append(
            rules.Answer(a.question_id, a.choice_id, a.confidence, a.correct)
        )
    answers = by_round.get(session.round, [])
    before = None
    if session.measures and session.round == ClassSession.SECOND_ROUND_NUMBER:
        before = scoring.score(by_round.get(ClassSession.FIRST_ROUND_NUMBER, []))
    return PupilResult(
        score=scoring.score(answers),
        question_count=session.question_count,
        feedback=scoring.confidence_feedback(answers),
        before=before,
    )


# --- the learning gain (nulmeting and eindmeting) ------------------------------


@dataclass(frozen=True)
class RoundFigures:
    """What the class as a whole did in one round; no pupil in it."""

    name: str
    pupils: int
    answers: int
    right: int
    sure: int
    sure_wrong: int

    @property
    def share_right(self) -> float | None:
        return self.right / self.answers if self.answers else None

    @property
    def overconfidence(self) -> float | None:
        """The share of "zeker" answers that were wrong."""
        return self.sure_wrong / self.sure if self.sure else None


@dataclass(frozen=True)
class LearningGain:
    before: RoundFigures
    after: RoundFigures
    # Pupils who answered in one round only (joined late, left early): not counted,
    # or the class would seem to gain or lose by who was there.
    left_out: int = 0


def round_figures(
    session: ClassSession, round: int, name: str, pupils: set[int] | None = None
) -> RoundFigures:
    answers = round_answers(session, round)
    if pupils is not None:
        answers = answers.filter(participant__in=pupils)
    figures = answers.aggregate(
        pupils=Count("participant", distinct=True),
        answers=Count("id"),
        right=Count("id", filter=Q(correct=True)),
        sure=Count("id", filter=Q(confidence=SURE)),
        sure_wrong=Count("id", filter=Q(confidence=SURE, correct=False)),
    )
    return RoundFigures(name=name, **figures)


def _pupils_in(session: ClassSession, round: int) -> set[int]:
    return set(round_answers(session, round).values_list("participant", flat=True))


def learning_gain(session: ClassSession) -> LearningGain:
    """The class's answers in the nulmeting against the eindmeting: all answers of
    each round counted together, so no single pupil can be picked out, and only of
    the pupils who answered in both rounds, so that the same class is compared."""
    first = _pupils_in(session, ClassSession.FIRST_ROUND_NUMBER)
    second = _pupils_in(session, ClassSession.SECOND_ROUND_NUMBER)
    both = first & second
    return LearningGain(
        before=round_figures(session, ClassSession.FIRST_ROUND_NUMBER, "Nulmeting", both),
        after=round_figures(session, ClassSession.SECOND_ROUND_NUMBER, "Eindmeting", both),
        left_out=len(first | second) - len(both),
    )


@dataclass(frozen=True)
class QuestionGain:
    """One question of a measuring session: the share of right answers before and
    after the lesson, of the pupils who answered in both rounds."""

    number: int
    question: Question
    before: float | None
    after: float | None

    @property
    def change(self) -> str:
        """ "beter", "minder" or "gelijk"; "" when a round has no answers to compare."""
        if self.before is None or self.after is None:
            return ""
        # Compared as shown (whole percents), so the word never contradicts the numbers.
        before, after = round(self.before * 100), round(self.after * 100)
        return "beter" if after > before else "minder" if after < before else "gelijk"

    @property
    def before_percent(self) -> str:
        return percent(self.before) if self.before is not None else "–"

    @property
    def after_percent(self) -> str:
        return percent(self.after) if self.after is not None else "–"


def question_gains(session: ClassSession) -> list[QuestionGain]:
    """Per question, in the order they were asked: how the class did before and after
    the lesson. Only the pupils of both rounds count, as in `learning_gain`."""
    both = _pupils_in(session, ClassSession.FIRST_ROUND_NUMBER) & _pupils_in(
        session, ClassSession.SECOND_ROUND_NUMBER
    )
    rows = (
        Answer.objects.filter(participant__session=session, participant__in=both)
        .values("question_id", "round")
        .annotate(answered=Count("id"), right=Count("id", filter=Q(correct=True)))
    )
    share = {(r["question_id"], r["round"]): r["right"] / r["answered"] for r in rows}
    questions = Question.objects.in_bulk(session.question_ids)
    return [
        QuestionGain(
            number=number,
            question=questions[question_id],
            before=share.get((question_id, ClassSession.FIRST_ROUND_NUMBER)),
            after=share.get((question_id, ClassSession.SECOND_ROUND_NUMBER)),
        )
        for number, question_id in enumerate(session.question_ids, start=1)
        if question_id in questions
    ]


@dataclass(frozen=True)
class GridLine:
    y: float
    label: str  # "50%"
    label_x: int
    label_y: float


@dataclass(frozen=True)
class GainBar:
    x: int
    centre: int
    y: float
    height: float
    label: str  # "voor" or "na", under the bar
    value: str  # "45%" or "–", above the bar
    value_y: float
    is_after: bool


@dataclass(frozen=True)
class GainGroup:
    title: str
    centre: int
    bars: list[GainBar]


@dataclass(frozen=True)
class GainChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    bar_width: int
    groups: list[GainGroup]
    grid: list[GridLine]

    @property
    def bar_label_y(self) -> int:
        return self.bottom + 32

    @property
    def group_label_y(self) -> int:
        return self.bottom + 72


def gain_chart(gain: LearningGain) -> GainChart:
    """Geometry of the before-and-after chart: two groups ("goed" and "zeker maar
    fout"), each with a bar before and a bar after the lesson, 0–100 %."""
    width, height, left, right, top, bottom = 760, 440, 78, 740, 40, 350
    bar_width, gap = 120, 24
    y = Scale(0, 1, bottom, top)
    groups = []
    measures = [
        ("Goed beantwoord", lambda r: r.share_right),
        ("Zeker, maar fout", lambda r: r.overconfidence),
    ]
    group_width = (right - left) // len(measures)
    for number, (title, measure) in enumerate(measures):
        centre = left + group_width * number + group_width // 2
        bars = []
        for position, (figures, label) in enumerate(((gain.before, "voor"), (gain.after, "na"))):
            value = measure(figures)
            top_y = y(value or 0)
            x = centre - bar_width - gap // 2 + position * (bar_width + gap)
            bars.append(
                GainBar(
                    x=x,
                    centre=x + bar_width // 2,
                    y=top_y,
                    height=bottom - top_y,
                    label=label,
                    value=percent(value) if value is not None else "–",
                    value_y=top_y - 10,
                    is_after=position == 1,
                )
            )
        groups.append(GainGroup(title=title, centre=centre, bars=bars))
    grid = [
        GridLine(y=y(share), label=percent(share), label_x=left - 10, label_y=y(share) + 8)
        for share in ticks(0, 1, 0.25)
    ]
    return GainChart(width, height, left, right, top, bottom, bar_width, groups, grid)


# --- the bar chart ------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    tally: ChoiceTally
    y: int
    width: int
    label_y: int
    value_x: int


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    bar_x: int
    bar_height: int


def bar_chart(tallies: list[ChoiceTally]) -> BarChart:
    """Geometry for a horizontal bar chart, drawn as SVG by the template."""
    width, bar_x, row, bar_height, room_for_value = 640, 70, 64, 44, 110
    longest = max((t.count for t in tallies), default=0)
    usable = width - bar_x - room_for_value
    lengths = [round(bar_length(t.count, longest, usable, least=3)) for t in tallies]
    bars = [
        Bar(
            tally=t,
            y=i * row + 8,
            width=lengths[i],
            label_y=i * row + 8 + bar_height // 2 + 9,
            value_x=bar_x + lengths[i] + 10,
        )
        for i, t in enumerate(tallies)
    ]
    return BarChart(bars, width, len(tallies) * row + 16, bar_x, bar_height)


# --- the pupil's last screen ---------------------------------------------------


@dataclass(frozen=True)
class ReviewedQuestion:
    """One question on the pupil's last screen: the right answer, the explanation,
    and what the pupil chose (in a session that measures: before and after)."""

    number: int
    question: Question
    right: list[Choice]
    answer: Answer | None
    before: Answer | None = None


def review(participant: Participant) -> list[ReviewedQuestion]:
    """The session's questions in the order they were asked, with the pupil's answers
    of the last round; after an eindmeting also those of the nulmeting."""
    session = participant.session
    questions = Question.objects.prefetch_related("choices").in_bulk(session.question_ids)
    mine = {(a.question_id, a.round): a for a in participant.answers.select_related("choice")}
    both_rounds = measured_twice(session)
    reviewed = []
    for number, question_id in enumerate(session.question_ids, start=1):
        question = questions.get(question_id)
        if question is None:  # deleted by a teacher since
            continue
        before = mine.get((question_id, ClassSession.FIRST_ROUND_NUMBER))
        reviewed.append(
            ReviewedQuestion(
                number=number,
                question=question,
                right=[c for c in question.choices.all() if c.is_correct],
                answer=mine.get((question_id, session.round)),
                before=before if both_rounds else None,
            )
        )
    return reviewed


def measured_twice(session: ClassSession) -> bool:
    return session.measures and session.round == ClassSession.SECOND_ROUND_NUMBER
