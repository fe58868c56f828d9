"""The organisers' form for a visit's certificates and reminders: the signature arrives as an
uploaded file, checked to be a PNG or JPEG image of reasonable size before it is kept."""

import io

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from PIL import Image

from kiss_visit.typed_text import TypedTextField
from registrations.models.visit_options import (
    SIGNATURE_FORMATS,
    SIGNATURE_MAX_BYTES,
    VisitOptions,
)

SIGNATURE_MAX_PIXELS = 4000  # either side: a scanned signature needs far less


def read_signature(upload) -> tuple[bytes, str]:
    """(the image's bytes, its format), or ValidationError in the organiser's language."""
    if upload.size > SIGNATURE_MAX_BYTES:
        raise ValidationError(
            _("This image is too big (%(size)s KB): at most %(limit)s KB."),
            params={"size": upload.size // 1024, "limit": SIGNATURE_MAX_BYTES // 1024},
        )
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            kind, size = image.format, image.size
    except Exception as error:  # Pillow raises many kinds for files that are no image
        raise ValidationError(_("This file is not a PNG or JPEG image.")) from error
    if kind not in SIGNATURE_FORMATS:
        raise ValidationError(_("This file is not a PNG or JPEG image."))
    if max(size) > SIGNATURE_MAX_PIXELS:
        raise ValidationError(
            _("This image is too big (%(width)s × %(height)s pixels): at most %(limit)s a side."),
            params={"width": size[0], "height": size[1], "limit": SIGNATURE_MAX_PIXELS},
        )
    return data, kind


class VisitOptionsForm(forms.ModelForm):
    signature = forms.FileField(
        label=capfirst(_("signature image")),
        required=False,
        help_text=_("PNG or JPEG, at most 512 KB; printed above the signatory's name."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_signature = forms.BooleanField(
        label=capfirst(_("remove the signature image")), required=False
    )

    class Meta:
        model = VisitOptions
        fields = ["visit", "signatory_name", "reminders_on", "reminder_hour"]
        field_classes = {"signatory_name": TypedTextField}

    def clean_signature(self):
        upload = self.cleaned_data.get("signature")
        return read_signature(upload) if upload else None

    def save(self, commit=True):
        options = super().save(commit=False)
        if self.cleaned_data.get("remove_signature"):
            options.signature_image, options.signature_format = b"", ""
        if self.cleaned_data.get("signature"):
            options.signature_image, options.signature_format = self.cleaned_data["signature"]
        if commit:
            options.save()
        return options
