"""What tests check about places: who holds what, and whether the counters tell the truth."""

from programme.models import Session
from registrations.models import Registration


def statuses(session) -> list[tuple[str, str]]:
    """(e-mail, status) of every registration for the session, sorted by address."""
    rows = Registration.objects.filter(session=session).values_list("participant__email", "status")
    return sorted(rows)


def confirmed_count(session) -> int:
    return Registration.objects.filter(session=session).confirmed().count()


def confirmed_by_kind(session) -> tuple[int, int]:
    """(local, delegation) places held by confirmed registrations, counted from the rows."""
    confirmed = Registration.objects.filter(session=session).confirmed()
    delegation = confirmed.filter(place=Registration.Place.DELEGATION).count()
    return confirmed.count() - delegation, delegation


def counters_match(session) -> bool:
    """The session's place counters equal its confirmed registrations, by kind of place."""
    session = Session.objects.get(pk=session.pk)
    return (session.confirmed_local, session.confirmed_delegation) == confirmed_by_kind(session)


def place_problems(session) -> list[str]:
    """What an organiser would find wrong with the session's places, judged from its rows:
    counters that lie, more people confirmed than the places allow, people left waiting for a
    place that is free."""
    session = Session.objects.get(pk=session.pk)
    local, delegation = confirmed_by_kind(session)
    problems = []
    if not counters_match(session):
        problems.append(
            f"counters out of step: they say {session.confirmed_local} local and "
            f"{session.confirmed_delegation} delegation, the rows {local} and {delegation}"
        )
    # The session as its rows say it is, so that its own rule tells whether someone fits.
    truth = Session(
        capacity=session.capacity,
        reserved_places=session.reserved_places,
        confirmed_local=local,
        confirmed_delegation=delegation,
    )
    if truth.capacity is not None and truth.places_taken > truth.capacity:
        problems.append(f"overbooked: {local + delegation} confirmed for {truth.capacity} places")
    waiting = Registration.objects.filter(session=session).waiting().select_related("participant")
    stranded = [r for r in waiting if truth.has_place_for(delegation=r.participant.is_delegation)]
    if stranded:
        problems.append(f"left waiting with places free: {len(stranded)} waiting")
    return problems
