"""Forms of the participant's private page: the sessions they hold, and confirming a
cancellation or an erasure."""

from crispy_forms.layout import Field
from django import forms
from django.utils.translation import gettext_lazy as _

from registrations.forms import (
    SessionChoiceMixin,
    dietary_fields,
    dietary_fieldset,
    page_form_helper,
    waiting_list_field,
)


class ChangeSessionsForm(SessionChoiceMixin, forms.Form):
    """The manage page: the participant's sessions, ticked; untick to drop, tick to add."""

    def __init__(self, *args, participant, sessions, checked, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_session_field(sessions, checked=checked)
        self.fields["sessions"].required = False
        dietary_fields(self)
        waiting_list_field(self)
        self.initial.update(
            dietary_requirement=participant.dietary_requirement,
            dietary_notes=participant.dietary_notes,
        )
        self.helper = page_form_helper(
            Field("sessions", template="registrations/includes/_session_choices.html"),
            "join_waiting_list",
            dietary_fieldset(),
        )

    def clean(self):
        cleaned = super().clean()
        self.clean_dietary(cleaned)
        return cleaned

    def dietary(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("dietary_requirement", "dietary_notes")}


class ConfirmForm(forms.Form):
    """A deliberate tick for what cannot be undone (cancel everything, erase my data)."""

    confirm = forms.BooleanField(
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, *args, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = label
        self.helper = page_form_helper()
