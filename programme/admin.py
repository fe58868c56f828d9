"""The organisers' admin of the programme. Each text shows its five languages one under the
other (modeltranslation's admin, without its tabs: they load jQuery UI from a third-party host)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from kiss_visit.typed_text import TypedTextAdmin, TypedTextField
from programme.copying import copy_visit
from programme.models import Day, StudyVisit, Venue, validate_time_zone

# Five languages of each text, one under the other: short boxes keep them on one screen.
SHORT_TEXTAREAS = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 80})}}


class DayInline(TypedTextAdmin, TranslationTabularInline):
    model = Day
    extra = 0
    fields = ["date", "theme"]


class CopyVisitForm(forms.Form):
    """Where and when the next visit happens; the rest is copied, then adapted in the admin."""

    slug = forms.SlugField(
        label=_("Slug of the new visit"), help_text=_("Used in its addresses, e.g. athens-2019.")
    )
    city = TypedTextField(label=_("City"), max_length=100)
    start_date = forms.DateField(
        label=_("First day of the new visit"),
        help_text=_("Every day of the programme moves by as many days."),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if StudyVisit.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("Another visit already has this slug."))
        return slug


@admin.register(StudyVisit)
class StudyVisitAdmin(TypedTextAdmin, TranslationAdmin):
    change_form_template = "admin/programme/studyvisit/change_form.html"
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

    def get_urls(self):
        copy = path(
            "<int:pk>/copy/",
            self.admin_site.admin_view(self.copy_view),
            name="programme_studyvisit_copy",
        )
        return [copy, *super().get_urls()]

    def copy_view(self, request, pk):
        """Start the next visit from this one: a copy, unpublished until the organisers publish
        it (programme/copying.py)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        visit = get_object_or_404(StudyVisit, pk=pk)
        form = CopyVisitForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            copy = copy_visit(visit=visit, **form.cleaned_data)
            message = gettext(
                "Copied: %(visit)s. It stays unpublished, hidden from the public, until you tick "
                "Published: check its dates, texts, venues and capacities first."
            )
            messages.success(request, message % {"visit": copy})
            return redirect(reverse("admin:programme_studyvisit_change", args=[copy.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Copy %(visit)s as a new visit") % {"visit": visit},
            "opts": StudyVisit._meta,
            "original": visit,
            "form": form,
        }
        return TemplateResponse(request, "admin/programme/studyvisit/copy.html", context)

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
