"""Forms of the public registration pages: signing up, and asking for the private link again."""

from crispy_forms.layout import Field, Fieldset
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kiss_visit.typed_text import TypedEmailField
from registrations.forms import (
    IDENTITY,
    SessionChoiceMixin,
    SignupDetailsForm,
    dietary_fieldset,
    page_form_helper,
)

ABOUT_YOU = [*IDENTITY, "delegation_claimed"]


class RegistrationForm(SignupDetailsForm):
    consent = forms.BooleanField(
        error_messages={"required": _("Please accept the privacy notice to register.")}
    )
    # A honeypot: hidden from people, filled in by robots that fill in everything.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    class Meta(SignupDetailsForm.Meta):
        fields = [*ABOUT_YOU, "accessibility_needs"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Nothing chosen for them: a preselected country is kept by whoever does not notice it
        # (a Greek partner stored as French). Organisers signing someone up by hand may not know.
        self.fields["country"].required = True
        # Anyone may tick it: it is a claim, which an organiser confirms (or not) before the
        # person takes one of the places kept for the partners.
        self.fields["delegation_claimed"].label = _(
            "I am one of the nine European SSE actors from Greece, Italy and Spain"
        )
        self.fields["delegation_claimed"].help_text = _(
            "They take part in the whole visit: places are kept for them in every session. An "
            "organiser confirms it; until then you take a place like everyone."
        )
        self.fields["consent"].label = format_html(
            '{} <a href="{}">{}</a>',
            _("I have read and I accept the"),
            reverse("registrations:privacy"),
            _("privacy notice"),
        )
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.helper = self.build_helper()

    def build_helper(self):
        return page_form_helper(
            Fieldset(_("About you"), *[name for name in ABOUT_YOU if name in self.fields]),
            Field("sessions", template="registrations/includes/_session_choices.html"),
            "join_waiting_list",
            dietary_fieldset(),
            Fieldset(_("Accessibility"), "accessibility_needs"),
            Fieldset(_("Your personal data"), "consent"),
            Field("website", wrapper_class="honeypot", aria_hidden="true"),
        )

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(
                _("Your form could not be sent. Please leave the last field empty.")
            )
        return ""


class SessionList(SessionChoiceMixin, forms.Form):
    """The registration form's sessions alone, with the same names and ids: their list is
    rendered apart when the page is rebuilt after a change of places (form_page.py), without
    building the rest of the form."""

    def __init__(self, *, sessions, checked=()):
        super().__init__()
        self.add_session_field(sessions, checked=checked)


class InvitedRegistrationForm(RegistrationForm):
    """The form reached through a delegation invitation: nothing to claim, the link makes the
    person a member of the delegation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["delegation_claimed"]
        self.helper = self.build_helper()

    def participant_details(self) -> dict:
        names = [name for name in self.Meta.fields if name in self.fields]
        names += ["dietary_requirement", "dietary_notes"]
        return {name: self.cleaned_data[name] for name in names}


class LostLinkForm(forms.Form):
    email = TypedEmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = page_form_helper()
