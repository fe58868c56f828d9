"""Export attendee lists from the command line, from the same rows as the admin's exports."""

import shutil

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from programme.models import Day, Session, StudyVisit
from registrations.exports.rows import attendee_rows, registrations_for_export
from registrations.exports.signin import signin_pdf, signin_sheets
from registrations.exports.spreadsheets import csv_lines, xlsx_file


class Command(BaseCommand):
    help = "Write the attendees of a visit, a day or a session as CSV, XLSX or PDF sign-in sheets."

    def add_arguments(self, parser):
        parser.add_argument("visit", help="The visit's slug, e.g. saint-etienne-2018.")
        parser.add_argument("--day", help="Only this day (YYYY-MM-DD).")
        parser.add_argument("--session", help="Only this session (its slug).")
        parser.add_argument("--format", choices=["csv", "xlsx", "pdf"], default="csv")
        parser.add_argument("--language", choices=["fr", "en"], default="fr")
        parser.add_argument("--output", required=True, help="The file to write.")

    def handle(self, *args, **options):
        sessions = self.sessions(options)
        with translation.override(options["language"]):
            self.write(options["format"], sessions, options["output"])
        self.stdout.write(f"Wrote {options['output']}.")

    def sessions(self, options):
        try:
            visit = StudyVisit.objects.get(slug=options["visit"])
            sessions = Session.objects.filter(day__visit=visit)
            if options["day"]:
                sessions = sessions.filter(day=Day.objects.get(visit=visit, date=options["day"]))
            if options["session"]:
                sessions = sessions.filter(slug=options["session"])
        except (StudyVisit.DoesNotExist, Day.DoesNotExist, ValueError, ValidationError) as error:
            raise CommandError(f"Nothing to export: {error}") from error
        if not sessions.exists():
            raise CommandError("Nothing to export: no such session.")
        return sessions

    def write(self, fmt, sessions, path):
        registrations = registrations_for_export(sessions)
        if fmt == "csv":
            with open(path, "w", encoding="utf-8", newline="") as output:
                output.writelines(csv_lines(attendee_rows(registrations)))
        elif fmt == "xlsx":
            with xlsx_file(registrations) as source, open(path, "wb") as output:
                shutil.copyfileobj(source, output)
        else:
            with open(path, "wb") as output:
                output.write(signin_pdf(signin_sheets(sessions)))
