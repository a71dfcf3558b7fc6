from django import forms

from quiz.models import Question
from quiz.rules import CONFIDENCE_CHOICES


class AnswerForm(forms.Form):
    """One answer to one question: the choice and how sure the pupil was.

    The template draws the radio groups itself (fieldsets with legends); this
    form only checks what came back. Whether `question` is the question the
    pupil is at is the view's check (it answers an old page with 409).
    """

    question = forms.IntegerField(
        error_messages={
            "required": "Deze vraag weten we niet meer. Kies opnieuw een antwoord.",
            "invalid": "Deze vraag weten we niet meer. Kies opnieuw een antwoord.",
        }
    )
    choice = forms.TypedChoiceField(
        coerce=int,
        error_messages={
            "required": "Kies een antwoord.",
            "invalid_choice": (
                "Dit antwoord hoort niet bij deze vraag. Kies een van de antwoorden."
            ),
        },
    )
    confidence = forms.ChoiceField(
        choices=CONFIDENCE_CHOICES,
        error_messages={
            "required": "Kies hoe zeker je bent: zeker, twijfel of gok.",
            "invalid_choice": "Kies hoe zeker je bent: zeker, twijfel of gok.",
        },
    )

    def __init__(self, question: Question, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choice_field = self.fields["choice"]
        assert isinstance(choice_field, forms.TypedChoiceField)
        choice_field.choices = [(c.id, c.text) for c in question.choices.all()]
