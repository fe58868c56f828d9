"""The organisers' admin of registrations: the list with its actions, a read-only page per
registration with its buttons and history, and the dashboard and export pages."""

from django.contrib import admin, messages
from django.contrib.admin.filters import RelatedFieldListFilter
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from programme.models import Session
from registrations import services
from registrations.admin import buttons as admin_buttons
from registrations.admin import cancelling, dashboard, downloads
from registrations.admin.actions import confirmation_page, resend_to, tell
from registrations.admin.buttons import organiser
from registrations.admin.pages import PlacesHistoryMixin, SearchByFoldedText, registration_page
from registrations.admin.participants import ParticipantCountryFilter, delegation_label
from registrations.admin.prepared import views as prepared_views
from registrations.checkin.offline import offline_urls
from registrations.checkin.views import checkin_urls
from registrations.models import Participant, Registration


class SessionFilter(RelatedFieldListFilter):
    """Sessions named with their day ("Mon 19 Feb — Dinner"), read in one query."""

    def field_choices(self, field, request, model_admin):
        sessions = Session.objects.select_related("day").in_programme_order()
        return [(session.pk, str(session)) for session in sessions]


WAITING, CONFIRMED = Registration.Status.WAITING, Registration.Status.CONFIRMED


class RegistrationAdmin(SearchByFoldedText, PlacesHistoryMixin, admin.ModelAdmin):
    change_form_template = "admin/registrations/registration/change_form.html"
    history_of = "registration"
    list_display = [
        "participant",
        "session",
        "status",
        "position",
        "delegation",
        "signed_up_on",
        "attended",
    ]
    list_filter = [
        "session__day__visit",
        "session__day",
        ("session", SessionFilter),
        "status",
        ParticipantCountryFilter,
        "attended",
    ]
    list_select_related = ["participant", "session__day"]
    search_fields = ["participant__search_text"]  # shows the box; get_search_results searches
    fields = [
        "participant",
        "session",
        "status",
        "position",
        "place",
        "attended",
        "waiting_since",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields
    actions = [
        "cancel",
        "promote",
        "promote_over_capacity",
        "mark_attended",
        "mark_no_show",
        "mark_attendance_unknown",
        "resend_confirmation",
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        related = super().get_queryset(request).select_related("participant", "session__day")
        return related.with_waiting_position()

    def matching(self, queryset, term):
        return queryset.filter(participant__in=Participant.objects.matching(term))

    def get_urls(self):
        view = self.admin_site.admin_view
        buttons = admin_buttons.urls(
            self.admin_site, Registration, admin_buttons.REGISTRATION_BUTTONS
        )
        return [
            path(
                "dashboard/",
                view(lambda r: dashboard.dashboard(r, self.admin_site)),
                name="registrations_dashboard",
            ),
            path(
                "export/<str:scope>/<int:pk>/<str:fmt>/",
                view(downloads.export),
                name="registrations_export",
            ),
            path(
                "prepare/<int:pk>/<str:fmt>/",
                view(prepared_views.prepare),
                name="registrations_prepare_export",
            ),
            path(
                "prepared/<int:pk>/",
                view(prepared_views.download),
                name="registrations_prepared_export",
            ),
            *checkin_urls(self.admin_site),
            *offline_urls(self.admin_site),
            *buttons,
            *super().get_urls(),
        ]

    @admin.display(description=_("place in line"))
    def position(self, registration):
        return registration.waiting_position or ""

    @admin.display(description=_("delegation"), ordering="participant__is_delegation")
    def delegation(self, registration):
        return delegation_label(registration.participant)

    @admin.display(description=_("signed up on"), ordering="created_at")
    def signed_up_on(self, registration):
        return date_format(timezone.localtime(registration.created_at), "SHORT_DATE_FORMAT")

    def has_add_permission(self, request):
        return False  # sign-ups go through the forms (public or "Add participant"): the rules

    def has_delete_permission(self, request, obj=None):
        return False  # cancel instead: it frees the place for the waiting list

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Read-only: its buttons change it. A post of the page itself (a stale tab, a replay)
        saves nothing, and says so."""
        if request.method == "POST":
            self.message_user(
                request,
                gettext("Nothing was saved: a registration changes through its buttons."),
                messages.WARNING,
            )
            return redirect(request.path)
        extra_context = {
            **(extra_context or {}),
            "title": capfirst(Registration._meta.verbose_name),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(registration_page(obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.action(
        description=_("Cancel (frees the places for the waiting lists)"), permissions=["change"]
    )
    def cancel(self, request, queryset):
        selected = list(queryset.select_related("participant", "session__day"))
        if request.POST.get("confirmed") != "yes":
            return cancelling.confirmation(
                request, selected, admin_site=self.admin_site, action="cancel"
            )
        cancelled, promoted = cancelling.cancel_all(request, selected)
        already = len(selected) - cancelled
        done = cancelled and gettext("Registrations cancelled: %(count)s") % {"count": cancelled}
        tell(
            self,
            request,
            done and " ".join(filter(None, [done, cancelling.place_went_to(promoted)])),
            (messages.WARNING, already and already_cancelled(already)),
        )
        return None

    @admin.action(
        description=_("Promote from the waiting list (within capacity)"), permissions=["change"]
    )
    def promote(self, request, queryset):
        self.promote_waiting(request, queryset, over_capacity=False)

    @admin.action(
        description=_("Promote even if full (raises the capacity)"), permissions=["change"]
    )
    def promote_over_capacity(self, request, queryset):
        if request.POST.get("confirmed") != "yes":
            return confirmation_page(
                request,
                self,
                queryset.filter(status=WAITING).select_related("participant", "session__day"),
                "promote_over_capacity",
                _(
                    "These people get a place even where the session is full: its capacity is "
                    "raised by one place for each. The override is recorded in the history."
                ),
            )
        self.promote_waiting(request, queryset, over_capacity=True)
        return None

    def promote_waiting(self, request, queryset, *, over_capacity):
        selected = list(queryset.select_related("participant", "session__day"))
        promoted, full = 0, []
        for registration in selected:
            try:
                promotion = services.promote_registration(
                    registration=registration, over_capacity=over_capacity, by=organiser(request)
                )
                promoted += promotion.promoted
            except services.SessionsFull:
                full.append(registration)
        not_waiting = len(selected) - promoted - len(full)
        refused = full and gettext("No place left, not promoted: %(names)s") % {
            "names": ", ".join(str(r) for r in full)
        }
        tell(
            self,
            request,
            promoted and gettext("Promoted: %(count)s") % {"count": promoted},
            (messages.ERROR, refused),
            (messages.WARNING, not_waiting and were_not_waiting(not_waiting)),
        )

    @admin.action(description=_("Mark as attended"), permissions=["change"])
    def mark_attended(self, request, queryset):
        self.record(request, queryset, True)

    @admin.action(description=_("Mark as no-show"), permissions=["change"])
    def mark_no_show(self, request, queryset):
        self.record(request, queryset, False)

    @admin.action(description=_("Reset attendance to unknown"), permissions=["change"])
    def mark_attendance_unknown(self, request, queryset):
        self.record(request, queryset, None)

    def record(self, request, queryset, attended):
        selected = list(queryset)
        confirmed = [r for r in selected if r.status == CONFIRMED]
        changed = services.record_attendance(
            registrations=confirmed, attended=attended, by=organiser(request)
        )
        not_confirmed, already = len(selected) - len(confirmed), len(confirmed) - changed
        tell(
            self,
            request,
            changed and gettext("Attendance recorded: %(count)s") % {"count": changed},
            (messages.WARNING, not_confirmed and were_not_confirmed(not_confirmed)),
            (messages.WARNING, already and already_so(already)),
        )

    @admin.action(description=_("Resend the confirmation e-mail"), permissions=["change"])
    def resend_confirmation(self, request, queryset):
        resend_to(self, request, {r.participant for r in queryset.select_related("participant")})


def already_cancelled(count) -> str:
    return ngettext(
        "Nothing changed for %(count)s: it was already cancelled.",
        "Nothing changed for %(count)s: they were already cancelled.",
        count,
    ) % {"count": count}


def were_not_waiting(count) -> str:
    return ngettext(
        "Nothing changed for %(count)s: it was not waiting.",
        "Nothing changed for %(count)s: they were not waiting.",
        count,
    ) % {"count": count}


def were_not_confirmed(count) -> str:
    return ngettext(
        "Nothing changed for %(count)s: only confirmed registrations have an attendance.",
        "Nothing changed for %(count)s: only confirmed registrations have an attendance.",
        count,
    ) % {"count": count}


def already_so(count) -> str:
    return ngettext(
        "Nothing changed for %(count)s: its attendance already was so.",
        "Nothing changed for %(count)s: their attendance already was so.",
        count,
    ) % {"count": count}


admin.site.register(Registration, RegistrationAdmin)
