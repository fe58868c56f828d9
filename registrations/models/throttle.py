"""Counters of the site-wide limits (see registrations/domain/limits.py)."""

from django.db import models


class Throttle(models.Model):
    """How many times something happened to one subject in one time window (form posts from an
    address, e-mails to a mailbox). Counted in the database, so that every worker of every app
    server sees the same count; see registrations/domain/limits.py."""

    scope = models.CharField(max_length=40)
    subject = models.CharField(max_length=64, help_text="A keyed hash, never the raw value.")
    window_start = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "subject", "window_start"], name="one_counter_per_window"
            )
        ]

    def __str__(self):
        return f"{self.scope} {self.window_start:%Y-%m-%d %H:%M}: {self.hits}"
