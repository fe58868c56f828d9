"""The published visits and their sign-up sessions, kept in this process between requests while
the programme's content is unchanged; only the places are read again for each request.

In a rush of sign-ups each visitor's three requests (the form, the post, the received page) read
the visit and its sign-up sessions. With every text in five languages, the sessions with their
days and venues cost more than anything else a sign-up reads (1.1 ms of a 5.7 ms post), the
visit 0.4 ms; yet from one sign-up to the next only the counters of confirmed places change.

So they are kept under the *programme version* (programme/page_cache.py), which changes in the
same transaction as any change of programme content (a save or delete of any programme object,
an update() of sessions' rows other than their counters) but not with places. Each request reads
that version (one primary-key read) and, when it is the one they were kept under, the counters
of the kept sessions (one raw query): the places shown are as recent as with a full read, and
the texts as recent as the version read. Each request gets its own copies, so that nothing one
request sets on them (a place in line, say) reaches another.
"""

import copy
import threading

from django.db import connection
from django.shortcuts import get_object_or_404

from programme.models import Session, StudyVisit
from programme.page_cache import current_versions, programme_version_read
from programme.querysets import PLACE_COUNTERS

# Visits and session lists kept per process; past this many, all are dropped and read again.
KEPT_AT_MOST = 100

lock = threading.Lock()
visits: dict[str, tuple[str, StudyVisit]] = {}
session_lists: dict[int, tuple[str, list[Session]]] = {}


def programme_version() -> str:
    """As read with the pages version for the page being rendered, else read now."""
    version = programme_version_read.get()
    return current_versions()[1] if version is None else version


def published_visit(slug: str) -> StudyVisit:
    """The published visit with this slug (else 404), read from the database only when the
    programme changed since it was last read in this process."""
    version = programme_version()
    kept = visits.get(slug)
    if kept is None or not version or kept[0] != version:
        kept = (version, get_object_or_404(StudyVisit.objects.published(), slug=slug))
        keep(visits, slug, kept)
    visit = own_copy(kept[1])
    visit.kept_under = version  # its sessions are read under the same version: no second read
    return visit


def signup_sessions(visit) -> list[Session]:
    """The sessions a participant of the visit can choose (Session.objects.offered_in),
    with their days and venues, and their places as committed now."""
    if not (visit.is_published and visit.is_registration_open()):
        return []
    version = getattr(visit, "kept_under", None) or programme_version()
    kept = session_lists.get(visit.pk)
    if kept is None or not version or kept[0] != version:
        sessions = list(Session.objects.offered_in(visit))
        keep(session_lists, visit.pk, (version, sessions))
        return [own_copy(session) for session in sessions]
    return with_places_now(kept[1])


def visit_and_sessions(slug: str) -> tuple[StudyVisit, list[Session]]:
    """The published visit (else 404) and the sessions it offers for sign-up, as
    `published_visit` and `signup_sessions` give them; with one query when both are kept under
    the same version (the programme version and the counters read together), as for the post
    and the received page of a sign-up."""
    kept_visit = visits.get(slug)
    kept_list = kept_visit and session_lists.get(kept_visit[1].pk)
    if programme_version_read.get() is None and kept_list and kept_list[0] == kept_visit[0]:
        version, counters = version_and_counters(kept_list[1])
        if version and version == kept_visit[0]:
            visit = own_copy(kept_visit[1])
            visit.kept_under = version
            if not visit.is_registration_open():
                return visit, []
            return visit, with_counters(kept_list[1], counters)
    visit = published_visit(slug)
    return visit, signup_sessions(visit)


COUNTERS = ", ".join(PLACE_COUNTERS)
COUNTERS_QUERY = "SELECT id, " + COUNTERS + " FROM programme_session WHERE id IN ({})"
# One row per session asked for; the version alone (with nulls) if none is found.
VERSION_AND_COUNTERS_QUERY = (
    "SELECT v.programme_token, s.id, " + ", ".join(f"s.{name}" for name in PLACE_COUNTERS) + " "
    "FROM programme_pagesversion v LEFT JOIN programme_session s ON s.id IN ({}) WHERE v.id = 1"
)


def with_places_now(kept: list[Session]) -> list[Session]:
    """Copies of the kept sessions, each with its counters as committed now."""
    if not kept:
        return []
    query = COUNTERS_QUERY.format(", ".join(["%s"] * len(kept)))
    with connection.cursor() as cursor:
        cursor.execute(query, [session.pk for session in kept])
        return with_counters(kept, {row[0]: row[1:] for row in cursor.fetchall()})


def version_and_counters(kept: list[Session]) -> tuple[str | None, dict]:
    """The committed programme version and the counters of the kept sessions, in one read."""
    query = VERSION_AND_COUNTERS_QUERY.format(", ".join(["%s"] * len(kept)) or "NULL")
    with connection.cursor() as cursor:
        cursor.execute(query, [session.pk for session in kept])
        rows = cursor.fetchall()
    version = rows[0][0] if rows else None
    return version, {row[1]: row[2:] for row in rows if row[1] is not None}


def with_counters(kept: list[Session], counters: dict) -> list[Session]:
    """Copies of the kept sessions with these counters. A session deleted since is left out
    (its deletion changed the programme version anyway)."""
    sessions = []
    for session in kept:
        if session.pk in counters:
            session = own_copy(session)
            for name, value in zip(PLACE_COUNTERS, counters[session.pk], strict=True):
                setattr(session, name, value)
            sessions.append(session)
    return sessions


def own_copy(instance):
    """A copy of a model instance, as Model.__getstate__ makes one (its state and its cache of
    related objects copied too), without pickling's detour. The related objects (a session's
    day and venue) are shared: no page writes to them."""
    duplicate = instance.__class__.__new__(instance.__class__)
    duplicate.__dict__ = instance.__dict__.copy()
    duplicate._state = copy.copy(instance._state)
    duplicate._state.fields_cache = instance._state.fields_cache.copy()
    return duplicate


def keep(kept: dict, key, value) -> None:
    with lock:
        if len(kept) >= KEPT_AT_MOST:
            kept.clear()
        kept[key] = value
