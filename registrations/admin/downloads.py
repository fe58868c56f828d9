"""Organisers' downloads inside the admin: the attendee exports, and how every download of the
admin is answered (who may, the file's name and type): `for_exporters` and `attachment`, used
here and by the certificates, the prepared files and the changelist's actions."""

import functools

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
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
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def may_export(user) -> bool:
    return user.has_perm(EXPORT_PERMISSION)


def for_exporters(view):
    """The view, for organisers allowed to export attendees; anyone else is refused (403)
    before anything is read."""

    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        if not may_export(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked


def attachment(content, filename: str) -> HttpResponse:
    """A download named `filename`, of the type its extension says. `content` is bytes, an open
    file (streamed, then closed) or lines (streamed as they are written)."""
    content_type = CONTENT_TYPES[filename.rpartition(".")[2]]
    if hasattr(content, "read"):
        response = FileResponse(content, content_type=content_type)
    elif isinstance(content, bytes):
        response = HttpResponse(content, content_type=content_type)
    else:
        response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


SCOPES = {
    "visit": (StudyVisit, lambda visit: Session.objects.filter(day__visit=visit)),
    "day": (Day, lambda day: Session.objects.filter(day=day)),
    "session": (Session, lambda session: Session.objects.filter(pk=session.pk)),
}


@for_exporters
def export(request, scope, pk, fmt):
    """Attendees of a visit, a day or a session, as csv, xlsx, pdf (sign-in sheets) or a
    printable sign-in page; people (a row each) as csv or xlsx; badges as pdf."""
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
    lines = csv_lines(attendee_rows(registrations_for_export(sessions)))
    return attachment(lines, f"{filename}.csv")


def as_xlsx(request, sessions, *, filename):
    return attachment(xlsx_file(registrations_for_export(sessions)), f"{filename}.xlsx")


def as_pdf(request, sessions, *, filename):
    return attachment(signin_pdf(signin_sheets(sessions)), f"{filename}.pdf")


def people_as_csv(request, sessions, *, filename):
    rows = people_rows(people_for_export(sessions))
    return attachment(csv_lines(rows, PEOPLE_COLUMNS), f"{filename}-people.csv")


def people_as_xlsx(request, sessions, *, filename):
    rows = people_rows(people_for_export(sessions))
    return attachment(xlsx_of_rows(rows, PEOPLE_COLUMNS), f"{filename}-people.xlsx")


def as_badges(request, sessions, *, filename):
    """Badges of the people confirmed in at least one of the sessions, each in its wearer's
    language, or all in the one chosen (?language=el)."""
    people = people_for_export(sessions, confirmed_only=True)
    rows = badge_rows(people, language=badge_language(request.GET.get("language")))
    return attachment(badges_pdf(rows), f"{filename}-badges.pdf")


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
