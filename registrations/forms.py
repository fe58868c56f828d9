"""Forms of the registration pages. They check what was typed; the rules live in services."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.conf import settings
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from kiss_visit.http.proxies import client_address
from kiss_visit.typed_text import TypedEmailField, TypedTextField
from programme.models import Session
from registrations.domain import limits
from registrations.domain.errors import TooManyPosts
from registrations.models import DietaryRequirement, Participant
from registrations.widgets import CountrySelect

NEEDS_DETAILS = {DietaryRequirement.ALLERGY, DietaryRequirement.OTHER}


class SessionChoiceMixin:
    """A `sessions` field offering the visit's sign-up sessions, shown grouped by day with their
    time, venue and places left (see includes/_session_choices.html)."""

    def add_session_field(self, sessions, *, checked=()):
        self.sessions = {session.pk: session for session in sessions}
        self.fields["sessions"] = forms.TypedMultipleChoiceField(
            label=_("Sessions"),
            coerce=int,
            choices=[(pk, session.title) for pk, session in self.sessions.items()],
            error_messages={"required": _("Choose at least one session.")},
            initial=list(checked),
        )

    @cached_property
    def session_days(self):
        chosen = {str(value) for value in (self["sessions"].value() or [])}
        days = {}
        for session in self.sessions.values():
            days.setdefault(session.day, []).append((session, str(session.pk) in chosen))
        return list(days.items())

    def chosen_meal(self) -> bool:
        chosen = self.cleaned_data.get("sessions") or []
        return any(self.sessions[pk].kind == Session.Kind.MEAL for pk in chosen)

    def clean_dietary(self, cleaned):
        """Dietary needs are kept only when a meal is chosen; 'allergy' and 'other' need words."""
        if not self.chosen_meal():
            cleaned["dietary_requirement"], cleaned["dietary_notes"] = "", ""
        # Details left empty; refused ones (too long, a control character) have their message.
        elif (
            cleaned.get("dietary_requirement") in NEEDS_DETAILS
            and cleaned.get("dietary_notes") == ""
        ):
            self.add_error("dietary_notes", self.dietary_details_missing)

    # Said to the person signing up; the organisers' form says "their" (admin/forms.py).
    dietary_details_missing = _("Please describe your dietary requirement.")


def dietary_fields(form):
    form.fields["dietary_requirement"] = forms.ChoiceField(
        label=_("Dietary requirement"),
        choices=DietaryRequirement.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    form.fields["dietary_notes"] = TypedTextField(
        label=_("Details (allergies, other needs)"), max_length=500, required=False
    )


def waiting_list_field(form):
    form.fields["join_waiting_list"] = forms.BooleanField(
        label=_("If a session I choose is full, put me on its waiting list"),
        help_text=_("You get a place automatically, and an e-mail, as soon as one frees up."),
        required=False,
        initial=True,
    )


def page_form_helper(*layout) -> FormHelper:
    """Crispy renders the fields; the page template writes the <form> tag and its CSRF token."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout:
        helper.layout = Layout(*layout)
    return helper


def dietary_fieldset():
    return Fieldset(
        _("Meals"),
        HTML(
            format_html(
                '<p class="form-text">{}</p>',
                _("Only if you chose a meal: tell us what the caterer needs to know."),
            )
        ),
        "dietary_requirement",
        "dietary_notes",
        css_class="dietary",
    )


# What people type about themselves: refused if it holds control or invisible characters.
TYPED_BY_PARTICIPANTS = {
    "first_name": TypedTextField,
    "last_name": TypedTextField,
    "email": TypedEmailField,
    "organisation": TypedTextField,
    "dietary_notes": TypedTextField,
    "accessibility_needs": TypedTextField,  # a textarea: line breaks allowed
}
IDENTITY = ["first_name", "last_name", "email", "organisation", "country"]
AUTOCOMPLETE = {
    "first_name": "given-name",
    "last_name": "family-name",
    "email": "email",
    "organisation": "organization",
    "country": "country",
}


class CountryChoiceField(LazyTypedChoiceField):
    """django-countries' field, checking a code against the codes read once per process: the
    same in every language, where reading the list again translates and sorts 250 names (more
    CPU than the rest of a sign-up's checks)."""

    codes = None

    def valid_value(self, value) -> bool:
        if CountryChoiceField.codes is None:
            CountryChoiceField.codes = frozenset(code for code, _ in countries)
        return str(value) in CountryChoiceField.codes


def form_field(model_field, **kwargs):
    if model_field.name == "country":
        kwargs["choices_form_class"] = CountryChoiceField
    return model_field.formfield(**kwargs)


class SignupDetailsForm(SessionChoiceMixin, forms.ModelForm):
    """A person and the sessions they choose, checked the same way whoever types them in: the
    participant on the public form (RegistrationForm) or an organiser taking a sign-up by
    phone (admin_forms.OrganiserRegistrationForm)."""

    class Meta:
        model = Participant
        fields = [*IDENTITY, "accessibility_needs"]
        widgets = {
            "accessibility_needs": forms.Textarea(attrs={"rows": 3}),
            "country": CountrySelect,
        }
        field_classes = TYPED_BY_PARTICIPANTS
        formfield_callback = form_field

    def __init__(self, *args, sessions, checked=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_session_field(sessions, checked=checked)
        dietary_fields(self)
        waiting_list_field(self)
        self.fields["accessibility_needs"].help_text = _(
            "Anything that would make the visits easier for you (access, mobility, hearing...)."
        )
        for name, token in AUTOCOMPLETE.items():
            self.fields[name].widget.attrs["autocomplete"] = token

    def _get_validation_exclusions(self):
        # The form's country field checked the code against the same list: the model field's
        # check would translate and sort the 250 names again, for nothing.
        return {*super()._get_validation_exclusions(), "country"}

    def clean(self):
        cleaned = super().clean()
        self.clean_dietary(cleaned)
        return cleaned

    def participant_details(self) -> dict:
        """The participant's fields, as services.register_participant takes them."""
        names = [*self.Meta.fields, "dietary_requirement", "dietary_notes"]
        return {name: self.cleaned_data[name] for name in names}


def too_many_posts(request) -> bool:
    """Form posts are limited per client address, counted in the database so that the limit
    holds for the whole site (see registrations/domain/limits.py)."""
    return not limits.allow("posts", client_address(request), settings.REGISTRATION_RATE_LIMIT)


def refuse_too_many(form) -> None:
    form.add_error(None, TooManyPosts.message)


def signup_sessions(visit, *, also=()):
    """The sessions a participant of the visit can choose, and any they already hold."""
    sessions = Session.objects.filter(day__visit=visit)
    if visit.is_published and visit.is_registration_open():
        also = list(also)
        if not also:  # kept apart: the union costs a third of the query's CPU (a sign-up's form)
            return Session.objects.offered_in(visit)
        sessions = sessions.open_for_signup() | sessions.filter(pk__in=also)
    else:
        sessions = sessions.filter(pk__in=list(also))
    return sessions.for_listing()
