"""What tests check about places: who holds what, and whether the counters tell the truth."""

from programme.models import Session
from registrations.models import Participant, Registration


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


def line_problems(session) -> list[str]:
    """People waiting who share a place in line: the line's positions must be 1..n, one each."""
    ranks = list(Registration.objects.filter(session=session).waiting().values_list("waiting_rank"))
    shared = sorted({rank for (rank,) in ranks if ranks.count((rank,)) > 1})
    return [f"places in line shared: ranks {shared}"] if shared else []


# What each history entry of these kinds says the registration's status became.
STATUS_CHANGES = ("signed_up", "promoted", "cancelled", "restored", "moved")


def history_problems(session) -> list[str]:
    """Registrations whose status is not the one their last history entry says."""
    disagree = []
    for registration in Registration.objects.filter(session=session):
        changes = registration.changes.filter(action__in=STATUS_CHANGES).order_by("pk")
        last = changes.values_list("new", flat=True).last()
        if last != registration.status:
            disagree.append(f"#{registration.pk} is {registration.status}, history says {last}")
    return [f"history and places disagree: {', '.join(disagree)}"] if disagree else []


def erasure_problems(participant) -> list[str]:
    """What an erased participant must not have: a live place, or any personal data."""
    participant = Participant.objects.get(pk=participant.pk)
    problems = []
    if participant.erased_at is None:
        return ["not erased"]
    live = participant.registrations.live().count()
    if live:
        problems.append(f"erased participant holds live places: {live}")
    personal = {
        name: getattr(participant, name) for name in PERSONAL_FIELDS if getattr(participant, name)
    }
    if personal:
        problems.append(f"erased participant's data written back: {sorted(personal)}")
    return problems


PERSONAL_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "organisation",
    "dietary_requirement",
    "dietary_notes",
    "accessibility_needs",
)


def place_kind_problems(participant) -> list[str]:
    """Confirmed places of a kind the participant does not take (a member in a local place)."""
    participant = Participant.objects.get(pk=participant.pk)
    kind = Registration.Place.DELEGATION if participant.is_delegation else Registration.Place.LOCAL
    wrong = participant.registrations.confirmed().exclude(place=kind).count()
    return [f"places of the wrong kind for {participant.pk}: {wrong}"] if wrong else []
