"""Measuring PostgreSQL under load (used by bench/rush.py): the CPU of the backends serving one
database, from /proc, and which rows they wait for."""

import contextlib
import threading

import psycopg2

from bench.load import cpu_seconds


def backends(database_url: str, name: str) -> list[int]:
    """The PostgreSQL processes serving the database (gunicorn's workers keep theirs open)."""
    connection = psycopg2.connect(database_url)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        pids = [row[0] for row in cursor.fetchall()]
    connection.close()
    return pids


def backend_cpu(pids) -> dict[int, float]:
    found = {}
    for pid in pids:
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            found[pid] = cpu_seconds([pid])
    return found


class LockWaits(threading.Thread):
    """Samples, every 20 ms while the rush lasts, the site's PostgreSQL backends waiting for a
    lock, by the table their statement writes or locks: which row is the hot spot."""

    TABLES = {
        "programme_pagesversion": "pages version",
        "programme_session": "sessions",
        "registrations_throttle": "posting limit",
    }

    def __init__(self, database_url: str, name: str):
        super().__init__(daemon=True)
        self.database_url, self.name = database_url, name
        self.samples, self.waits = 0, {}
        self.stopping = threading.Event()

    def run(self) -> None:
        connection = psycopg2.connect(self.database_url)
        connection.autocommit = True
        with connection.cursor() as cursor:
            while not self.stopping.wait(0.02):
                cursor.execute(
                    "SELECT query FROM pg_stat_activity WHERE datname = %s "
                    "AND wait_event_type = 'Lock'",
                    [self.name],
                )
                self.samples += 1
                for (query,) in cursor.fetchall():
                    table = next((t for t in self.TABLES if t in query), None)
                    kind = self.TABLES.get(table, "other")
                    self.waits[kind] = self.waits.get(kind, 0) + 1
        connection.close()

    def summary(self) -> str:
        if not self.samples:
            return "no sample"
        found = ", ".join(
            f"{kind} {count / self.samples:.2f}" for kind, count in sorted(self.waits.items())
        )
        return found or "none"
