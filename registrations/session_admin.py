"""The programme's session admin, extended with places: confirmed, waiting, fill rate; and
capacity changes that go through the sign-up rules."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from programme.admin import SessionAdmin
from programme.models import Session

from . import services

CAPACITY_FIELDS = {"capacity", "reserved_places"}


def fill_bar(taken: int, capacity: int | None) -> str:
    if not capacity:
        return "—"
    percent = min(100, round(100 * taken / capacity))
    label = gettext("%(taken)s of %(capacity)s places taken") % {
        "taken": taken,
        "capacity": capacity,
    }
    # A <meter>, not a bar sized by an inline style: the Content-Security-Policy forbids those.
    return format_html(
        '<meter class="fill" min="0" max="{}" value="{}" title="{}" aria-label="{}"></meter> {}%',
        capacity,
        taken,
        label,
        label,
        percent,
    )


admin.site.unregister(Session)


@admin.register(Session)
class SessionWithPlacesAdmin(SessionAdmin):
    """The programme's session admin, with places: capacity changes go through the sign-up
    rules (more places promote people waiting; fewer than those taken are refused)."""

    list_display = [
        "title_fr",
        "day",
        "start_time",
        "kind",
        "is_open_for_signup",
        "places_taken",
        "capacity",
        "waiting",
        "fill",
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        waiting = Count("registrations", filter=Q(registrations__status="waiting"))
        return super().get_queryset(request).annotate(waiting_count=waiting)

    @admin.display(description=_("confirmed"))
    def places_taken(self, session):
        return session.confirmed_count

    @admin.display(description=_("waiting"), ordering="waiting_count")
    def waiting(self, session):
        return session.waiting_count

    @admin.display(description=_("fill rate"))
    def fill(self, session):
        return fill_bar(session.places_taken, session.capacity)

    def get_object(self, request, object_id, from_field=None):
        if request.method != "POST":
            return super().get_object(request, object_id, from_field)
        # Lock the row for the rest of the admin's transaction: the form then checks a new
        # capacity against the places taken now, and no sign-up slips in before the save.
        try:
            return Session.objects.select_for_update(of=("self",)).get(pk=object_id)
        except (Session.DoesNotExist, ValueError, ValidationError):
            return None

    def save_model(self, request, obj, form, change):
        if not (change and CAPACITY_FIELDS & set(form.changed_data)):
            return super().save_model(request, obj, form, change)
        other_fields = [name for name in form.changed_data if name not in CAPACITY_FIELDS]
        if other_fields:
            obj.save(update_fields=other_fields)
        try:
            promoted = services.change_session_capacity(
                session=obj,
                capacity=obj.capacity,
                reserved_places=obj.reserved_places,
                by=services.Actor.organiser(request.user),
            )
        except ValidationError as error:  # cannot happen under the lock; never half-save if it does
            transaction.set_rollback(True)
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        for registration in promoted:
            message = gettext("Promoted from the waiting list: %(who)s") % {
                "who": registration.participant
            }
            self.message_user(request, message, messages.SUCCESS)
        return None
