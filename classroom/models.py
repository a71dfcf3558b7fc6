"""A class session of the live quiz, the pupils who joined it and their answers.

Nothing here is kept for long: `cleanup_classroom` deletes a session, and with
it every participant and answer, once its `expires` time has passed.
"""

import math
from datetime import timedelta

from django.db import models
from django.utils import timezone

from quiz.models import Choice, Question

# A class session never lives longer than this, finished or not.
MAX_AGE = timedelta(hours=4)
# After the teacher ends the quiz, pupils can still look at their score for a while.
KEEP_AFTER_END = timedelta(hours=1)


class ClassSessionQuerySet(models.QuerySet):
    def live(self) -> "ClassSessionQuerySet":
        return self.filter(expires__gt=timezone.now())

    def expired(self) -> "ClassSessionQuerySet":
        return self.filter(expires__lte=timezone.now())


class ClassSession(models.Model):
    class Phase(models.TextChoices):
        LOBBY = "lobby", "Wachten op leerlingen"
        QUESTION = "question", "Vraag staat open"
        CLOSED = "closed", "Antwoorden gesloten"
        REVEALED = "revealed", "Antwoord getoond"
        # Between the nulmeting and the eindmeting: the teacher gives the lesson.
        PAUSE = "pause", "Les bezig"
        # "Test jezelf": every pupil films themselves and the board shows the class's
        # numbers (classroom.selftest). Opened from the lobby or the pause.
        SELFTEST = "selftest", "Test jezelf"
        FINISHED = "finished", "Afgelopen"

    # The rounds of a session that measures: the same questions before and after the lesson.
    FIRST_ROUND_NUMBER, SECOND_ROUND_NUMBER = 1, 2

    code = models.CharField(max_length=6, unique=True)
    teacher_token = models.CharField(max_length=64)
    question_ids = models.JSONField(default=list)
    current_index = models.PositiveSmallIntegerField(default=0)
    phase = models.CharField(max_length=10, choices=Phase, default=Phase.LOBBY)
    # Bumped on every change a pupil's screen must show, so a poll with
    # nothing new can be answered without rendering anything.
    version = models.PositiveIntegerField(default=1)
    # Seconds a question stays open (0: until the teacher closes it), and when the
    # open question closes by itself. Every request after `deadline` treats the
    # question as closed (`classroom.flow.settle`), whatever the board's clock says.
    timer_seconds = models.PositiveSmallIntegerField(default=0)
    deadline = models.DateTimeField(null=True, blank=True)
    # A session that measures the lesson: the questions once as nulmeting (round 1)
    # at the start of the class and once more as eindmeting (round 2) at the end.
    measures = models.BooleanField(default=False)
    round = models.PositiveSmallIntegerField(default=1)
    # No more pupils than this can join (fake pupils flooding the board); the teacher
    # can raise it on the board.
    max_pupils = models.PositiveSmallIntegerField(default=40)
    # Handing control to the teacher's phone: a short code the board shows after a
    # deliberate click, usable once until `pairing_expires` (classroom.flow.pair).
    pairing_code = models.CharField(max_length=6, blank=True)
    pairing_expires = models.DateTimeField(null=True, blank=True)
    # Where a test-yourself round goes back to when the teacher closes it: the
    # phase it was opened from (the lobby or the pause); empty outside a round.
    selftest_from = models.CharField(max_length=10, choices=Phase, blank=True)
    created = models.DateTimeField(default=timezone.now)
    ended = models.DateTimeField(null=True, blank=True)
    expires = models.DateTimeField(db_index=True)

    objects = ClassSessionQuerySet.as_manager()

    class Meta:
        verbose_name = "klassikale quiz"
        verbose_name_plural = "klassikale quizzen"

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs) -> None:
        if self.expires is None:
            self.expires = self.created + MAX_AGE
        super().save(*args, **kwargs)

    @property
    def is_expired(self) -> bool:
        return self.expires <= timezone.now()

    @property
    def question_count(self) -> int:
        return len(self.question_ids)

    @property
    def question_number(self) -> int:
        return self.current_index + 1

    @property
    def is_last_question(self) -> bool:
        return self.current_index >= len(self.question_ids) - 1

    @property
    def is_last_round(self) -> bool:
        return not self.measures or self.round >= self.SECOND_ROUND_NUMBER

    @property
    def round_name(self) -> str:
        """ "Nulmeting" or "Eindmeting" in a session that measures, else ""."""
        if not self.measures:
            return ""
        return "Nulmeting" if self.round == self.FIRST_ROUND_NUMBER else "Eindmeting"

    @property
    def reveals_answers(self) -> bool:
        """A measuring round shows no right answers: the nulmeting would teach them."""
        return not self.measures

    def is_overdue(self, now=None) -> bool:
        """The open question's time is up, but nobody has closed it yet."""
        return (
            self.phase == self.Phase.QUESTION
            and self.deadline is not None
            and self.deadline <= (now or timezone.now())
        )

    def seconds_left(self, now=None) -> int | None:
        if self.phase != self.Phase.QUESTION or self.deadline is None:
            return None
        left = (self.deadline - (now or timezone.now())).total_seconds()
        return max(0, math.ceil(left))

    @property
    def shows_question(self) -> bool:
        return self.phase in (self.Phase.QUESTION, self.Phase.CLOSED, self.Phase.REVEALED)

    def current_question_id(self) -> int | None:
        if not self.shows_question or not self.question_ids:
            return None
        return self.question_ids[self.current_index]

    def current_question(self) -> Question | None:
        question_id = self.current_question_id()
        if question_id is None:
            return None
        return Question.objects.prefetch_related("choices").filter(pk=question_id).first()


class Participant(models.Model):
    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="participants")
    nickname = models.CharField(max_length=20)
    # Case and spacing folded, so "Sam" and " sam" cannot both join.
    nickname_key = models.CharField(max_length=20)
    # A fingerprint (SHA-256) of the Django session the pupil joined from.
    session_key = models.CharField(max_length=40, blank=True)
    joined = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["joined", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "nickname_key"], name="classroom_unique_nickname"
            )
        ]

    def __str__(self) -> str:
        return self.nickname


class RemovedPupil(models.Model):
    """A pupil the teacher took off the board. Neither their browser nor their nickname
    can join this session again; the Participant row itself is deleted with its answers,
    so the board and the results only ever see the pupils who take part."""

    session = models.ForeignKey(
        ClassSession, on_delete=models.CASCADE, related_name="removed_pupils"
    )
    # As on Participant: the folded nickname and the browser session's fingerprint.
    nickname_key = models.CharField(max_length=20)
    session_key = models.CharField(max_length=40, blank=True)
    removed = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.nickname_key


class Answer(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, related_name="+")
    confidence = models.CharField(max_length=10)
    correct = models.BooleanField()
    answered = models.DateTimeField(default=timezone.now)
    # The session's round when the answer was given: a session that measures asks
    # the same questions twice.
    round = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "question", "round"],
                name="classroom_one_answer_per_question_per_round",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} → {self.choice_id}"


class SelfTestResult(models.Model):
    """One pupil's recording in the open test-yourself round, as numbers only: the
    blink rate and the kinds of hint the check gave (classroom.selftest.HINT_KINDS).
    No video, picture or report is kept here; the analysis itself is the pupil's own
    (their browser opens it, it expires as every result does). A new recording
    replaces the pupil's row; rows go with the pupil and with the session."""

    session = models.ForeignKey(
        ClassSession, on_delete=models.CASCADE, related_name="selftest_results"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="selftest_results"
    )
    # The detector's Analysis id (not a foreign key: the result expires, or the pupil
    # deletes it, on its own schedule; the numbers here stay with the session).
    analysis_id = models.CharField(max_length=32)
    # The analysis ended (well or not) and its numbers, if any, are copied.
    done = models.BooleanField(default=False)
    # None: not measured (too short, no face, the analysis failed).
    blink_rate_per_min = models.FloatField(null=True, blank=True)
    hints = models.JSONField(default=list, blank=True)
    recorded = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant"], name="classroom_one_selftest_per_pupil")
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.blink_rate_per_min}"
