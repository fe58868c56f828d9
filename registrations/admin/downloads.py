"""Organisers' pages inside the admin: the dashboard and the attendee exports."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from programme.models import Day, Session, StudyVisit
from registrations.domain.ids import IDS
from registrations.exports.badges import badge_language, badge_rows, badges_pdf
from registrations.exports.people import PEOPLE_COLUMNS, people_for_export, people_rows
from registrations.exports.rows import attendee_rows, registrations_for_export
from registrations.exports.signin import signin_pages, signin_pdf, signin_sheets
from registrations.exports.spreadsheets import csv_lines, xlsx_file, xlsx_of_rows

EXPORT_PERMISSION = "registrations.export_attendees"


SCOPES = {
    "visit": (StudyVisit, lambda visit: Session.objects.filter(day__visit=visit)),
    "day": (Day, lambda day: Session.objects.filter(day=day)),
    "session": (Session, lambda session: Session.objects.filter(pk=session.pk)),
}


def export(request, scope, pk, fmt):
    """Attendees of a visit, a day or a session, as csv, xlsx, pdf (sign-in sheets) or a
    printable sign-in page; people (a row each) as csv or xlsx; badges as pdf."""
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied
    if scope not in SCOPES or fmt not in WRITERS or pk not in IDS:
        raise Http404
    model, sessions_of = SCOPES[scope]
    subject = get_object_or_404(model, pk=pk)
    return WRITERS[fmt](request, sessions_of(subject), filename=export_filename(scope, subject))


def export_filename(scope, subject) -> str:
    return f"kiss-{slugify(scope)}-{subject.pk}-{words_within(slugify(str(subject)), 60)}"


def words_within(slug: str, limit: int) -> str:
    """The slug cut at a word boundary within `limit` characters, never inside a word or a
    number ("…-201")."""
    if len(slug) <= limit:
        return slug
    return slug[: limit + 1].rsplit("-", 1)[0]


def as_csv(request, sessions, *, filename):
    return csv_response(csv_lines(attendee_rows(registrations_for_export(sessions))), filename)


def csv_response(lines, filename):
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(file, filename):
    return FileResponse(
        file,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def pdf_response(content: bytes, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response


def as_xlsx(request, sessions, *, filename):
    return xlsx_response(xlsx_file(registrations_for_export(sessions)), filename)


def as_pdf(request, sessions, *, filename):
    return pdf_response(signin_pdf(signin_sheets(sessions)), filename)


def people_as_csv(request, sessions, *, filename):
    rows = people_rows(people_for_export(sessions))
    return csv_response(csv_lines(rows, PEOPLE_COLUMNS), f"{filename}-people")


def people_as_xlsx(request, sessions, *, filename):
    rows = people_rows(people_for_export(sessions))
    return xlsx_response(xlsx_of_rows(rows, PEOPLE_COLUMNS), f"{filename}-people")


def as_badges(request, sessions, *, filename):
    """Badges of the people confirmed in at least one of the sessions, each in its wearer's
    language, or all in the one chosen (?language=el)."""
    people = people_for_export(sessions, confirmed_only=True)
    rows = badge_rows(people, language=badge_language(request.GET.get("language")))
    return pdf_response(badges_pdf(rows), f"{filename}-badges")


def as_sheet(request, sessions, *, filename):
    context = {"pages": signin_pages(signin_sheets(sessions)), "title": _("Sign-in sheets")}
    return render(request, "admin/registrations/signin_sheets.html", context)


WRITERS = {
    "csv": as_csv,
    "xlsx": as_xlsx,
    "pdf": as_pdf,
    "sheet": as_sheet,
    "people-csv": people_as_csv,
    "people-xlsx": people_as_xlsx,
    "badges": as_badges,
}
