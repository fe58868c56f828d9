"""Limits that hold for the whole site: form posts per client address, e-mails per mailbox.

Counted in the database (the Throttle model), not in a per-process cache: every worker of every
app server shares one database, so a limit of 10 a minute is 10 a minute, whatever the number of
gunicorn workers or servers, with no extra service. Counting is one statement, in the caller's
transaction if any (a sign-up counts its post in its own): the counter's row lock (PostgreSQL)
or the database's write lock (SQLite, BEGIN IMMEDIATE) makes two simultaneous hits count as two.

Windows are fixed (10/m: from :00 to :59 of each minute), as in django-ratelimit: someone can
squeeze up to twice the limit across a window's edge, never more.
"""

import datetime
import re

from django.db import connection
from django.utils import timezone
from django.utils.crypto import salted_hmac

from registrations.models import Throttle

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^(\d+)/(\d*)([smhd])$")


def parse_rate(rate: str) -> tuple[int, int]:
    """'10/m' → (10, 60); '5/2h' → (5, 7200)."""
    match = RATE.match(rate.strip())
    if not match:
        raise ValueError(f"A rate is like 10/m or 5/h, not {rate!r}.")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * PERIODS[unit]


def allow(scope: str, subject: str, rate: str) -> bool:
    """Count one more hit for `subject` (an address, a mailbox) in `scope`, and say whether it
    is within `rate`. The subject is stored as a keyed hash only."""
    limit, period = parse_rate(rate)
    return hit(scope, subject_hash(scope, subject), window_start(period)) <= limit


def subject_hash(scope: str, subject: str) -> str:
    return salted_hmac(f"kiss.throttle.{scope}", subject, algorithm="sha256").hexdigest()[:64]


def window_start(period: int) -> datetime.datetime:
    now = timezone.now().timestamp()
    return datetime.datetime.fromtimestamp(now - now % period, tz=datetime.UTC)


def hit(scope: str, subject: str, start: datetime.datetime) -> int:
    """Add one to the window's counter (made at 1 if it is new) and return the new count: one
    statement, in the caller's transaction if there is one (a sign-up counts its post with the
    rest of what it writes). The counter's row lock (PostgreSQL), or the database's write lock
    (SQLite), makes two simultaneous hits count two."""
    with connection.cursor() as cursor:
        cursor.execute(COUNT_ONE_MORE, [scope, subject, start])
        hits = cursor.fetchone()[0]
    if hits == 1:  # a new window began: this subject's old ones are of no more use
        Throttle.objects.filter(scope=scope, subject=subject, window_start__lt=start).delete()
    return hits


# Raw SQL: the ORM has no "insert, or else add one" that returns the count. Both databases
# (PostgreSQL, SQLite 3.35+) read it the same way.
COUNT_ONE_MORE = f"""
    INSERT INTO {Throttle._meta.db_table} (scope, subject, window_start, hits)
    VALUES (%s, %s, %s, 1)
    ON CONFLICT (scope, subject, window_start)
    DO UPDATE SET hits = {Throttle._meta.db_table}.hits + 1
    RETURNING hits
"""


def forget_old_counters(*, older_than: datetime.timedelta = datetime.timedelta(days=1)) -> int:
    """Delete counters of windows that began before `older_than` ago (run daily)."""
    deleted, _ = Throttle.objects.filter(window_start__lt=timezone.now() - older_than).delete()
    return deleted
