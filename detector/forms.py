from django import forms

from detector.validation import AcceptedClip, ClipRejected, validate_clip
from detector.wording import errors, labels


class UploadForm(forms.Form):
    clip = forms.FileField(
        label=labels.UPLOAD_FIELD,
        error_messages={
            "required": errors.NO_FILE_CHOSEN,
            "empty": errors.EMPTY_FILE,
            "invalid": errors.NO_FILE_SENT,
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
