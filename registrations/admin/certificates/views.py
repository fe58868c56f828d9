"""Organisers' downloads of certificates and attendance reports. Same shape as the other
exports (downloads.py): permission, object or 404, one row source, a writer."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from programme.models import StudyVisit
from registrations.admin.downloads import (
    EXPORT_PERMISSION,
    csv_response,
    pdf_response,
    xlsx_response,
)
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


def may_export(request) -> None:
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied


def person_certificate(request, pk):
    """One person's certificate, in their language; why not, on their page, if there is none."""
    may_export(request)
    participant = get_object_or_404(Participant.objects.select_related("visit"), pk=pk)
    try:
        person = certificate_person(participant)
    except NoCertificate as refusal:
        messages.error(request, refusal.message)
        return redirect(reverse("admin:registrations_participant_change", args=[pk]))
    content = certificates_pdf([person], options_of(participant.visit))
    name = slugify(f"{participant.first_name} {participant.last_name}")[:40]
    return pdf_response(content, f"certificate-{participant.pk}-{name}")


def visit_certificates(request, pk):
    """Everyone who attended a session of the visit, one after the other, in one PDF."""
    may_export(request)
    visit = get_object_or_404(StudyVisit, pk=pk)
    people = certificate_people(Participant.objects.filter(visit=visit))
    return pdf_response(certificates_pdf(people, options_of(visit)), f"certificates-{visit.slug}")


def attendance_report(request, pk, by, fmt):
    may_export(request)
    if by not in GROUPINGS or fmt not in {"csv", "xlsx"}:
        raise Http404
    visit = get_object_or_404(StudyVisit, pk=pk)
    rows, columns = attendance_rows(visit, by=by), report_columns(by)
    filename = f"attendance-{visit.slug}-{by}"
    if fmt == "csv":
        return csv_response(csv_lines(rows, columns), filename)
    return xlsx_response(xlsx_of_rows(rows, columns, title=_("Attendance")), filename)
