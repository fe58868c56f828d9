"""The organisers' admin: sign-ups acted on through the services, so the rules hold here too, and
every action written to the admin's history."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import admin_views, services
from .forms import TYPED_BY_PARTICIPANTS
from .models import Participant, Registration
from .session_admin import SessionWithPlacesAdmin  # noqa: F401 (registers the session admin)


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["session", "status", "waiting_since", "attended", "created_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True
    ordering = ["session__day__date", "session__order"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("session")

    def has_add_permission(self, request, obj=None):
        return False


class ParticipantAdminForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = [
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
        field_classes = TYPED_BY_PARTICIPANTS

    def clean_email(self):
        email = self.cleaned_data["email"]
        others = Participant.objects.with_email(email).filter(visit=self.instance.visit_id)
        if others.exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("Another participant of this visit has this e-mail address."))
        return email


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    form = ParticipantAdminForm
    list_display = [
        "__str__",
        "email",
        "organisation",
        "country",
        "is_delegation",
        "language",
        "consented_at",
    ]
    list_filter = ["visit", "is_delegation", "country", "language", "dietary_requirement"]
    search_fields = ["first_name", "last_name", "email", "organisation"]
    readonly_fields = [
        "visit",
        "is_delegation",
        "consented_at",
        "privacy_notice_version",
        "erased_at",
        "created_at",
        "updated_at",
    ]
    inlines = [RegistrationInline]
    actions = ["resend_confirmation", "erase_personal_data"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.erased_at:
            return [f.name for f in Participant._meta.fields]  # nothing left to correct
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        # Write only what the organiser changed, and never onto a participant erased meanwhile.
        current = Participant.objects.select_for_update().get(pk=obj.pk)
        if current.erased_at:
            self.message_user(
                request, gettext("This participant's data has been erased."), messages.ERROR
            )
            return None
        obj.save(update_fields=[*form.changed_data, "updated_at"])
        return None

    def has_add_permission(self, request):
        return False  # participants sign up through the form, where the rules apply

    def has_delete_permission(self, request, obj=None):
        return False  # erasure goes through the service, which frees the places first

    @admin.action(description=_("Resend the confirmation e-mail"), permissions=["change"])
    def resend_confirmation(self, request, queryset):
        resend_to(self, request, set(queryset))

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
            self.log_change(request, participant, gettext("Personal data erased."))
            services.erase_participant(participant=participant, by=organiser(request))
        self.message_user(
            request, gettext("Personal data erased: %(count)s") % {"count": len(queryset)}
        )
        return None


def organiser(request) -> services.Actor:
    return services.Actor.organiser(request.user)


def resend_to(model_admin, request, participants) -> None:
    """Queue the confirmation again for each participant, recorded in the history; erased
    participants have no address left: they are counted apart, never as sent."""
    queued = [
        p
        for p in participants
        if services.resend_confirmation(participant=p, by=organiser(request))
    ]
    for participant in queued:
        model_admin.log_change(request, participant, gettext("Confirmation e-mail sent again."))
    if queued:
        model_admin.message_user(
            request,
            ngettext(
                "%(count)s confirmation e-mail is on its way.",
                "%(count)s confirmation e-mails are on their way.",
                len(queued),
            )
            % {"count": len(queued)},
        )
    if erased := len(participants) - len(queued):
        model_admin.message_user(
            request,
            ngettext(
                "%(count)s participant was not written to: their data has been erased.",
                "%(count)s participants were not written to: their data has been erased.",
                erased,
            )
            % {"count": erased},
            messages.WARNING,
        )


def confirmation_page(request, model_admin, queryset, action, explanation):
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("Are you sure?"),
        "explanation": explanation,
        "objects": queryset,
        "action": action,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(request, "admin/registrations/confirm_action.html", context)


class RegistrationAdmin(admin.ModelAdmin):
    list_display = [
        "participant",
        "session",
        "session_day",
        "status",
        "position",
        "attended",
        "created_at",
    ]
    list_filter = ["session__day__visit", "session__day", "session", "status", "attended"]
    list_select_related = ["participant", "session__day"]
    search_fields = [
        "participant__first_name",
        "participant__last_name",
        "participant__email",
        "participant__organisation",
    ]
    actions = [
        "cancel",
        "promote",
        "promote_over_capacity",
        "mark_attended",
        "mark_no_show",
        "resend_confirmation",
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).with_waiting_position()

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "dashboard/",
                view(lambda r: admin_views.dashboard(r, self.admin_site)),
                name="registrations_dashboard",
            ),
            path(
                "export/<str:scope>/<int:pk>/<str:fmt>/",
                view(admin_views.export),
                name="registrations_export",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("day"), ordering="session__day__date")
    def session_day(self, registration):
        return registration.session.day.date

    @admin.display(description=_("place in line"))
    def position(self, registration):
        return registration.waiting_position or ""

    def has_add_permission(self, request):
        return False  # participants sign up through the form, where the rules apply

    def has_delete_permission(self, request, obj=None):
        return False  # cancel instead: it frees the place for the waiting list

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Registration._meta.fields]

    def save_model(self, request, obj, form, change):
        """Nothing to save: every field is read-only, and writing back the status read at the
        start of the request could undo a promotion or a cancellation made meanwhile."""

    def log_all(self, request, registrations, message):
        for registration in registrations:
            self.log_change(request, registration, message)

    @admin.action(
        description=_("Cancel (frees the places for the waiting lists)"), permissions=["change"]
    )
    def cancel(self, request, queryset):
        cancelled = [
            r
            for r in queryset
            if services.cancel_registration(registration=r, by=organiser(request))
        ]
        self.log_all(request, cancelled, gettext("Cancelled by an organiser."))
        self.message_user(
            request, gettext("Registrations cancelled: %(count)s") % {"count": len(cancelled)}
        )

    @admin.action(
        description=_("Promote from the waiting list (within capacity)"), permissions=["change"]
    )
    def promote(self, request, queryset):
        promoted, full = [], []
        for registration in queryset.filter(status="waiting"):
            try:
                if services.promote_registration(
                    registration=registration, by=organiser(request)
                ).promoted:
                    promoted.append(registration)
            except services.SessionsFull:
                full.append(registration)
        self.log_all(request, promoted, gettext("Promoted from the waiting list by an organiser."))
        self.message_user(request, gettext("Promoted: %(count)s") % {"count": len(promoted)})
        if full:
            names = ", ".join(str(r) for r in full)
            self.message_user(
                request,
                gettext("No place left, not promoted: %(names)s") % {"names": names},
                messages.WARNING,
            )

    @admin.action(
        description=_("Promote even if full (raises the capacity)"), permissions=["change"]
    )
    def promote_over_capacity(self, request, queryset):
        waiting = queryset.filter(status="waiting")
        if request.POST.get("confirmed") != "yes":
            return confirmation_page(
                request,
                self,
                waiting,
                "promote_over_capacity",
                _(
                    "These people get a place even where the session is full: its capacity is "
                    "raised by one place for each. The override is recorded in the history."
                ),
            )
        promoted = 0
        for registration in waiting:
            result = services.promote_registration(
                registration=registration, over_capacity=True, by=organiser(request)
            )
            if not result.promoted:
                continue  # no longer waiting: someone else acted first
            promoted += 1
            message = gettext("Promoted from the waiting list by an organiser.")
            if result.capacity_raised_to:
                message = gettext("Promoted over capacity: capacity raised to %(capacity)s.") % {
                    "capacity": result.capacity_raised_to
                }
            self.log_change(request, registration, message)
        self.message_user(request, gettext("Promoted: %(count)s") % {"count": promoted})
        return None

    @admin.action(description=_("Mark as attended"), permissions=["change"])
    def mark_attended(self, request, queryset):
        self.record(request, queryset, True, gettext("Marked as attended."))

    @admin.action(description=_("Mark as no-show"), permissions=["change"])
    def mark_no_show(self, request, queryset):
        self.record(request, queryset, False, gettext("Marked as no-show."))

    def record(self, request, queryset, attended, message):
        confirmed = list(queryset.filter(status="confirmed"))
        services.record_attendance(
            registrations=confirmed, attended=attended, by=organiser(request)
        )
        self.log_all(request, confirmed, message)
        self.message_user(
            request, gettext("Registrations updated: %(count)s") % {"count": len(confirmed)}
        )

    @admin.action(description=_("Resend the confirmation e-mail"), permissions=["change"])
    def resend_confirmation(self, request, queryset):
        resend_to(self, request, {r.participant for r in queryset.select_related("participant")})


admin.site.register(Registration, RegistrationAdmin)
