"""Forms of the organisers' pages: a sign-up taken by hand, and the small forms behind each
button of a person's agenda or a session's list. They check what was sent; services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kiss_visit.typed_text import TypedTextField
from registrations.forms import IDENTITY, SignupDetailsForm
from registrations.models import Change

ABOUT_THEM = [*IDENTITY, "is_delegation", "language"]


class OrganiserRegistrationForm(SignupDetailsForm):
    """Someone who phoned or wrote, signed up by an organiser: checked like the public form,
    without its robot trap; the organiser records the consent given to them, the person's
    language and delegation membership, and whether the confirmation e-mail goes."""

    consent_given = forms.BooleanField(
        label=_("They gave me their consent to the privacy notice"),
        help_text=_("Recorded as given to you, now."),
        error_messages={"required": _("Sign someone up only once they have consented.")},
    )
    notify = forms.BooleanField(
        label=_("Send them the confirmation e-mail"), required=False, initial=True
    )

    required_css_class = "required"  # bold labels, as in the rest of the admin
    dietary_details_missing = _("Please describe their dietary requirement.")

    class Meta(SignupDetailsForm.Meta):
        fields = [*ABOUT_THEM, "accessibility_needs"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["join_waiting_list"].label = _(
            "If a chosen session is full, put them on its waiting list"
        )
        self.fields["join_waiting_list"].help_text = ""
        self.fields["accessibility_needs"].help_text = ""
        self.fields["is_delegation"].help_text = _(
            "Tick only for a confirmed member: they take the places kept for the partners."
        )
        self.fields["dietary_requirement"].widget = forms.Select(
            choices=self.fields["dietary_requirement"].choices
        )

    def about_them(self):
        return [self[name] for name in ABOUT_THEM]

    def participant_details(self) -> dict:
        details = super().participant_details()
        del details["language"]  # given to the service on its own
        return details


class AddSessionsForm(forms.Form):
    """More sessions for a person: those of their visit open for sign-up they do not hold."""

    join_waiting_list = forms.BooleanField(
        label=_("Waiting list if full"), required=False, initial=True
    )
    notify = forms.BooleanField(
        label=_("Send them the confirmation e-mail"), required=False, initial=True
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sessions"] = forms.TypedMultipleChoiceField(
            label=_("Sessions to add"),
            coerce=int,
            choices=[(s.pk, str(s)) for s in sessions],
            error_messages={"required": _("Choose at least one session.")},
            widget=forms.CheckboxSelectMultiple,
        )
        self.order_fields(["sessions"])


class MoveForm(forms.Form):
    """Any sign-up session of the visit: a full one is refused by the service, with a reason."""

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = {session.pk: session for session in sessions}
        self.fields["to_session"] = forms.TypedChoiceField(
            label=_("Move to"), coerce=int, choices=[(s.pk, str(s)) for s in sessions]
        )

    def target(self):
        return self.sessions[self.cleaned_data["to_session"]]


class RestoreForm(forms.Form):
    wait_if_full = forms.BooleanField(label=_("Waiting list if full"), required=False)


class PromoteForm(forms.Form):
    over_capacity = forms.BooleanField(
        label=_("Even if full (raises the capacity)"), required=False
    )


class LineForm(forms.Form):
    direction = forms.ChoiceField(
        choices=[("up", _("Move up")), ("down", _("Move down")), ("to", _("Move to place"))]
    )
    position = forms.IntegerField(label=_("Place in line"), min_value=1, required=False)
    reason = TypedTextField(
        label=_("Reason"),
        max_length=Change._meta.get_field("note").max_length,
        error_messages={"required": _("Give the reason for moving someone in the line.")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("direction") == "to" and cleaned.get("position") is None:
            self.add_error("position", _("Give the place in line to move them to."))
        return cleaned


ATTENDANCE = {"yes": True, "no": False, "unknown": None}


class AttendanceForm(forms.Form):
    attended = forms.ChoiceField(
        choices=[("yes", _("Attended")), ("no", _("No-show")), ("unknown", _("Unknown"))]
    )

    def value(self) -> bool | None:
        return ATTENDANCE[self.cleaned_data["attended"]]


class DelegationForm(forms.Form):
    member = forms.TypedChoiceField(
        choices=[("yes", _("Confirm membership")), ("no", _("Withdraw"))],
        coerce=lambda value: value == "yes",
    )
