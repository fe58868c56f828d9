"""Organisers' downloads of certificates and attendance reports, answered as the other exports
are (downloads.py: for_exporters, attachment): object or 404, one row source, a writer."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from programme.models import StudyVisit
from registrations.admin.downloads import attachment, for_exporters
from registrations.exports.attendance_report import GROUPINGS, attendance_rows, report_columns
from registrations.exports.certificates import (
    NoCertificate,
    certificate_people,
    certificate_person,
    certificates_pdf,
    options_of,
)
from registrations.exports.spreadsheets import csv_lines, xlsx_of_rows
from registrations.models import Participant


@for_exporters
def person_certificate(request, pk):
    """One person's certificate, in their language; why not, on their page, if there is none."""
    participant = get_object_or_404(Participant.objects.select_related("visit"), pk=pk)
    try:
        person = certificate_person(participant)
    except NoCertificate as refusal:
        messages.error(request, refusal.message)
        return redirect(reverse("admin:registrations_participant_change", args=[pk]))
    content = certificates_pdf([person], options_of(participant.visit))
    name = slugify(f"{participant.first_name} {participant.last_name}")[:40]
    return attachment(content, f"certificate-{participant.pk}-{name}.pdf")


@for_exporters
def visit_certificates(request, pk):
    """Everyone who attended a session of the visit, one after the other, in one PDF."""
    visit = get_object_or_404(StudyVisit, pk=pk)
    people = certificate_people(Participant.objects.filter(visit=visit))
    content = certificates_pdf(people, options_of(visit))
    return attachment(content, f"certificates-{visit.slug}.pdf")


@for_exporters
def attendance_report(request, pk, by, fmt):
    if by not in GROUPINGS or fmt not in {"csv", "xlsx"}:
        raise Http404
    visit = get_object_or_404(StudyVisit, pk=pk)
    rows, columns = attendance_rows(visit, by=by), report_columns(by)
    filename = f"attendance-{visit.slug}-{by}"
    if fmt == "csv":
        return attachment(csv_lines(rows, columns), f"{filename}.csv")
    return attachment(xlsx_of_rows(rows, columns, title=_("Attendance")), f"{filename}.xlsx")
