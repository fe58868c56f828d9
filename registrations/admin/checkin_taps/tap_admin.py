"""The taps made on check-in pages (registrations/models/checkin_tap.py), as the site received
them: organisers read them, filtered by session and by whether they were applied; only the
check-in pages write them (registrations/services/offline_checkin.py)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from programme.models import Session
from registrations.admin.pages import WrittenBySiteOnly
from registrations.models import CheckinTap


class TapSessionFilter(admin.SimpleListFilter):
    """Only the sessions that have taps, read with their days in one query (the admin's own
    related filter would read each session's day apart to name it)."""

    title = _("session")
    parameter_name = "session"

    def lookups(self, request, model_admin):
        sessions = (
            Session.objects.filter(registrations__checkin_taps__isnull=False)
            .distinct()
            .select_related("day")
            .order_by("day__date", "start_time", "pk")
        )
        return [(str(session.pk), str(session)) for session in sessions]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(registration__session_id=int(value))


@admin.register(CheckinTap)
class CheckinTapAdmin(WrittenBySiteOnly, admin.ModelAdmin):
    list_display = ["tapped_at", "participant", "session", "present", "applied", "received_at"]
    list_filter = [TapSessionFilter, "applied", "present"]
    ordering = ["-tapped_at", "-pk"]
    fields = ["tap", "registration", "present", "tapped_at", "received_at", "applied"]
    readonly_fields = fields

    def get_queryset(self, request):
        related = ["registration__participant", "registration__session__day"]
        return super().get_queryset(request).select_related(*related)

    @admin.display(description=_("participant"), ordering="registration__participant__last_name")
    def participant(self, tap):
        return tap.registration.participant

    @admin.display(description=_("session"), ordering="registration__session__day__date")
    def session(self, tap):
        return tap.registration.session
