"""The participant changelist's exports: the selected people as a spreadsheet (one row each,
with their sessions) or as name badges, for organisers allowed to export attendees."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from programme.models import Session
from registrations.admin.downloads import attachment, may_export
from registrations.exports.badges import badge_rows, badges_pdf
from registrations.exports.people import PEOPLE_COLUMNS, people_for_export, people_rows
from registrations.exports.spreadsheets import csv_lines, xlsx_of_rows

FILENAME = "kiss-people"


def selected_rows(queryset):
    return people_rows(people_for_export(Session.objects.all(), people=queryset))


class PeopleExportActions:
    """Mixed into ParticipantAdmin: three changelist actions."""

    def has_export_permission(self, request) -> bool:
        return may_export(request.user)

    @admin.action(
        description=_("Print name badges of the selected participants"), permissions=["export"]
    )
    def print_badges(self, request, queryset):
        """Each badge in its wearer's language."""
        people = people_for_export(Session.objects.all(), people=queryset)
        return attachment(badges_pdf(badge_rows(people)), f"{FILENAME}-badges.pdf")

    @admin.action(description=_("Export the selected participants (CSV)"), permissions=["export"])
    def export_people_csv(self, request, queryset):
        return attachment(csv_lines(selected_rows(queryset), PEOPLE_COLUMNS), f"{FILENAME}.csv")

    @admin.action(description=_("Export the selected participants (XLSX)"), permissions=["export"])
    def export_people_xlsx(self, request, queryset):
        rows = selected_rows(queryset)
        return attachment(xlsx_of_rows(rows, PEOPLE_COLUMNS), f"{FILENAME}.xlsx")
