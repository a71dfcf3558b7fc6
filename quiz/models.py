from django.db import models

from lessons import content


def lesson_choices() -> list[tuple[str, str]]:
    return [(le.slug, f"{le.order}. {le.title}") for le in content.all_lessons()]


class QuestionQuerySet(models.QuerySet):
    def active(self) -> "QuestionQuerySet":
        return self.filter(is_active=True)

    def for_lesson(self, slug: str) -> "QuestionQuerySet":
        return self.filter(lesson_slug=slug)

    def playable(self) -> "QuestionQuerySet":
        """Questions a pupil can answer: two choices or more, exactly one of them right.

        The admin refuses anything else, but a question made another way (the
        shell, a fixture) must not break a quiz.
        """
        return self.annotate(
            choice_count=models.Count("choices"),
            correct_count=models.Count("choices", filter=models.Q(choices__is_correct=True)),
        ).filter(choice_count__gte=2, correct_count=1)


class Question(models.Model):
    class Kind(models.TextChoices):
        MULTIPLE_CHOICE = "meerkeuze", "Meerkeuze"
        TRUE_FALSE = "waar_niet_waar", "Waar of niet waar"
        SITUATION = "situatie", "Echt of nep? (situatie)"

    lesson_slug = models.CharField("les", max_length=60, choices=lesson_choices)
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

    objects = QuestionQuerySet.as_manager()

    class Meta:
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
        ordering = ["order", "id"]
        verbose_name = "antwoord"
        verbose_name_plural = "antwoorden"

    def __str__(self) -> str:
        return self.text
