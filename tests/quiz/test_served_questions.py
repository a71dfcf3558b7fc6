"""The rules for quiz questions, checked on what the quiz actually serves: the
database after every seed migration (v2 questions and the picture questions
together), not one data file. tests/quiz/test_seed_v2.py checks the v2 file itself."""

from collections import Counter

import pytest

from lessons import content
from quiz.models import Question

pytestmark = pytest.mark.django_db

MULTIPLE = (Question.Kind.MULTIPLE_CHOICE, Question.Kind.SITUATION)


def served() -> list[Question]:
    return list(Question.objects.active().playable().prefetch_related("choices"))


def test_every_lesson_serves_at_least_seven_questions():
    per_lesson = Counter(q.lesson_slug for q in served())
    for lesson in content.all_lessons():
        assert per_lesson[lesson.slug] >= 7, lesson.slug


def test_every_served_multiple_choice_question_has_four_choices():
    for question in served():
        texts = [c.text for c in question.choices.all()]
        if question.kind in MULTIPLE:
            assert len(texts) == 4, question.seed_key or question.text
        else:
            assert texts == ["Waar", "Niet waar"], question.seed_key or question.text


def test_the_right_answer_is_the_longest_in_at_most_a_third_of_the_served_questions():
    multiple = [q for q in served() if q.kind in MULTIPLE]
    assert multiple
    longest_is_right = 0
    for question in multiple:
        choices = list(question.choices.all())
        longest = max(len(c.text) for c in choices)
        right = next(c for c in choices if c.is_correct)
        longest_is_right += len(right.text) >= longest
    assert longest_is_right <= len(multiple) / 3, f"{longest_is_right} of {len(multiple)}"
