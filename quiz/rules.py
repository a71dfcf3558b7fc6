"""The quiz's rules: which questions a pupil gets, how an answer is kept, and
what the score teaches.

Everything here works on plain data (ids, strings, small dataclasses) and
imports nothing from Django, so the pupil's own quiz (`lessons.quiz_views`) and
the live class quiz (`classroom`) share the same rules:

- `draw(candidates, size, rng)` picks question ids, spread over the lessons.
- `QuizState` is what one pupil's session holds: the drawn ids and the answers.
- `score(answers)`, `lesson_breakdown(answers, questions)` and
  `confidence_feedback(answers)` turn a list of `Answer`s into the end screen.

An `Answer` is (question id, choice id, confidence, correct); `confidence` is
one of `CONFIDENCE_LEVELS`.
"""

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

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

# "Zeker" should mean right at least three times out of four; below that the
# certainty was not earned. Fewer than MIN_ANSWERS_PER_GROUP answers in a group
# say too little to judge it.
SURE_ENOUGH = 0.75
MIN_ANSWERS_PER_GROUP = 2
MIN_ANSWERS_FOR_FEEDBACK = 3

# Readable names for the lesson sections questions link to (the anchors are a
# contract with the lesson bodies; see the lesson templates).
SECTION_LABELS: dict[str, dict[str, str]] = {
    "wat-is-een-deepfake": {
        "het-woord": "Waar het woord vandaan komt",
        "soorten": "Soorten deepfakes",
        "misbruik": "Misbruik",
        "apps": "Apps die het makkelijk maken",
    },
    "neurale-netwerken": {
        "neuronen": "Neuronen",
        "lagen": "Lagen",
        "leren-van-voorbeelden": "Leren van voorbeelden",
    },
    "stinkend-steegje": {
        "het-steegje": "Het steegje",
        "feedback": "Feedback",
        "netwerk-leert": "Zo leert een netwerk",
    },
    "gan": {
        "maker-en-checker": "Maker en checker",
        "ronde-na-ronde": "Ronde na ronde",
        "wanneer-klaar": "Wanneer is het klaar?",
    },
    "toepassingen": {
        "goed": "Goede toepassingen",
        "schadelijk": "Schadelijke toepassingen",
        "grijs-gebied": "Het grijze gebied",
    },
    "gevaren": {
        "nepnieuws": "Nepnieuws",
        "chantage": "Chantage",
        "naaktbeelden": "Nepnaaktfoto’s",
        "stemfraude": "Stemfraude",
        "wat-doe-je": "Wat doe je als het gebeurt?",
    },
    "herkennen": {
        "kijk": "Goed kijken",
        "knipperen": "Knipperen",
        "mond": "Mond en tanden",
        "hoofd-en-lichaam": "Hoofd en lichaam",
        "vage-pixels": "Vage pixels",
        "luister": "Goed luisteren",
        "controleer-de-bron": "Controleer de bron",
        "niet-genoeg": "Kijken is niet genoeg",
    },
}


def section_label(lesson_slug: str, anchor: str) -> str:
    """The name a pupil reads for a section of a lesson."""
    known = SECTION_LABELS.get(lesson_slug, {}).get(anchor)
    return known or anchor.replace("-", " ").capitalize()


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
    URLs. An answer is only ever recorded once: the first one counts.
    """

    question_ids: list[int]
    lesson_slug: str = ""
    answers: list[Answer] = field(default_factory=list)

    def to_session(self) -> dict[str, Any]:
        return {
            "lesson": self.lesson_slug,
            "ids": list(self.question_ids),
            "answers": [a.to_session() for a in self.answers],
        }

    @classmethod
    def from_session(cls, raw: Any) -> "QuizState | None":
        """The state in a session, or None when there is none (or it is unreadable)."""
        if not isinstance(raw, dict):
            return None
        try:
            ids = [int(i) for i in raw["ids"]]
            answers = [Answer.from_session(a) for a in raw.get("answers", [])]
            state = cls(ids, str(raw.get("lesson", "")), answers)
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

    def keep_only(self, existing_ids: Iterable[int]) -> None:
        """Forget questions that no longer exist (a teacher deleted one mid-quiz)."""
        existing = set(existing_ids)
        self.question_ids = [i for i in self.question_ids if i in existing]
        self.answers = [a for a in self.answers if a.question_id in existing]


@dataclass(frozen=True)
class Score:
    right: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.right / self.total) if self.total else 0


def score(answers: Sequence[Answer]) -> Score:
    return Score(right=sum(a.correct for a in answers), total=len(answers))


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
