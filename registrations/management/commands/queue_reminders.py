"""Queue the reminders due now (registrations/services/reminders.py): run it every few minutes
(deploy/kiss-reminders.timer); the e-mail worker also runs it between e-mails. Running it again
queues nothing twice."""

from django.core.management.base import BaseCommand

from registrations.services.reminders import queue_reminders


class Command(BaseCommand):
    help = "Queue the reminder e-mails of tomorrow's sessions, where their hour has come."

    def handle(self, *args, **options):
        count = queue_reminders()
        self.stdout.write(f"{count} reminder(s) queued.")
