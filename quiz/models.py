"""Quiz questions and their answers.

The tables keep their first names (`lessons_question`, `lessons_choice`): the
models moved here from the lessons app without moving any data.
"""

from pathlib import PurePosixPath

from django.db import models
from django.urls import reverse

from lessons import content
from quiz import eligibility
from quiz.pictures import Mark, picture_storage, seed_mark


class QuestionQuerySet(models.QuerySet):
    def active(self) -> "QuestionQuerySet":
        return self.filter(is_active=True)

    def for_lesson(self, slug: str) -> "QuestionQuerySet":
        return self.filter(lesson_slug=slug)

    def playable(self) -> "QuestionQuerySet":
        """Questions a pupil can answer (`quiz.eligibility`).

        The admin refuses anything else, but a question made another way (the
        shell, a fixture) must not break a quiz or a Klassikaal session.
        """
        return eligibility.playable_only(self)


class Question(models.Model):
    class Kind(models.TextChoices):
        MULTIPLE_CHOICE = "meerkeuze", "Meerkeuze"
        TRUE_FALSE = "waar_niet_waar", "Waar of niet waar"
        SITUATION = "situatie", "Echt of nep? (situatie)"

    lesson_slug = models.CharField("les", max_length=60, choices=content.lesson_choices)
    # The section of the lesson that covers the question (an id in its body).
    lesson_anchor = models.CharField("stuk van de les (anker)", max_length=60, blank=True)
    kind = models.CharField("soort", max_length=20, choices=Kind, default=Kind.MULTIPLE_CHOICE)
    situation = models.TextField(
        "situatie", blank=True, help_text="Alleen bij een situatievraag: wat er gebeurt."
    )
    text = models.TextField("vraag")
    explanation = models.TextField(
        "uitleg", help_text="Waarom het goede antwoord goed is en het verleidelijke foute fout."
    )
    is_active = models.BooleanField("in gebruik", default=True)
    created = models.DateTimeField(auto_now_add=True)
    # The `key` of a question seeded from quiz/migrations/data/*.toml, so a
    # later seed can update or retire it; questions made in the admin have none.
    seed_key = models.CharField(max_length=80, unique=True, null=True, blank=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        db_table = "lessons_question"
        ordering = ["lesson_slug", "id"]
        verbose_name = "vraag"
        verbose_name_plural = "vragen"

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def lesson(self) -> content.Lesson | None:
        return content.get_lesson(self.lesson_slug)

    def correct_choice(self) -> "Choice | None":
        return next((c for c in self.choices.all() if c.is_correct), None)


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField("antwoord", max_length=300)
    is_correct = models.BooleanField("goed antwoord", default=False)
    order = models.PositiveSmallIntegerField("volgorde", default=0)

    class Meta:
        db_table = "lessons_choice"
        ordering = ["order", "id"]
        verbose_name = "antwoord"
        verbose_name_plural = "antwoorden"

    def __str__(self) -> str:
        return self.text


class Picture(models.Model):
    """A photo shown with a question; a question has at most MAX_PER_QUESTION."""

    MAX_PER_QUESTION = 2

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="pictures")
    image = models.ImageField(
        "plaatje",
        upload_to="vragen/%Y/",
        storage=picture_storage,
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    alt = models.CharField(
        "beschrijving (alt-tekst)",
        max_length=400,
        help_text="Wat er op het plaatje te zien is, in één of twee zinnen. Wie niet goed ziet, "
        "hoort deze tekst. Verklap het antwoord niet.",
    )
    order = models.PositiveSmallIntegerField("volgorde", default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "plaatje"
        verbose_name_plural = "plaatjes"
        constraints = [
            models.CheckConstraint(condition=~models.Q(alt=""), name="quiz_picture_has_alt_text")
        ]

    def __str__(self) -> str:
        return self.alt[:80]

    @property
    def mark(self) -> Mark | None:
        """Where a seeded picture was changed: ringed once the answer is known."""
        return seed_mark(self.image.name or "")

    @property
    def url(self) -> str:
        # The file name is part of the address: a new upload gets a new address.
        return reverse("quiz:picture", args=[self.pk, PurePosixPath(self.image.name or "").name])
