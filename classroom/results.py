"""What the class and each pupil see after a question and at the end."""

from dataclasses import dataclass

from django.db.models import Count, Q

from classroom.models import Answer, ClassSession, Participant
from common.svg import bar_length
from quiz import rules, scoring
from quiz.models import Question

LETTERS = "ABCDEFGH"


def letter(position: int) -> str:
    return LETTERS[position] if position < len(LETTERS) else str(position + 1)


@dataclass(frozen=True)
class ChoiceTally:
    letter: str
    text: str
    is_correct: bool
    count: int
    percent: int


def answered_count(session: ClassSession, question_id: int) -> int:
    return Answer.objects.filter(participant__session=session, question_id=question_id).count()


def distribution(session: ClassSession, question: Question) -> list[ChoiceTally]:
    """How many pupils chose each answer, in the order the answers are shown."""
    counts = dict(
        Answer.objects.filter(participant__session=session, question=question)
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
        for i, choice in enumerate(question.choices.all())
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
        for row in Answer.objects.filter(participant__session=session)
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


def pupil_result(participant: Participant) -> PupilResult:
    answers = [
        rules.Answer(a.question_id, a.choice_id, a.confidence, a.correct)
        for a in participant.answers.all()
    ]
    return PupilResult(
        score=scoring.score(answers),
        question_count=participant.session.question_count,
        feedback=scoring.confidence_feedback(answers),
    )


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
