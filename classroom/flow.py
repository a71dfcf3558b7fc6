"""The life of a class session: start, join, each question's steps, answers.

Every change happens in one transaction that locks the session row first, so
35 pupils answering at once and a teacher pressing "next" never step on each
other. A refused step raises a `FlowError` subclass that says what kind of
refusal it is, with a Dutch message for the screen; the views turn the kind
into an HTTP status (`classroom.refusals.STATUS_FOR`). Input is checked by
`classroom.forms` before it gets here.
"""

import hashlib
import random
from collections.abc import Iterable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from classroom import codes
from classroom.models import KEEP_AFTER_END, Answer, ClassSession, Participant, RemovedPupil
from classroom.nicknames import NicknameError, clean_nickname, nickname_key
from quiz import rules
from quiz.models import Choice, Question

Phase = ClassSession.Phase

MAX_QUESTIONS = 40
# A nulmeting is short: the same few questions are asked again at the end.
MEASURE_QUESTIONS = (4, 6)
MEASURE_DEFAULT_QUESTIONS = 5
# The timer per question the teacher may choose (0: no timer).
TIMER_CHOICES = (0, 20, 30, 60)


class FlowError(Exception):
    """A step that cannot be taken; `message` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Refused(FlowError):
    """What was sent does not fit: a nickname that is not allowed, an answer
    that belongs to another question."""


class UnknownSession(FlowError):
    """No class session has this code."""


class Conflict(FlowError):
    """Fine in itself, but not now: the session is further on, the nickname is
    taken, there are no questions for this choice."""


class StaleStep(Conflict):
    """The teacher's button belonged to an older screen (a double click)."""


class AlreadyAnswered(Conflict):
    """The pupil answered this question before; the first answer counts."""


class Removed(FlowError):
    """The teacher took this pupil (this browser or this nickname) out of the session."""


class SessionOver(FlowError):
    """The session has ended, expired or been deleted."""


class NoFreeCode(FlowError):
    """No unused join code was found (very rare; trying again helps)."""


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


def start_session(
    question_ids: list[int], timer_seconds: int = 0, measures: bool = False
) -> ClassSession:
    if not question_ids:
        raise Conflict("Er zijn geen vragen voor deze keuze. Kies andere lessen of de hele quiz.")
    if timer_seconds not in TIMER_CHOICES:
        raise Refused("Kies geen tijd, 20, 30 of 60 seconden per vraag.")
    low, high = MEASURE_QUESTIONS
    if measures and not low <= len(question_ids) <= high:
        raise Conflict(
            f"Voor een nulmeting zijn er {len(question_ids)} vragen. "
            f"Kies lessen met samen {low} tot en met {high} vragen."
        )
    # The alphabet gives 22**6 ≈ 113 million codes; a clash is rare, retry it.
    for _ in range(10):
        try:
            with transaction.atomic():
                return ClassSession.objects.create(
                    code=codes.new_join_code(),
                    teacher_token=codes.new_teacher_token(),
                    question_ids=list(question_ids),
                    timer_seconds=timer_seconds,
                    measures=measures,
                )
        except IntegrityError:
            continue
    raise NoFreeCode("Het lukte niet om een code te maken. Probeer het nog een keer.")


# --- finding and joining ------------------------------------------------------


def find_session(code: str) -> ClassSession:
    """The live session with this join code (as `codes.normalise_code` writes it)."""
    session = ClassSession.objects.filter(code=code).first()
    if session is None:
        raise UnknownSession("Er is geen quiz met deze code. Kijk nog eens goed op het bord.")
    if session.is_expired or session.phase == Phase.FINISHED:
        raise SessionOver("Deze quiz is al afgelopen. Vraag je docent om een nieuwe code.")
    return session


def fingerprint(session_key: str) -> str:
    """What is kept of a pupil's browser session: the key itself would let anyone who
    reads the database take over the pupil's browser session."""
    return hashlib.sha256(session_key.encode()).hexdigest()[:40]


def join(session: ClassSession, raw_nickname: str, session_key: str) -> Participant:
    try:
        nickname = clean_nickname(raw_nickname)
    except NicknameError as error:
        raise Refused(str(error)) from error
    key, browser = nickname_key(nickname), fingerprint(session_key)
    try:
        with transaction.atomic():
            # Checked under the session's row lock: parallel joins cannot all fit, and
            # a join cannot slip in while the teacher removes the same pupil.
            locked = ClassSession.objects.select_for_update().get(pk=session.pk)
            removed = locked.removed_pupils.all()
            if removed.filter(session_key=browser).exists():
                raise Removed(
                    "Je docent heeft je uit deze quiz gehaald. Je kunt niet meer meedoen."
                )
            if removed.filter(nickname_key=key).exists():
                raise Removed(
                    f"Je docent heeft ‘{nickname}’ uit deze quiz gehaald. Kies een andere bijnaam."
                )
            if locked.participants.count() >= locked.max_pupils:
                raise Conflict(
                    "Deze quiz zit vol. Vraag je docent om meer leerlingen toe te laten."
                )
            return Participant.objects.create(
                session=session, nickname=nickname, nickname_key=key, session_key=browser
            )
    except IntegrityError as error:
        raise Conflict(
            f"De bijnaam ‘{nickname}’ is al bezet in deze quiz. Kies een andere."
        ) from error


MAX_PUPILS_LIMIT = 300


def remove_pupil(session_pk: int, participant_pk: int) -> None:
    """The teacher takes a pupil off the board (a fake or rude name). The pupil's phone
    goes back to the join page at its next poll; the answers go with the pupil. The
    browser and the nickname cannot join this session again."""
    with transaction.atomic():
        session = ClassSession.objects.select_for_update().get(pk=session_pk)
        pupil = Participant.objects.filter(pk=participant_pk, session=session).first()
        if pupil is None:
            raise UnknownSession("Deze leerling doet niet (meer) mee.")
        RemovedPupil.objects.create(
            session=session, nickname_key=pupil.nickname_key, session_key=pupil.session_key
        )
        pupil.delete()
        _saved(session)


def set_max_pupils(session_pk: int, maximum: int) -> None:
    if not 1 <= maximum <= MAX_PUPILS_LIMIT:
        raise Refused(f"Kies een aantal van 1 tot en met {MAX_PUPILS_LIMIT}.")
    with transaction.atomic():
        session = ClassSession.objects.select_for_update().get(pk=session_pk)
        session.max_pupils = maximum
        _saved(session)


# --- the teacher's steps ------------------------------------------------------

START = "start"
CLOSE = "sluiten"
REVEAL = "onthullen"
NEXT = "volgende"
START_SECOND_ROUND = "eindmeting"
OPEN_SELFTEST = "testjezelf"
CLOSE_SELFTEST = "testklaar"
FINISH = "stoppen"

# A test-yourself round fits where the class waits for no question: before the quiz
# (the lobby) and in the lesson between nulmeting and eindmeting (the pause), right
# where lesson 7 says a detector can be wrong. Never in the middle of a question (its
# timer would run out while the pupils film themselves), nor after the end (the
# session is then only kept for the pupils to read their score).
SELFTEST_FROM = {Phase.LOBBY, Phase.PAUSE}

# Which phases each step may start from.
ALLOWED_FROM = {
    START: {Phase.LOBBY},
    CLOSE: {Phase.QUESTION},
    REVEAL: {Phase.QUESTION, Phase.CLOSED},
    NEXT: {Phase.REVEALED},
    START_SECOND_ROUND: {Phase.PAUSE},
    OPEN_SELFTEST: SELFTEST_FROM,
    CLOSE_SELFTEST: {Phase.SELFTEST},
    FINISH: {
        Phase.LOBBY,
        Phase.QUESTION,
        Phase.CLOSED,
        Phase.REVEALED,
        Phase.PAUSE,
        Phase.SELFTEST,
    },
}
# A measuring round shows no right answers, and "next" needs no "close" first: one
# click per question at most (the next question also opens by itself when every
# pupil has answered or the time is up).
ALLOWED_WHILE_MEASURING = {
    **ALLOWED_FROM,
    REVEAL: set(),
    NEXT: {Phase.QUESTION, Phase.CLOSED},
}


def allowed_from(session: ClassSession, step: str) -> set[ClassSession.Phase]:
    return (ALLOWED_WHILE_MEASURING if session.measures else ALLOWED_FROM)[step]


def take_step(session_id: int, step: str, seen_version: int | None = None) -> ClassSession:
    """Move the session on by one step of the teacher.

    `seen_version` is the version the teacher's screen showed; when it is older
    the click came from a stale screen (or twice), and nothing happens.
    """
    if step not in ALLOWED_FROM:
        raise Refused("Deze knop bestaat niet.")
    with transaction.atomic():
        session = _locked(session_id)
        if session.is_expired:
            raise SessionOver("Deze quiz is verlopen. Start een nieuwe quiz.")
        if seen_version is not None and seen_version != session.version:
            raise StaleStep("Het scherm was al verder. Je ziet nu de nieuwste stand.")
        if _settle_locked(session) and step in (CLOSE, timer_step(session)):
            # The timer closed the question (or moved on) just before the teacher did.
            return _saved(session)
        if session.phase not in allowed_from(session, step):
            raise Conflict(
                f"Dat kan nu niet: de quiz staat op ‘{session.get_phase_display().lower()}’."
            )
        _apply(session, step)
        return _saved(session)


def _saved(session: ClassSession) -> ClassSession:
    """Saves a change pupils' screens must show (inside the locking transaction)."""
    session.version = F("version") + 1
    session.save()
    session.refresh_from_db()
    return session


def timer_step(session: ClassSession) -> str:
    """What the timer does when a question's time is up: in a quiz it closes the
    question (the teacher reveals the answer); in a measuring round, which shows no
    answers, it opens the next question."""
    return NEXT if session.measures else CLOSE


def _settle_locked(session: ClassSession) -> bool:
    """Takes the timer's step on a locked session whose open question is overdue."""
    if not session.is_overdue():
        return False
    _apply(session, timer_step(session))
    return True


def settle(session: ClassSession) -> ClassSession:
    """The session as it stands now: a question whose time ran out is closed (or,
    in a measuring round, followed by the next one).

    Every view calls this, so the timer works whether or not the board's page
    (and its JavaScript) is open. Cheap when nothing is due: no query at all.
    """
    if not session.is_overdue():
        return session
    with transaction.atomic():
        locked = _locked(session.pk)
        if _settle_locked(locked):
            return _saved(locked)
        return locked


def settled(session: ClassSession) -> ClassSession:
    """`settle` for a page that shows the session: a session the clean-up deleted
    meanwhile stays as it was (the page then says the quiz is over)."""
    try:
        return settle(session)
    except SessionOver:
        return session


def _locked(session_id: int) -> ClassSession:
    """The session row, locked until the transaction ends; gone means expired
    (the clean-up may delete it between two clicks)."""
    session = ClassSession.objects.select_for_update().filter(pk=session_id).first()
    if session is None:
        raise SessionOver("Deze quiz is voorbij en gewist.")
    return session


def _apply(session: ClassSession, step: str) -> None:
    session.deadline = None
    if session.phase == Phase.SELFTEST:
        # Leaving a test-yourself round: only the board showed its numbers, so they go.
        session.selftest_results.all().delete()
    if step == START:
        _open_question(session, 0)
    elif step == CLOSE:
        session.phase = Phase.CLOSED
    elif step == REVEAL:
        session.phase = Phase.REVEALED
    elif step == NEXT and not session.is_last_question:
        _open_question(session, session.current_index + 1)
    elif step == NEXT and not session.is_last_round:
        session.phase = Phase.PAUSE
    elif step == START_SECOND_ROUND:
        session.round = ClassSession.SECOND_ROUND_NUMBER
        _open_question(session, 0)
    elif step == OPEN_SELFTEST:
        session.selftest_from, session.phase = session.phase, Phase.SELFTEST
    elif step == CLOSE_SELFTEST:
        session.phase = session.selftest_from or Phase.LOBBY
        session.selftest_from = ""
    else:  # NEXT after the last question of the last round, or FINISH
        now = timezone.now()
        session.phase, session.ended, session.selftest_from = Phase.FINISHED, now, ""
        session.expires = min(session.expires, now + KEEP_AFTER_END)


def _open_question(session: ClassSession, index: int) -> None:
    session.phase, session.current_index = Phase.QUESTION, index
    if session.timer_seconds:
        session.deadline = timezone.now() + timedelta(seconds=session.timer_seconds)


# --- the pupils' answers ------------------------------------------------------


def record_answer(
    participant: Participant, question_id: int, choice_id: int, confidence: str
) -> Answer:
    """Keep a pupil's answer to the open question; the first answer counts."""
    if confidence not in rules.CONFIDENCE_LEVELS:
        raise Refused("Kies ook hoe zeker je bent: zeker, twijfel of gok.")
    with transaction.atomic():
        session = _locked(participant.session_id)
        if session.is_expired or session.phase == Phase.FINISHED:
            raise SessionOver("Deze quiz is al afgelopen.")
        if session.is_overdue():
            raise Conflict("Te laat: de tijd voor deze vraag is om.")
        if session.phase != Phase.QUESTION or session.current_question_id() != question_id:
            raise Conflict("Te laat: de antwoorden voor deze vraag zijn al dicht.")
        choice = Choice.objects.filter(pk=choice_id, question_id=question_id).first()
        if choice is None:
            raise Refused("Dit antwoord hoort niet bij deze vraag. Kies er een uit de lijst.")
        try:
            with transaction.atomic():
                answer = Answer.objects.create(
                    participant=participant,
                    question_id=question_id,
                    choice=choice,
                    confidence=confidence,
                    correct=choice.is_correct,
                    round=session.round,
                )
        except IntegrityError:
            raise AlreadyAnswered(
                "Je hebt deze vraag al beantwoord. Je eerste antwoord telt."
            ) from None
        _move_on_if_everyone_answered(session)
        return answer


def _move_on_if_everyone_answered(session: ClassSession) -> None:
    """A measuring round needs no teacher between questions: once every pupil in the
    session has answered the open question, the next one opens (or the round ends)."""
    question_id = session.current_question_id()
    if not session.measures or question_id is None:
        return
    pupils = session.participants.count()
    answered = Answer.objects.filter(
        participant__session=session, question_id=question_id, round=session.round
    ).count()
    if pupils and answered >= pupils:
        _apply(session, NEXT)
        _saved(session)


# --- handing control to another device ------------------------------------------

# Long enough to pick up a phone and type six characters; short enough that a
# photo of the board is of no use later.
PAIRING_LIFETIME = timedelta(minutes=2)
WRONG_PAIRING = "Deze koppelcode klopt niet of is verlopen. Vraag op het bord een nieuwe code."


def open_pairing(session_pk: int) -> ClassSession:
    """A new pairing code for the teacher's phone; an older one stops working."""
    with transaction.atomic():
        session = _locked(session_pk)
        session.pairing_code = codes.new_pairing_code()
        session.pairing_expires = timezone.now() + PAIRING_LIFETIME
        # Pupils' screens do not change: the version stays.
        session.save(update_fields=["pairing_code", "pairing_expires"])
    return session


def new_teacher_key(session_pk: int) -> ClassSession:
    """A new secret for the quiz, and no pairing code: every device that controlled
    it loses control, except the one that asks (the caller remembers the new one)."""
    with transaction.atomic():
        session = _locked(session_pk)
        session.teacher_token = codes.new_teacher_token()
        session.pairing_code = ""
        session.pairing_expires = None
        session.save(update_fields=["teacher_token", "pairing_code", "pairing_expires"])
    return session


def pair(code: str, pairing_code: str) -> ClassSession:
    """The session whose board showed this pairing code. The code is used up in the
    same UPDATE that checks it, so two phones can never both use it."""
    if not pairing_code:
        raise Refused(WRONG_PAIRING)
    used = (
        ClassSession.objects.live()
        .filter(code=code, pairing_code=pairing_code, pairing_expires__gt=timezone.now())
        .update(pairing_code="", pairing_expires=None)
    )
    if not used:
        raise Refused(WRONG_PAIRING)
    return ClassSession.objects.get(code=code)
