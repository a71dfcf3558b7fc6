"""Teachers keep the quiz questions here: a question with its answers inline."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from common.body_limit import body_limit, multipart_bytes
from lessons import content, sections
from quiz import eligibility, pictures
from quiz.models import Choice, Picture, Question

TRUE_FALSE_TEXTS = ("Waar", "Niet waar")
# A question's add and change forms carry its pictures: they may be this big.
QUESTION_FORM_MB = Picture.MAX_PER_QUESTION * pictures.MAX_UPLOAD_MB
question_form_limit = body_limit(
    multipart_bytes(QUESTION_FORM_MB),
    too_large_message="Dit is te veel om te versturen. De plaatjes bij een vraag mogen samen "
    f"hoogstens {QUESTION_FORM_MB} MB zijn.",
)


def section_choices() -> list:
    """The sections a question can link to, grouped per lesson."""
    groups: list = [("", "Geen: naar het begin van de les")]
    for lesson in content.all_lessons():
        labels = sections.sections_of(lesson.slug)
        groups.append(
            (f"Les {lesson.order}: {lesson.title}", [(a, label) for a, label in labels.items()])
        )
    return groups


class ChoiceInlineFormSet(BaseInlineFormSet):
    """Only playable questions (`quiz.eligibility`); true/false is Waar and Niet waar."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("text")
        ]
        correct = sum(bool(data.get("is_correct")) for data in kept)
        problems = [
            _problem_text(code, len(kept), correct)
            for code in eligibility.problems(len(kept), correct)
        ]
        if getattr(self.instance, "kind", "") == Question.Kind.TRUE_FALSE:
            texts = sorted(data["text"].strip() for data in kept)
            if texts != sorted(TRUE_FALSE_TEXTS):
                problems.append(
                    "Bij een vraag ‘waar of niet waar’ zijn de antwoorden precies ‘Waar’ en "
                    "‘Niet waar’."
                )
        if problems:
            raise ValidationError(problems)


def _problem_text(code: str, choice_count: int, right_count: int) -> str:
    if code == eligibility.TOO_FEW_CHOICES:
        return (
            "Een vraag heeft minstens twee antwoorden nodig. "
            f"Nu {'is er' if choice_count == 1 else 'zijn er'} {choice_count}."
        )
    if code == eligibility.NO_RIGHT_CHOICE:
        return "Vink precies één antwoord aan als goed antwoord. Nu is er geen goed antwoord."
    return f"Vink precies één antwoord aan als goed antwoord. Nu zijn er {right_count} aangevinkt."


class ChoiceInline(admin.TabularInline):
    model = Choice
    formset = ChoiceInlineFormSet
    extra = 3
    fields = ["text", "is_correct", "order"]


class PictureForm(forms.ModelForm):
    """A picture is re-encoded on upload: only its pixels are kept (`quiz.pictures`)."""

    class Meta:
        model = Picture
        fields = ["image", "alt", "order"]
        error_messages = {
            "alt": {
                "required": "Beschrijf wat er op het plaatje te zien is. Leerlingen die niet "
                "goed zien, horen deze tekst voorgelezen."
            },
            "image": {"required": "Kies een plaatje, of laat deze regel helemaal leeg."},
        }
        widgets = {"alt": forms.Textarea(attrs={"rows": 2})}

    def clean_image(self) -> Any:
        image = self.cleaned_data.get("image")
        # A new upload has a content type; an unchanged stored picture does not.
        if image and hasattr(image, "content_type"):
            return pictures.clean_upload(image)
        return image

    def clean_alt(self) -> str:
        return (self.cleaned_data.get("alt") or "").strip()


class PictureInlineFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data
            and form.cleaned_data.get("image")
            and not form.cleaned_data.get("DELETE")
        ]
        if len(kept) > Picture.MAX_PER_QUESTION:
            raise ValidationError(
                f"Een vraag heeft hoogstens {Picture.MAX_PER_QUESTION} plaatjes. "
                f"Nu zijn het er {len(kept)}."
            )


class PictureInline(admin.StackedInline):
    model = Picture
    form = PictureForm
    formset = PictureInlineFormSet
    extra = 0
    max_num = Picture.MAX_PER_QUESTION
    fields = ["image", "alt", "order"]
    verbose_name = "plaatje"
    verbose_name_plural = (
        "Plaatjes (hoogstens twee; bij twee plaatjes zien leerlingen ‘Foto 1’ en ‘Foto 2’)"
    )


class QuestionAdminForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = [
            "lesson_slug",
            "lesson_anchor",
            "kind",
            "situation",
            "text",
            "explanation",
            "is_active",
        ]
        help_texts = {
            "lesson_anchor": "Het stuk van de les waar de uitleg staat. De leerling krijgt na de "
            "vraag een link daarheen.",
            "kind": "Bij ‘waar of niet waar’ zijn de antwoorden ‘Waar’ en ‘Niet waar’.",
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = section_choices()
        current = self.instance.lesson_anchor if self.instance else ""
        known = {value for _, group in choices[1:] for value, _ in group}
        if current and current not in known:
            choices.append(("Anders", [(current, current)]))
        self.fields["lesson_anchor"].widget = forms.Select(choices=choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        slug, anchor = data.get("lesson_slug"), data.get("lesson_anchor")
        owner = sections.lesson_of_section(anchor) if anchor else None
        if anchor and owner and owner != slug:
            self.add_error(
                "lesson_anchor",
                "Dit stuk hoort bij een andere les. Kies een stuk van de les die je hierboven "
                "koos, of kies ‘Geen’.",
            )
        if (
            data.get("kind") == Question.Kind.SITUATION
            and not (data.get("situation") or "").strip()
        ):
            self.add_error("situation", "Beschrijf bij een situatievraag wat er gebeurt.")
        return data


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionAdminForm
    inlines = [PictureInline, ChoiceInline]
    list_display = ["text", "lesson_slug", "kind", "is_active"]
    list_filter = ["lesson_slug", "kind", "is_active"]
    search_fields = ["text", "situation", "explanation"]
    list_per_page = 50

    @question_form_limit
    def add_view(self, request, form_url="", extra_context=None):
        return super().add_view(request, form_url, extra_context)

    @question_form_limit
    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(request, object_id, form_url, extra_context)
