"""DATABASES as the settings build it from DATABASE_URL, read in a fresh process as the site
would be started: however SQLite is named, it locks and waits like the default one."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

SHOW_DATABASE = """
import json, os, django
django.setup()
from django.conf import settings
database = settings.DATABASES["default"]
print(json.dumps({"pid": os.getpid(), **database}, default=str))
"""

SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def database_started_with(database_url: str = "") -> dict:
    """The default database of a process started with this DATABASE_URL (empty: none)."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kiss_visit.settings",
        "DATABASE_URL": database_url,
    }
    result = subprocess.run(
        [sys.executable, "-c", SHOW_DATABASE],
        env=environment,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=True,
    )
    return json.loads(result.stdout)


def test_default_sqlite_locks_at_transaction_start_and_waits():
    database = database_started_with()

    assert (database["NAME"], database["OPTIONS"], database["TEST"]["NAME"]) == (
        str(settings.VAR_DIR / "db.sqlite3"),
        SQLITE_OPTIONS,
        str(settings.VAR_DIR / f"test-db-{database['pid']}.sqlite3"),
    )


@pytest.mark.parametrize(
    ("url", "options"),
    [
        ("sqlite:////tmp/x.sqlite3", SQLITE_OPTIONS),
        ("sqlite:////tmp/x.sqlite3?timeout=60", {**SQLITE_OPTIONS, "timeout": 60}),
    ],
)
def test_sqlite_database_url_gets_the_same_options_as_default_sqlite(url, options):
    database = database_started_with(url)

    assert (
        database["ENGINE"],
        database["NAME"],
        database["OPTIONS"],
        database["TEST"]["NAME"],
    ) == (
        "django.db.backends.sqlite3",
        "/tmp/x.sqlite3",
        options,
        str(settings.VAR_DIR / f"test-db-{database['pid']}.sqlite3"),
    )


def test_postgresql_database_url_fails_fast_and_checks_kept_connections():
    database = database_started_with("postgres://kiss@db.internal:5432/kiss")

    assert (database["OPTIONS"], database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (
        {"connect_timeout": 5},
        600,
        True,
    )


def test_postgresql_database_url_of_the_local_socket_connects_without_password():
    # As docs/deployment.md sets it: the socket's folder, percent-encoded, as the host.
    database = database_started_with("postgres://kiss@%2Fvar%2Frun%2Fpostgresql/kiss")

    assert (database["HOST"], database["PORT"], database["USER"], database["PASSWORD"]) == (
        "/var/run/postgresql",
        "",
        "kiss",
        "",
    )
