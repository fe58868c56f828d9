"""The check-in page's form: a walk-in, signed up at the door."""

from django import forms
from django.utils.translation import gettext_lazy as _

from registrations.admin.forms import (
    OrganiserRegistrationForm,
)
from registrations.forms import IDENTITY, TYPED_BY_PARTICIPANTS
from registrations.models import Participant
from registrations.widgets import CountrySelect


class WalkInForm(forms.ModelForm):
    """Someone who turned up at the door, signed up on the spot by an organiser. Only what a
    badge and a sign-in sheet need; the rest can be completed on their participant's page."""

    consent_given = OrganiserRegistrationForm.base_fields["consent_given"]
    over_capacity = forms.BooleanField(
        label=_("Over capacity: add them even if the session is full"),
        help_text=_("The capacity is raised by one place, and the history says so."),
        required=False,
    )
    send_confirmation = forms.BooleanField(
        label=_("Send them the confirmation e-mail"),
        help_text=_("With their check-in code and their private link."),
        required=False,
        initial=True,
    )

    required_css_class = "required"

    class Meta:
        model = Participant
        fields = [*IDENTITY, "language"]
        field_classes = TYPED_BY_PARTICIPANTS
        widgets = {"country": CountrySelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # As on the public form: chosen, never preselected (see registrations/public/forms.py).
        self.fields["country"].required = True

    def participant_details(self) -> dict:
        return {name: self.cleaned_data[name] for name in IDENTITY}
