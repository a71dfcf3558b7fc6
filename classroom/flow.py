"""The life of a class session: start, join, each question's steps, answers.

Every change happens in one transaction that locks the session row first, so
35 pupils answering at once and a teacher pressing "next" never step on each
other. A refused step raises `FlowError` with a Dutch message for the screen
and the HTTP status the view should answer with.
"""

import hashlib
import random
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from classroom import codes
from classroom.models import KEEP_AFTER_END, Answer, ClassSession, Participant
from classroom.nicknames import NicknameError, clean_nickname, nickname_key
from quiz import rules
from quiz.models import Choice, Question

Phase = ClassSession.Phase

MAX_QUESTIONS = 40


class FlowError(Exception):
    """A step that cannot be taken now; `message` is for the user."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class StaleStep(FlowError):
    """The teacher's button belonged to an older screen (a double click)."""


class AlreadyAnswered(FlowError):
    pass


# --- starting -----------------------------------------------------------------


def pick_questions(
    lesson_slugs: Iterable[str], count: int, rng: random.Random | None = None
) -> list[int]:
    """Question ids for a session: from the chosen lessons (all when none), spread
    over the lessons like the solo quiz does, in course order."""
    questions = Question.objects.active().playable()
    slugs = list(lesson_slugs)
    if slugs:
        questions = questions.filter(lesson_slug__in=slugs)
    candidates = [rules.Candidate(id=pk, lesson_slug=slug) for pk, slug in
                  questions.values_list("id", "lesson_slug")]  # fmt: skip
    return rules.draw(candidates, min(count, MAX_QUESTIONS), rng)


def start_session(question_ids: list[int]) -> ClassSession:
    if not question_ids:
        raise FlowError(
            "Er zijn geen vragen voor deze keuze. Kies andere lessen of de hele quiz.", 400
        )
    # The alphabet gives 22**6 ≈ 113 million codes; a clash is rare, retry it.
    for _ in range(10):
        try:
            with transaction.atomic():
                return ClassSession.objects.create(
                    code=codes.new_join_code(),
                    teacher_token=codes.new_teacher_token(),
                    question_ids=list(question_ids),
                )
        except IntegrityError:
            continue
    raise FlowError("Het lukte niet om een code te maken. Probeer het nog een keer.", 503)


# --- finding and joining ------------------------------------------------------


def find_session(typed_code: str) -> ClassSession:
    code = codes.normalise_code(typed_code)
    if code is None:
        raise FlowError(
            f"Een code heeft {codes.CODE_LENGTH} tekens. Kijk nog eens goed op het bord.", 400
        )
    session = ClassSession.objects.filter(code=code).first()
    if session is None:
        raise FlowError("Er is geen quiz met deze code. Kijk nog eens goed op het bord.", 404)
    if session.is_expired or session.phase == Phase.FINISHED:
        raise FlowError("Deze quiz is al afgelopen. Vraag je docent om een nieuwe code.", 410)
    return session


def join(session: ClassSession, raw_nickname: str, session_key: str) -> Participant:
    try:
        nickname = clean_nickname(raw_nickname)
    except NicknameError as error:
        raise FlowError(str(error), 400) from error
    try:
        with transaction.atomic():
            return Participant.objects.create(
                session=session,
                nickname=nickname,
                nickname_key=nickname_key(nickname),
                # Only a fingerprint: the key itself would let anyone who reads
                # the database take over the pupil's browser session.
                session_key=hashlib.sha256(session_key.encode()).hexdigest()[:40],
            )
    except IntegrityError as error:
        raise FlowError(
            f"De bijnaam ‘{nickname}’ is al bezet in deze quiz. Kies een andere.", 409
        ) from error


# --- the teacher's steps ------------------------------------------------------

START = "start"
CLOSE = "sluiten"
REVEAL = "onthullen"
NEXT = "volgende"
FINISH = "stoppen"

# Which phases each step may start from.
ALLOWED_FROM = {
    START: {Phase.LOBBY},
    CLOSE: {Phase.QUESTION},
    REVEAL: {Phase.QUESTION, Phase.CLOSED},
    NEXT: {Phase.REVEALED},
    FINISH: {Phase.LOBBY, Phase.QUESTION, Phase.CLOSED, Phase.REVEALED},
}


def take_step(session_id: int, step: str, seen_version: int | None = None) -> ClassSession:
    """Move the session on by one step of the teacher.

    `seen_version` is the version the teacher's screen showed; when it is older
    the click came from a stale screen (or twice), and nothing happens.
    """
    if step not in ALLOWED_FROM:
        raise FlowError("Deze knop bestaat niet.", 400)
    with transaction.atomic():
        session = _locked(session_id)
        if session.is_expired:
            raise FlowError("Deze quiz is verlopen. Start een nieuwe quiz.", 410)
        if seen_version is not None and seen_version != session.version:
            raise StaleStep("Het scherm was al verder. Je ziet nu de nieuwste stand.", 409)
        if session.phase not in ALLOWED_FROM[step]:
            raise FlowError(
                f"Dat kan nu niet: de quiz staat op ‘{session.get_phase_display().lower()}’.", 409
            )
        _apply(session, step)
        session.version = F("version") + 1
        session.save()
        session.refresh_from_db()
        return session


def _locked(session_id: int) -> ClassSession:
    """The session row, locked until the transaction ends; gone means expired
    (the clean-up may delete it between two clicks)."""
    session = ClassSession.objects.select_for_update().filter(pk=session_id).first()
    if session is None:
        raise FlowError("Deze quiz is voorbij en gewist.", 410)
    return session


def _apply(session: ClassSession, step: str) -> None:
    if step == START:
        session.phase, session.current_index = Phase.QUESTION, 0
    elif step == CLOSE:
        session.phase = Phase.CLOSED
    elif step == REVEAL:
        session.phase = Phase.REVEALED
    elif step == NEXT and not session.is_last_question:
        session.phase, session.current_index = Phase.QUESTION, session.current_index + 1
    else:  # NEXT after the last question, or FINISH
        now = timezone.now()
        session.phase, session.ended = Phase.FINISHED, now
        session.expires = min(session.expires, now + KEEP_AFTER_END)


# --- the pupils' answers ------------------------------------------------------


def record_answer(
    participant: Participant, question_id: int, raw_choice_id: str, confidence: str
) -> Answer:
    """Keep a pupil's answer to the open question; the first answer counts."""
    try:
        choice_id = int(raw_choice_id)
    except (TypeError, ValueError):
        raise FlowError("Kies een van de antwoorden.", 400) from None
    if confidence not in rules.CONFIDENCE_LEVELS:
        raise FlowError("Kies ook hoe zeker je bent: zeker, twijfel of gok.", 400)
    with transaction.atomic():
        session = _locked(participant.session_id)
        if session.is_expired or session.phase == Phase.FINISHED:
            raise FlowError("Deze quiz is al afgelopen.", 410)
        if session.phase != Phase.QUESTION or session.current_question_id() != question_id:
            raise FlowError("Te laat: de antwoorden voor deze vraag zijn al dicht.", 409)
        choice = Choice.objects.filter(pk=choice_id, question_id=question_id).first()
        if choice is None:
            raise FlowError(
                "Dit antwoord hoort niet bij deze vraag. Kies er een uit de lijst.", 400
            )
        try:
            with transaction.atomic():
                return Answer.objects.create(
                    participant=participant,
                    question_id=question_id,
                    choice=choice,
                    confidence=confidence,
                    correct=choice.is_correct,
                )
        except IntegrityError:
            raise AlreadyAnswered(
                "Je hebt deze vraag al beantwoord. Je eerste antwoord telt.", 409
            ) from None
