"""What tests check about places: who holds what, and whether the counters tell the truth."""

from django.db.models import Q

from programme.models import Session
from registrations.models import Registration


def statuses(session) -> list[tuple[str, str]]:
    """(e-mail, status) of every registration for the session, sorted by address."""
    rows = Registration.objects.filter(session=session).values_list("participant__email", "status")
    return sorted(rows)


def confirmed_count(session) -> int:
    return Registration.objects.filter(session=session).confirmed().count()


def counters_match(session) -> bool:
    """The session's place counters equal its confirmed registrations, by kind of participant."""
    session = Session.objects.get(pk=session.pk)
    confirmed = Registration.objects.filter(session=session).confirmed()
    delegation = confirmed.filter(Q(participant__is_delegation=True)).count()
    local = confirmed.count() - delegation
    return (session.confirmed_local, session.confirmed_delegation) == (local, delegation)
