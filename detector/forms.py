from django import forms

from detector.validation import AcceptedClip, ClipRejected, validate_clip


class UploadForm(forms.Form):
    clip = forms.FileField(
        label="Kies een videoclip",
        error_messages={
            "required": "Kies eerst een video om te controleren.",
            "empty": "Het bestand is leeg.",
            "invalid": "Er is geen bestand meegestuurd. Kies een video en probeer het opnieuw.",
        },
    )

    accepted: AcceptedClip | None = None
    # The clip was refused after its headers were read (see ClipRejected.sniffed).
    sniffed = False

    def clean_clip(self):
        upload = self.cleaned_data["clip"]
        try:
            self.accepted = validate_clip(upload)
        except ClipRejected as error:
            self.sniffed = error.sniffed
            raise forms.ValidationError(str(error), code="rejected") from error
        return upload
