"""What pupils and teachers send to Klassikaal, checked before the flow sees it.

A form that does not pass is answered with 400 and its first message; the
checks that need the session's state (is the code known, is the question still
open) are the flow's, and raise its typed errors.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from classroom import codes, flow, nicknames
from lessons import content
from quiz.rules import CONFIDENCE_CHOICES

CODE_SHAPE = f"Een code heeft {codes.CODE_LENGTH} tekens. Kijk nog eens goed op het bord."
PICK_A_CHOICE = "Kies een van de antwoorden."
PICK_A_CONFIDENCE = "Kies ook hoe zeker je bent: zeker, twijfel of gok."
UNKNOWN_QUESTION = "Deze vraag bestaat niet."
COUNT_RANGE = f"Kies een aantal vragen van 1 tot en met {flow.MAX_QUESTIONS}."
MEASURE_RANGE = (
    "Een nulmeting en eindmeting hebben {} tot en met {} vragen: dezelfde vragen, twee keer."
).format(*flow.MEASURE_QUESTIONS)
TIMER_CHOICE = "Kies geen tijd, 20, 30 of 60 seconden per vraag."
KIND_CHOICE = "Kies een gewone quiz of een nulmeting met eindmeting."

QUIZ, MEASURE = "quiz", "meting"
KIND_CHOICES = [
    (QUIZ, "Gewone quiz: na elke vraag bespreek je het goede antwoord"),
    (MEASURE, "Nulmeting en eindmeting: dezelfde vragen aan het begin en aan het eind van de les"),
]
TIMER_LABELS = [
    (str(seconds), f"{seconds} seconden" if seconds else "Geen tijd: jij sluit de vraag")
    for seconds in flow.TIMER_CHOICES
]


def first_error(form: forms.Form) -> str:
    """The message to show: the first problem, in the order of the form's fields."""
    for field in form.fields:
        if field in form.errors:
            return str(form.errors[field][0])
    return str(next(iter(form.errors.values()))[0])


class JoinForm(forms.Form):
    code = forms.CharField(required=False)
    # Not stripped and not required: the nickname rules say what is wrong with it.
    bijnaam = forms.CharField(required=False, strip=False)

    def clean_code(self) -> str:
        code = codes.normalise_code(self.cleaned_data["code"])
        if code is None:
            raise ValidationError(CODE_SHAPE)
        return code

    def clean_bijnaam(self) -> str:
        try:
            return nicknames.clean_nickname(self.cleaned_data["bijnaam"])
        except nicknames.NicknameError as error:
            raise ValidationError(str(error)) from error


class NewSessionForm(forms.Form):
    les = forms.MultipleChoiceField(
        choices=content.lesson_choices,
        required=False,
        error_messages={"invalid_choice": "Een van de gekozen lessen bestaat niet."},
    )
    aantal = forms.IntegerField(
        min_value=1,
        max_value=flow.MAX_QUESTIONS,
        error_messages={
            "required": COUNT_RANGE,
            "invalid": COUNT_RANGE,
            "min_value": COUNT_RANGE,
            "max_value": COUNT_RANGE,
        },
    )
    soort = forms.ChoiceField(
        choices=KIND_CHOICES,
        required=False,
        error_messages={"invalid_choice": KIND_CHOICE},
    )
    tijd = forms.TypedChoiceField(
        choices=TIMER_LABELS,
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": TIMER_CHOICE},
    )

    def clean_soort(self) -> str:
        return self.cleaned_data["soort"] or QUIZ

    def clean_tijd(self) -> int:
        return self.cleaned_data["tijd"] or 0

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = flow.MEASURE_QUESTIONS
        count = data.get("aantal")
        if data.get("soort") == MEASURE and count is not None and not low <= count <= high:
            self.add_error("aantal", MEASURE_RANGE)
        return data


class AnswerForm(forms.Form):
    """A pupil's answer: the same field names as the solo quiz's `quiz.forms.AnswerForm`."""

    question = forms.IntegerField(
        error_messages={"required": UNKNOWN_QUESTION, "invalid": UNKNOWN_QUESTION}
    )
    choice = forms.IntegerField(
        error_messages={"required": PICK_A_CHOICE, "invalid": PICK_A_CHOICE}
    )
    confidence = forms.ChoiceField(
        choices=CONFIDENCE_CHOICES,
        error_messages={"required": PICK_A_CONFIDENCE, "invalid_choice": PICK_A_CONFIDENCE},
    )


class StepForm(forms.Form):
    stap = forms.ChoiceField(
        choices=[(step, step) for step in flow.ALLOWED_FROM],
        error_messages={
            "required": "Deze knop bestaat niet.",
            "invalid_choice": "Deze knop bestaat niet.",
        },
    )
    # The version the teacher's screen showed; without a readable one the step
    # is not checked for staleness.
    versie = forms.CharField(required=False)

    def clean_versie(self) -> int | None:
        try:
            return int(self.cleaned_data["versie"])
        except ValueError:
            return None


class RemovePupilForm(forms.Form):
    """The teacher takes one pupil off the board."""

    leerling = forms.IntegerField(
        min_value=1,
        error_messages={
            "required": "Welke leerling? Probeer het opnieuw.",
            "invalid": "Welke leerling? Probeer het opnieuw.",
            "min_value": "Welke leerling? Probeer het opnieuw.",
        },
    )


class MaxPupilsForm(forms.Form):
    """The teacher lets more (or fewer) pupils join."""

    maximum = forms.IntegerField(
        min_value=1,
        max_value=flow.MAX_PUPILS_LIMIT,
        error_messages={
            "required": f"Kies een aantal van 1 tot en met {flow.MAX_PUPILS_LIMIT}.",
            "invalid": f"Kies een aantal van 1 tot en met {flow.MAX_PUPILS_LIMIT}.",
            "min_value": f"Kies een aantal van 1 tot en met {flow.MAX_PUPILS_LIMIT}.",
            "max_value": f"Kies een aantal van 1 tot en met {flow.MAX_PUPILS_LIMIT}.",
        },
    )
