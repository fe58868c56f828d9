"""The organisers' admin of participants: sign-ups taken by hand, each person's agenda with its
buttons, delegation claims, and the history of place_steps. Every change of places goes through the
services, which record it in the history (registrations/domain/history.py)."""

import re

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from registrations import services
from registrations.admin import buttons as admin_buttons
from registrations.admin import cancelling, hand_signup
from registrations.admin.actions import confirmation_page, resend_to, tell
from registrations.admin.buttons import organiser
from registrations.admin.export_actions import PeopleExportActions
from registrations.admin.imports import views as imports
from registrations.admin.pages import PlacesHistoryMixin, SearchByFoldedText, participant_page
from registrations.domain import place_steps
from registrations.domain.search import fold
from registrations.forms import TYPED_BY_PARTICIPANTS
from registrations.models import Participant

LANGUAGE_NAMES = dict(settings.LANGUAGES)

# What a participant told us, as organisers may correct it.
DETAILS = [
    "first_name",
    "last_name",
    "email",
    "organisation",
    "country",
    "language",
    "dietary_requirement",
    "dietary_notes",
    "accessibility_needs",
]

# What the site recorded about them: shown, never edited here (the delegation changes through
# its buttons, which move places).
RECORDED = [
    "visit",
    "is_delegation",
    "delegation_claimed",
    "invitation",
    "consented_at",
    "consent_given_to",
    "privacy_notice_version",
    "erased_at",
    "created_at",
    "updated_at",
]


class ParticipantAdminForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = DETAILS
        field_classes = TYPED_BY_PARTICIPANTS

    def clean_email(self):
        email = self.cleaned_data["email"]
        others = Participant.objects.with_email(email).filter(visit=self.instance.visit_id)
        if others.exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("Another participant of this visit has this e-mail address."))
        return email


def delegation_label(participant) -> str:
    """A member, a claim ticked on the public form that waits for an organiser, or neither."""
    if participant.is_delegation:
        return gettext("member")
    return gettext("to be confirmed") if participant.delegation_claimed else "—"


class DelegationFilter(admin.SimpleListFilter):
    """Members confirmed by an organiser, and the claims ticked on the public form that wait
    for one."""

    title = _("delegation")
    parameter_name = "delegation"

    def lookups(self, request, model_admin):
        return [
            ("claimed", _("Claims to be confirmed")),
            ("member", _("Confirmed members")),
            ("local", _("Local participants")),
        ]

    def queryset(self, request, queryset):
        wanted = {
            "claimed": {"delegation_claimed": True, "is_delegation": False},
            "member": {"is_delegation": True},
            "local": {"is_delegation": False},
        }
        return queryset.filter(**wanted.get(self.value(), {}))


COUNTRY_CODE = re.compile("[A-Z]{2}")  # alpha2() also reads numbers, and fails on some digits


class CountryFilter(admin.SimpleListFilter):
    """The countries of the people on the list, not all 250 of the world (one query)."""

    title = _("country")
    parameter_name = "country"
    field = "country"  # the participant's country, as seen from the admin's model

    def lookups(self, request, model_admin):
        codes = (
            model_admin.get_queryset(request)
            .exclude(**{self.field: ""})
            .order_by()
            .values_list(self.field, flat=True)
            .distinct()
        )
        named = [(code, str(countries.name(code))) for code in codes]
        return sorted(named, key=lambda choice: fold(choice[1]))

    def queryset(self, request, queryset):
        code = self.value()
        if not code:
            return queryset
        # Anything but a country code (typed in the address) matches nobody.
        return (
            queryset.filter(**{self.field: code})
            if COUNTRY_CODE.fullmatch(code) and countries.alpha2(code) == code
            else queryset.none()
        )


class ParticipantCountryFilter(CountryFilter):
    field = "participant__country"


@admin.register(Participant)
class ParticipantAdmin(
    PeopleExportActions, SearchByFoldedText, PlacesHistoryMixin, admin.ModelAdmin
):
    form = ParticipantAdminForm
    change_form_template = "admin/registrations/participant/change_form.html"
    history_of = "participant"
    # Country and language through methods: the admin shows a field with choices by rebuilding
    # its choices for every row (250 countries, each name normalised, a hundred times a page).
    list_display = [
        "__str__",
        "email",
        "organisation",
        "country_name",
        "delegation",
        "language_name",
    ]
    list_filter = ["visit", DelegationFilter, CountryFilter, "language", "dietary_requirement"]
    search_fields = ["search_text"]  # shows the box; get_search_results does the search
    fieldsets = [
        (
            _("Details"),
            {"fields": DETAILS},
        ),
        (
            _("Visit, delegation and consent"),
            {"fields": RECORDED},
        ),
    ]
    readonly_fields = RECORDED
    actions = [
        "resend_confirmation",
        "confirm_delegation",
        "withdraw_delegation",
        "erase_personal_data",
        "print_badges",
        "export_people_csv",
        "export_people_xlsx",
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

    @admin.display(description=_("country"), ordering="country")
    def country_name(self, participant):
        return participant.country.name if participant.country else None

    @admin.display(description=_("preferred language"), ordering="language")
    def language_name(self, participant):
        return LANGUAGE_NAMES.get(participant.language)

    @admin.display(description=_("delegation"))
    def delegation(self, participant):
        return delegation_label(participant)

    def get_urls(self):
        buttons = admin_buttons.urls(
            self.admin_site, Participant, admin_buttons.PARTICIPANT_BUTTONS
        )
        return [*buttons, *imports.urls(self), *super().get_urls()]

    def get_queryset(self, request):
        # The invitation they came through, shown as a link on their page, read in the same query.
        return super().get_queryset(request).select_related("invitation")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.erased_at:
            return [f.name for f in Participant._meta.fields]  # nothing left to correct
        return self.readonly_fields

    def add_view(self, request, form_url="", extra_context=None):
        return hand_signup.add_participant(request, self)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(participant_page(obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        # Write only what the organiser changed, and never onto a participant erased meanwhile.
        current = place_steps.lock_participant_row(obj.pk)
        if current.erased_at:
            self.message_user(
                request, gettext("This participant's data has been erased."), messages.ERROR
            )
            return
        obj.save(update_fields=[*form.changed_data, "updated_at"])

    def has_delete_permission(self, request, obj=None):
        return False  # erasure goes through the service, which frees the places first

    @admin.action(description=_("Resend the confirmation e-mail"), permissions=["change"])
    def resend_confirmation(self, request, queryset):
        resend_to(self, request, set(queryset))

    @admin.action(description=_("Confirm delegation membership"), permissions=["change"])
    def confirm_delegation(self, request, queryset):
        self.set_delegation(request, queryset, member=True)

    @admin.action(
        description=_("Withdraw delegation membership or decline the claim"),
        permissions=["change"],
    )
    def withdraw_delegation(self, request, queryset):
        self.set_delegation(request, queryset, member=False)

    def set_delegation(self, request, queryset, *, member):
        changed, refused = 0, []
        mark = cancelling.history_mark()
        for participant in queryset:
            try:
                by = organiser(request)
                changed += services.set_delegation(participant=participant, member=member, by=by)
            except services.RegistrationError as error:
                refused.append(f"{participant}: {error.message}")
        unchanged = len(queryset) - changed - len(refused)
        done = ngettext(
            "Delegation membership changed for %(count)s participant.",
            "Delegation membership changed for %(count)s participants.",
            changed,
        )
        went = cancelling.place_went_to(cancelling.places_given_since(mark))
        tell(
            self,
            request,
            changed and " ".join(filter(None, [done % {"count": changed}, went])),
            (messages.ERROR, " ".join(refused)),
            (
                messages.WARNING,
                unchanged
                and ngettext(
                    "%(count)s already was as asked.", "%(count)s already were as asked.", unchanged
                )
                % {"count": unchanged},
            ),
        )

    @admin.action(
        description=_("Erase personal data (cancels their sessions)"), permissions=["change"]
    )
    def erase_personal_data(self, request, queryset):
        if request.POST.get("confirmed") != "yes":
            return confirmation_page(
                request,
                self,
                queryset,
                "erase_personal_data",
                _(
                    "Their sessions will be cancelled (places go to the waiting lists) and their "
                    "personal data erased for good. Only anonymous figures remain."
                ),
            )
        for participant in queryset:
            services.erase_participant(participant=participant, by=organiser(request))
        self.message_user(
            request, gettext("Personal data erased: %(count)s") % {"count": len(queryset)}
        )
        return None
