"""Export attendee lists, people and badges from the command line, from the same rows as the
admin's exports. Errors are said in the language asked for, like the files."""

import datetime
import shutil

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from programme.models import Day, Session, StudyVisit
from registrations.exports.badges import badge_rows, badges_pdf
from registrations.exports.people import PEOPLE_COLUMNS, people_for_export, people_rows
from registrations.exports.rows import attendee_rows, registrations_for_export
from registrations.exports.signin import signin_pdf, signin_sheets
from registrations.exports.spreadsheets import csv_lines, xlsx_file, xlsx_of_rows

FORMATS = ["csv", "xlsx", "pdf", "people-csv", "people-xlsx", "badges"]


class Command(BaseCommand):
    help = (
        "Write the attendees of a visit, a day or a session as CSV, XLSX or PDF sign-in sheets; "
        "the people (a row each, with their sessions) as CSV or XLSX; or their name badges."
    )

    def add_arguments(self, parser):
        parser.add_argument("visit", help="The visit's slug, e.g. saint-etienne-2018.")
        parser.add_argument("--day", help="Only this day (YYYY-MM-DD).")
        parser.add_argument("--session", help="Only this session (its slug).")
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.COMMAND_LANGUAGE,
            help="The language of the file and of the messages.",
        )
        parser.add_argument(
            "--badge-language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="Badges: every badge in this language (by default, each in its wearer's).",
        )
        parser.add_argument("--output", required=True, help="The file to write.")

    def handle(self, *args, **options):
        with translation.override(options["language"]):
            sessions = self.sessions(options)
            try:
                self.badge_language = options["badge_language"]
                self.write(options["format"], sessions, options["output"])
            except OSError as error:
                raise CommandError(
                    _("Could not write %(path)s: %(reason)s")
                    % {"path": options["output"], "reason": error.strerror}
                ) from error
            self.stdout.write(_("Wrote %(path)s.") % {"path": options["output"]})

    def sessions(self, options):
        visit = StudyVisit.objects.filter(slug=options["visit"]).first()
        if visit is None:
            raise CommandError(
                _("No study visit has the slug “%(slug)s”.") % {"slug": options["visit"]}
            )
        sessions = Session.objects.filter(day__visit=visit)
        if options["day"]:
            sessions = sessions.filter(day=self.day(visit, options["day"]))
        if options["session"]:
            sessions = sessions.filter(slug=options["session"])
            if not sessions.exists():
                raise CommandError(
                    _("Nothing to export: no session “%(slug)s” in this selection.")
                    % {"slug": options["session"]}
                )
        return sessions

    def day(self, visit, text: str) -> Day:
        try:
            date = datetime.date.fromisoformat(text)
        except ValueError:
            raise CommandError(
                _("Nothing to export: “%(day)s” is not a date written YYYY-MM-DD.") % {"day": text}
            ) from None
        day = Day.objects.filter(visit=visit, date=date).first()
        if day is None:
            raise CommandError(
                _("Nothing to export: the visit has no day on %(day)s.") % {"day": text}
            )
        return day

    def write(self, fmt, sessions, path):
        if fmt == "csv":
            self.write_text(path, csv_lines(attendee_rows(registrations_for_export(sessions))))
        elif fmt == "people-csv":
            rows = people_rows(people_for_export(sessions))
            self.write_text(path, csv_lines(rows, PEOPLE_COLUMNS))
        elif fmt == "xlsx":
            self.write_file(path, xlsx_file(registrations_for_export(sessions)))
        elif fmt == "people-xlsx":
            rows = people_rows(people_for_export(sessions))
            self.write_file(path, xlsx_of_rows(rows, PEOPLE_COLUMNS))
        elif fmt == "badges":
            people = people_for_export(sessions, confirmed_only=True)
            self.write_bytes(path, badges_pdf(badge_rows(people, language=self.badge_language)))
        else:
            self.write_bytes(path, signin_pdf(signin_sheets(sessions)))

    def write_text(self, path, lines):
        with open(path, "w", encoding="utf-8", newline="") as output:
            output.writelines(lines)

    def write_file(self, path, source):
        with source, open(path, "wb") as output:
            shutil.copyfileobj(source, output)

    def write_bytes(self, path, content: bytes):
        with open(path, "wb") as output:
            output.write(content)
