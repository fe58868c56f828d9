from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from programme.admin import SessionAdmin
from programme.models import Session

from . import services
from .models import Participant, Registration

CAPACITY_FIELDS = {"capacity", "reserved_places"}


admin.site.unregister(Session)


@admin.register(Session)
class SessionWithPlacesAdmin(SessionAdmin):
    """The programme's session admin, with capacity changes going through the sign-up rules:
    more places promote people waiting; fewer than those taken are refused."""

    def save_model(self, request, obj, form, change):
        capacity_changed = change and CAPACITY_FIELDS & set(form.changed_data)
        if not capacity_changed:
            return super().save_model(request, obj, form, change)
        other_fields = [name for name in form.changed_data if name not in CAPACITY_FIELDS]
        if other_fields:
            obj.save(update_fields=other_fields)
        try:
            promoted = services.change_session_capacity(
                session=obj, capacity=obj.capacity, reserved_places=obj.reserved_places
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        for registration in promoted:
            self.message_user(request, f"✓ {registration.participant}", messages.SUCCESS)
        return None


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["session", "status", "waiting_since", "created_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["__str__", "email", "organisation", "country", "is_delegation", "language"]
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

    def has_delete_permission(self, request, obj=None):
        return False  # erasure goes through the service, which frees the places first


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["participant", "session", "status", "waiting_since", "created_at"]
    list_filter = ["session__day__visit", "session__day", "status"]
    list_select_related = ["participant", "session"]
    search_fields = ["participant__first_name", "participant__last_name", "participant__email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # statuses change only through the sign-up rules

    def has_delete_permission(self, request, obj=None):
        return False
