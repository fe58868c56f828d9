"""The organisers' page of a session: its texts, time and venue, and its places (confirmed,
waiting, fill rate), its people with their buttons and its history; capacity changes go through
the sign-up rules."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.middleware.csrf import get_token
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from kiss_visit.typed_text import TypedTextAdmin
from programme.admin import SHORT_TEXTAREAS
from programme.models import Session
from registrations import services
from registrations.admin.pages import PlacesHistoryMixin, session_page
from registrations.admin.rendering.stencils import person_rows
from registrations.admin.reports import waiting_count
from registrations.domain import place_steps
from registrations.domain.errors import SessionUnavailable

CAPACITY_FIELDS = {"capacity", "reserved_places"}


def fill_meter(confirmed: int, capacity: int | None) -> str:
    """Confirmed sign-ups against the capacity, as a <meter> (styled in admin.css: no inline
    style) and a number."""
    if not capacity:
        return "—"
    percent = round(100 * confirmed / capacity)
    label = gettext("%(taken)s of %(capacity)s places taken") % {
        "taken": confirmed,
        "capacity": capacity,
    }
    return format_html(
        '<meter class="fill" min="0" max="{}" value="{}" title="{}">{}</meter> {}%',
        capacity,
        confirmed,
        label,
        label,
        percent,
    )


@admin.register(Session)
class SessionAdmin(PlacesHistoryMixin, TypedTextAdmin, TranslationAdmin):
    """A session: its texts in five languages, when and where, and its places: capacity
    changes go through the sign-up rules (more places promote people waiting; fewer than
    those taken are refused)."""

    change_form_template = "admin/registrations/session/change_form.html"
    history_of = "session"
    list_display = [
        "session",
        "time",
        "open",
        "places_taken",
        "capacity_shown",
        "waiting",
        "fill",
    ]

    formfield_overrides = SHORT_TEXTAREAS
    list_filter = ["day__visit", "day", "kind", "is_open_for_signup", "capacity_is_provisional"]
    list_select_related = ["day__visit", "venue"]
    search_fields = ["title_fr", "title_en", "venue__name"]
    autocomplete_fields = ["venue"]
    prepopulated_fields = {"slug": ["title_fr"]}
    fieldsets = [
        (None, {"fields": ["day", "order", "kind", "venue", "slug"]}),
        (_("Texts"), {"fields": ["title", "description"]}),
        (_("When"), {"fields": ["part_of_day", "start_time", "end_time"]}),
        (
            _("Sign-up"),
            {
                "fields": [
                    "is_open_for_signup",
                    "capacity",
                    "reserved_places",
                    "capacity_is_provisional",
                ]
            },
        ),
    ]

    @admin.display(description=_("capacity"), ordering="capacity")
    def capacity_shown(self, session):
        """The capacity, and whether it is still the fixture's default (not shown publicly)."""
        if session.capacity is None:
            return "—"
        if session.capacity_is_provisional:
            return gettext("%(capacity)s (provisional)") % {"capacity": session.capacity}
        return session.capacity

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(waiting_count=waiting_count())

    @admin.display(description=_("session"), ordering="day__date")
    def session(self, session):
        return str(session)

    @admin.display(description=_("time"), ordering="start_time")
    def time(self, session):
        return session.start_time

    @admin.display(description=_("sign-up"), boolean=True, ordering="is_open_for_signup")
    def open(self, session):
        return session.is_open_for_signup

    @admin.display(description=_("confirmed"))
    def places_taken(self, session):
        return session.confirmed_count

    @admin.display(description=_("waiting"), ordering="waiting_count")
    def waiting(self, session):
        return session.waiting_count

    @admin.display(description=_("fill rate"))
    def fill(self, session):
        return fill_meter(session.confirmed_count, session.capacity)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(session_page(obj))
            # one token for every row's forms, as the template gives every form of a page
            token, next_url = get_token(request), request.get_full_path()
            for group in ("confirmed", "waiting", "cancelled"):
                context[f"{group}_rows"] = person_rows(
                    context[group], csrf_token=token, next_url=next_url
                )
            context["can_check_in"] = request.user.has_perm("registrations.change_registration")
            context["can_write"] = request.user.has_perm("registrations.add_mailing")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_object(self, request, object_id, from_field=None):
        if request.method != "POST":
            return super().get_object(request, object_id, from_field)
        # Lock the row for the rest of the admin's transaction: the form then checks a new
        # capacity against the places taken now, and no sign-up slips in before the save.
        try:
            pk = int(object_id)
            return place_steps.lock_sessions([pk])[pk]
        except (SessionUnavailable, ValueError):
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
