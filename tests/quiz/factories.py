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


def admin_form(*choices, kind="meerkeuze", anchor="knipperen", lesson="herkennen", **fields):
    """The POST data of the admin's add form; choices are (text, is_correct)."""
    data = {
        "lesson_slug": lesson,
        "lesson_anchor": anchor,
        "kind": kind,
        "situation": "",
        "text": "Hoe vaak knippert iemand in een gesprek?",
        "explanation": "Zo’n 26 keer per minuut.",
        "is_active": "on",
        "choices-TOTAL_FORMS": str(max(len(choices), 3)),
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
        # The pictures inline, empty: a question without pictures.
        "pictures-TOTAL_FORMS": "0",
        "pictures-INITIAL_FORMS": "0",
        "pictures-MIN_NUM_FORMS": "0",
        "pictures-MAX_NUM_FORMS": "2",
    }
    # Empty rows as a browser sends them: no text, the default order.
    rows = list(choices) + [("", False)] * (3 - len(choices))
    for i, (text, is_correct) in enumerate(rows):
        data[f"choices-{i}-text"] = text
        data[f"choices-{i}-order"] = str(i + 1) if text else "0"
        if is_correct:
            data[f"choices-{i}-is_correct"] = "on"
    data.update(fields)
    return data
