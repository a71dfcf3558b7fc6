"""The quiz's rules: which questions a pupil gets and how an answer is kept.

Everything here works on plain data (ids, strings, small dataclasses) and
imports nothing from Django, so the pupil's own quiz (`quiz.views`) and the
live class quiz (`classroom`) share the same rules:

- `draw(candidates, size, rng)` picks question ids, spread over the lessons.
- `QuizState` is what one pupil's session holds: the drawn ids and the answers.
- `shown_order(choices, kind=, seed=, question_id=)` is the order the choices are
  shown in: shuffled, the same for one seed (one pupil's quiz, one Klassikaal
  session) and different for another; true/false keeps its natural order.
- `mistakes_quiz(state)` is "Oefen je fouten": a new quiz of the missed questions.

An `Answer` is (question id, choice id, confidence, correct); `confidence` is
one of `CONFIDENCE_LEVELS`. What the answers add up to is in `quiz.scoring`;
which questions may be played at all is in `quiz.eligibility`.
"""

import random
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from lessons import content

# How sure the pupil is, asked before the answer is revealed.
CONFIDENCE_CHOICES: tuple[tuple[str, str], ...] = (
    ("zeker", "Zeker"),
    ("twijfel", "Twijfel"),
    ("gok", "Gok"),
)
CONFIDENCE_LEVELS: tuple[str, ...] = tuple(value for value, _ in CONFIDENCE_CHOICES)
CONFIDENCE_LABELS: dict[str, str] = dict(CONFIDENCE_CHOICES)

WHOLE_QUIZ_SIZE = 12
LESSON_QUIZ_SIZE = 5

# The key under which a pupil's quiz lives in their session.
SESSION_KEY = "quiz"

# The kind of question whose choices keep their natural order ("Waar" before
# "Niet waar"): the value of quiz.models.Question.Kind.TRUE_FALSE (a test checks
# they agree; this module imports no models).
TRUE_FALSE_KIND = "waar_niet_waar"

T = TypeVar("T")


def new_seed() -> str:
    """A fresh random seed for the order of the choices in one quiz."""
    return secrets.token_hex(8)


def class_seed(class_session_id: int) -> str:
    """The seed of a Klassikaal session: the board and every phone share it."""
    return f"klassikaal-{class_session_id}"


#: The answers of a two-photo question; they keep their stored order.
PICTURE_ANSWERS = frozenset({"Foto 1", "Foto 2", "Allebei", "Geen van beide"})


def shown_order(choices: Sequence[T], *, kind: str, seed: str, question_id: int) -> list[T]:
    """The choices of one question in the order they are shown.

    A shuffle decided by (seed, question id) alone: the same seed gives the same
    order on every reload, in every process (a str seed is hashed with SHA-512,
    not with Python's salted hash); another seed very likely another order. So
    the answer's position says nothing, and a pupil's retry looks different.
    `choices` come in their natural order (Choice.order); a true/false question
    keeps it, and so do the answers under two photos (Foto 1, Foto 2, Allebei,
    Geen van beide: in picture order, so that "A" is never "Geen van beide").
    """
    shown = list(choices)
    names_the_photos = {str(choice) for choice in shown} == PICTURE_ANSWERS
    if kind != TRUE_FALSE_KIND and not names_the_photos:
        random.Random(f"{seed}/{question_id}").shuffle(shown)  # noqa: S311 - not a secret
    return shown


@dataclass(frozen=True)
class Answer:
    question_id: int
    choice_id: int
    confidence: str
    correct: bool

    def to_session(self) -> list[Any]:
        return [self.question_id, self.choice_id, self.confidence, self.correct]

    @classmethod
    def from_session(cls, raw: Any) -> "Answer":
        question_id, choice_id, confidence, correct = raw
        if confidence not in CONFIDENCE_LEVELS:
            raise ValueError(f"unknown confidence {confidence!r}")
        return cls(int(question_id), int(choice_id), str(confidence), bool(correct))


@dataclass(frozen=True)
class Candidate:
    """A question that may be drawn."""

    id: int
    lesson_slug: str


def _lesson_order(slug: str) -> int:
    lesson = content.get_lesson(slug)
    return lesson.order if lesson else 999


def draw(candidates: Iterable[Candidate], size: int, rng: random.Random | None = None) -> list[int]:
    """Pick `size` question ids, spread as evenly as possible over the lessons.

    Lessons take turns (in a random order) giving one random question each, so
    with 12 questions and 7 lessons every lesson gets one or two. The result is
    ordered by lesson, so the quiz follows the course.
    """
    rng = rng or random.Random()  # noqa: S311 - a quiz draw, not a secret
    by_lesson: dict[str, list[int]] = {}
    for c in candidates:
        by_lesson.setdefault(c.lesson_slug, []).append(c.id)
    for ids in by_lesson.values():
        rng.shuffle(ids)
    turns = list(by_lesson)
    rng.shuffle(turns)

    picked: list[tuple[str, int]] = []
    while len(picked) < size and any(by_lesson.values()):
        for slug in turns:
            if by_lesson[slug] and len(picked) < size:
                picked.append((slug, by_lesson[slug].pop()))
    # sorted() is stable: within a lesson the random pick order stays.
    picked.sort(key=lambda item: _lesson_order(item[0]))
    return [question_id for _, question_id in picked]


@dataclass
class QuizState:
    """One pupil's quiz, as kept in their session.

    `lesson_slug` is "" for the whole quiz. Positions are 1-based, as in the
    URLs. An answer is only ever recorded once: the first one counts. `seed`
    orders the choices (`shown_order`); `practised_from` is the seed of the quiz
    whose mistakes this quiz practises ("" for a quiz that was drawn).
    """

    question_ids: list[int]
    lesson_slug: str = ""
    answers: list[Answer] = field(default_factory=list)
    seed: str = field(default_factory=new_seed)
    practised_from: str = ""

    def to_session(self) -> dict[str, Any]:
        return {
            "lesson": self.lesson_slug,
            "ids": list(self.question_ids),
            "answers": [a.to_session() for a in self.answers],
            "seed": self.seed,
            "from": self.practised_from,
        }

    @classmethod
    def from_session(cls, raw: Any) -> "QuizState | None":
        """The state in a session, or None when there is none (or it is unreadable)."""
        if not isinstance(raw, dict):
            return None
        try:
            ids = [int(i) for i in raw["ids"]]
            answers = [Answer.from_session(a) for a in raw.get("answers", [])]
            seed = str(raw.get("seed") or new_seed())
            state = cls(ids, str(raw.get("lesson", "")), answers, seed, str(raw.get("from", "")))
        except (KeyError, TypeError, ValueError):
            return None
        if not ids or any(a.question_id not in ids for a in answers):
            return None
        return state

    @property
    def total(self) -> int:
        return len(self.question_ids)

    def answer_for(self, question_id: int) -> Answer | None:
        return next((a for a in self.answers if a.question_id == question_id), None)

    def question_at(self, position: int) -> int | None:
        if 1 <= position <= self.total:
            return self.question_ids[position - 1]
        return None

    @property
    def current_position(self) -> int | None:
        """The position of the first unanswered question, None when finished."""
        answered = {a.question_id for a in self.answers}
        for position, question_id in enumerate(self.question_ids, start=1):
            if question_id not in answered:
                return position
        return None

    @property
    def is_finished(self) -> bool:
        return self.current_position is None

    def record(self, answer: Answer) -> bool:
        """Keep `answer` unless its question was answered before; True if kept."""
        if answer.question_id not in self.question_ids:
            raise ValueError(f"question {answer.question_id} is not in this quiz")
        if self.answer_for(answer.question_id) is not None:
            return False
        self.answers.append(answer)
        return True

    @property
    def missed_ids(self) -> list[int]:
        """The questions answered wrongly, in quiz order."""
        wrong = {a.question_id for a in self.answers if not a.correct}
        return [i for i in self.question_ids if i in wrong]

    @property
    def is_practice(self) -> bool:
        return bool(self.practised_from)

    def keep_only(self, existing_ids: Iterable[int]) -> None:
        """Forget questions that no longer exist (a teacher deleted one mid-quiz)."""
        existing = set(existing_ids)
        self.question_ids = [i for i in self.question_ids if i in existing]
        self.answers = [a for a in self.answers if a.question_id in existing]


def mistakes_quiz(state: QuizState, playable_ids: Iterable[int]) -> QuizState | None:
    """Oefen je fouten: a new quiz of exactly the questions `state` missed that
    can still be played (`playable_ids`), in the same order, with a new choice
    order; None when there is nothing to practise."""
    playable = set(playable_ids)
    ids = [i for i in state.missed_ids if i in playable]
    if not ids:
        return None
    return QuizState(question_ids=ids, lesson_slug=state.lesson_slug, practised_from=state.seed)
