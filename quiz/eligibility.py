"""The one rule for which quiz questions may be played.

A playable question has at least two answers and exactly one right answer.
The pupil's quiz, Klassikaal and the admin all ask this module: the first two
through `Question.objects.playable()` (which calls `playable_only`), the admin
through `problems()` on the answers a teacher typed in.
"""

from typing import TypeVar

from django.db import models

QuerySetT = TypeVar("QuerySetT", bound=models.QuerySet)

MIN_CHOICES = 2
RIGHT_CHOICES = 1

# Why a question cannot be played (codes; the admin words them in Dutch).
TOO_FEW_CHOICES = "too_few_choices"
NO_RIGHT_CHOICE = "no_right_choice"
SEVERAL_RIGHT_CHOICES = "several_right_choices"


def problems(choice_count: int, right_count: int) -> list[str]:
    """What keeps a question with these answers from being played; [] when nothing."""
    found = []
    if choice_count < MIN_CHOICES:
        found.append(TOO_FEW_CHOICES)
    if right_count < RIGHT_CHOICES:
        found.append(NO_RIGHT_CHOICE)
    elif right_count > RIGHT_CHOICES:
        found.append(SEVERAL_RIGHT_CHOICES)
    return found


def playable_only(questions: QuerySetT) -> QuerySetT:
    """`questions` narrowed to the playable ones.

    A subquery, not an annotation on `questions` itself, so callers can still
    group, count or take `values_list` of the result.
    """
    playable_ids = (
        questions.model._default_manager.annotate(
            choice_count=models.Count("choices"),
            right_count=models.Count("choices", filter=models.Q(choices__is_correct=True)),
        )
        .filter(choice_count__gte=MIN_CHOICES, right_count=RIGHT_CHOICES)
        .values("pk")
    )
    return questions.filter(pk__in=playable_ids)
