"""The organisers' admin of the programme. Each text shows its five languages one under the
other (modeltranslation's admin, without its tabs: they load jQuery UI from a third-party host)."""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from kiss_visit.typed_text import TypedTextAdmin
from programme.models import Day, StudyVisit, Venue, validate_time_zone

# Five languages of each text, one under the other: short boxes keep them on one screen.
SHORT_TEXTAREAS = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 80})}}


class DayInline(TypedTextAdmin, TranslationTabularInline):
    model = Day
    extra = 0
    fields = ["date", "theme"]


@admin.register(StudyVisit)
class StudyVisitAdmin(TypedTextAdmin, TranslationAdmin):
    formfield_overrides = SHORT_TEXTAREAS
    list_display = ["__str__", "city", "start_date", "end_date", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title_fr", "title_en", "city"]
    prepopulated_fields = {"slug": ["city"]}
    inlines = [DayInline]
    fieldsets = [
        (None, {"fields": ["slug", "city", "time_zone", "start_date", "end_date", "is_published"]}),
        (
            _("Titles"),
            {"fields": ["title", "subtitle", "tagline", "hashtags"]},
        ),
        (
            _("Texts of the home page"),
            {
                "fields": [
                    "project_url",
                    "project_intro",
                    "objective",
                    "questions",
                    "conditions",
                ]
            },
        ),
        (_("Registration window"), {"fields": ["registration_opens_at", "registration_closes_at"]}),
    ]

    # The registration window is typed and shown in the visit's time zone, not the server's:
    # an Athens visit opening at 10:00 is entered as 10:00.
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with timezone.override(self.time_zone_of(request, object_id)):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()  # inside the zone: a TemplateResponse renders late
        return response

    def time_zone_of(self, request, object_id) -> str:
        """The zone typed in the same form if valid (both may change at once), else the
        visit's, else the field's default for a new visit."""
        typed = request.POST.get("time_zone", "")
        try:
            validate_time_zone(typed)
            return typed
        except forms.ValidationError:
            pass
        visit = self.get_object(request, object_id) if object_id else None
        return visit.time_zone if visit else StudyVisit._meta.get_field("time_zone").default

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        zone = gettext("In the visit's time zone: %(zone)s.") % {
            "zone": timezone.get_current_timezone_name()
        }
        for name in ("registration_opens_at", "registration_closes_at"):
            field = form.base_fields[name]
            field.help_text = f"{field.help_text} {zone}".strip()
        return form


@admin.register(Day)
class DayAdmin(TypedTextAdmin, TranslationAdmin):
    list_display = ["date", "visit", "theme_fr"]
    list_filter = ["visit"]
    list_select_related = ["visit"]


@admin.register(Venue)
class VenueAdmin(TypedTextAdmin, TranslationAdmin):
    formfield_overrides = SHORT_TEXTAREAS
    list_display = ["name", "address", "website"]
    search_fields = ["name", "address"]
    prepopulated_fields = {"slug": ["name"]}


# The session admin is registered by registrations/admin/sessions.py: a session's page is
# also its places and its people, which belong to the registrations.
