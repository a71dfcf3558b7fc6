"""Small factories for the quiz tests."""

from quiz.models import Choice, Question


def make_question(
    lesson_slug: str = "gan",
    *,
    lesson_anchor: str = "maker-en-checker",
    kind: str = Question.Kind.MULTIPLE_CHOICE,
    text: str = "Wat doet de checker?",
    choices: tuple[tuple[str, bool], ...] = (("Hij controleert", True), ("Hij maakt", False)),
    explanation: str = "De checker controleert of een beeld echt is.",
    is_active: bool = True,
    situation: str = "",
) -> Question:
    """A question with its choices, saved."""
    question = Question.objects.create(
        lesson_slug=lesson_slug,
        lesson_anchor=lesson_anchor,
        kind=kind,
        text=text,
        explanation=explanation,
        is_active=is_active,
        situation=situation,
    )
    for order, (choice_text, is_correct) in enumerate(choices, start=1):
        Choice.objects.create(
            question=question, text=choice_text, is_correct=is_correct, order=order
        )
    return question
