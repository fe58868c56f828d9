"""Races run for real, and the switches that take our protections away for the controls.

Racers are threads, each with its own database connection, opened before a barrier releases them
all at once: what races is the services' work, not the connection handshakes.
"""

import threading
from collections import Counter
from contextlib import contextmanager

from django.apps import apps
from django.db import connection, connections, transaction
from django.db.migrations.operations import RemoveConstraint
from django.db.migrations.state import ProjectState
from django.test.utils import CaptureQueriesContext

from programme.models import Session
from registrations.domain import place_steps
from registrations.models import Participant, Registration


def run_at_once(tasks) -> list:
    """Run each task in its own thread, all released together; return each result or exception."""
    barrier = threading.Barrier(len(tasks))
    results = [None] * len(tasks)

    def run(index, task):
        try:
            try:
                connection.ensure_connection()
            finally:
                barrier.wait()  # even after a failure to connect: the others must not hang
            results[index] = task()
        except Exception as error:  # collected, so that the scenario can report it
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def one_after_another(tasks):
    """A racer that does several things in a row, like people queueing at one terminal: its
    result is the list of what each returned or raised."""

    def task():
        results = []
        for each in tasks:
            try:
                results.append(each())
            except Exception as error:  # collected, as run_at_once does
                results.append(error)
        return results

    return task


def errors_raised(results, *, expected=()) -> list[str]:
    """The exceptions people would have met instead of an answer, counted by kind and message;
    refusals the scenario expects (a domain error with a translated message) are left out."""
    answers = [a for result in results for a in (result if isinstance(result, list) else [result])]
    errors = Counter(
        f"{type(answer).__name__} ({str(answer).splitlines()[0] if str(answer) else ''})"
        for answer in answers
        if isinstance(answer, Exception) and not isinstance(answer, expected)
    )
    return [f"raised to users: {count} × {error}" for error, count in sorted(errors.items())]


def switch_off_lock(monkeypatch) -> None:
    """Connections opened from now on run the services without our lock. PostgreSQL: no
    SELECT ... FOR UPDATE is sent at all (the sessions' rows through place_steps.lock_sessions, the
    participant's row in change_registrations). SQLite: transactions begin DEFERRED instead of
    IMMEDIATE, so that the write lock is taken at the first write, after the counters were read."""
    if connection.vendor == "postgresql":
        monkeypatch.setattr(type(connection.features), "has_select_for_update", False)
    else:
        options = connections.settings["default"]["OPTIONS"]
        monkeypatch.setitem(options, "transaction_mode", "DEFERRED")


def lock_in_force(session) -> bool:
    """Whether a new connection really locks the session, read from the SQL the seam sends: a
    row lock (PostgreSQL) or a transaction that takes the write lock at once (SQLite)."""

    def statements_of_a_lock():
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            place_steps.lock_sessions([session.pk])
        return [query["sql"] for query in queries]

    [statements] = run_at_once([statements_of_a_lock])
    if isinstance(statements, Exception):
        raise statements
    return any("FOR UPDATE" in sql or sql == "BEGIN IMMEDIATE" for sql in statements)


def constraint_names(model) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, model._meta.db_table))


@contextmanager
def constraint_removed(model, name: str):
    """The database without one of its constraints, for a control; put back afterwards. Done as
    the migration that drops it would do it: SQLite remakes the table from the model's state,
    which must then lack the constraint."""
    app_label = model._meta.app_label
    with_it = ProjectState.from_apps(apps)
    without_it = with_it.clone()
    removal = RemoveConstraint(model._meta.model_name, name)
    removal.state_forwards(app_label, without_it)
    with connection.schema_editor() as editor:
        removal.database_forwards(app_label, editor, with_it, without_it)
    try:
        yield
    finally:
        # The race may have left rows the constraint refuses: forget every sign-up (the test's
        # data goes at its end anyway) so that the constraint can be put back.
        Registration.objects.all().delete()
        Participant.objects.all().delete()
        Session.objects.update(confirmed_local=0, confirmed_delegation=0)
        with connection.schema_editor() as editor:
            removal.database_backwards(app_label, editor, without_it, with_it)


@contextmanager
def one_lock_removed(name: str, monkeypatch):
    """The world of a control that removes one of our locks, "sessions" or "participant". On
    PostgreSQL the rows it names are read without FOR UPDATE (place_steps.lock_switched_off), every
    other lock kept. SQLite has a single lock, the database's write lock taken at BEGIN
    IMMEDIATE, which stands in for every row lock (FOR UPDATE sends nothing there): removing one
    row lock changes nothing, so its control removes that single lock (DEFERRED transactions)."""
    with place_steps.lock_switched_off(name), monkeypatch.context() as patch:
        if connection.vendor == "sqlite":
            options = connections.settings["default"]["OPTIONS"]
            patch.setitem(options, "transaction_mode", "DEFERRED")
        yield


def problems_in_rounds(scenario, *, rounds: int, stop_at_first: bool = False) -> list[str]:
    """The scenario raced `rounds` times, each on new sessions and people: one race may happen
    not to collide. A control stops at its first round that went wrong."""
    problems = []
    for _ in range(rounds):
        problems += scenario()
        if problems and stop_at_first:
            break
    return problems


ROUNDS = 3  # with the lock: every round must end right
# Without it: stops at the first round that goes wrong. The rarest collision (holders cancelling
# all while newcomers sign up, on PostgreSQL) came after 5, 6 and 22 rounds of about 0.2 s: ten
# rounds missed it about once in three runs; a hundred miss it about once in 30,000.
CONTROL_ROUNDS = 100


def problems_with_the_lock(scenario, by) -> list[str]:
    return problems_in_rounds(lambda: scenario(by), rounds=ROUNDS)


def problems_without(lock: str, scenario, by, monkeypatch) -> list[str]:
    """The control: the same scenario with one of our locks switched off."""
    with one_lock_removed(lock, monkeypatch):
        return problems_in_rounds(lambda: scenario(by), rounds=CONTROL_ROUNDS, stop_at_first=True)
