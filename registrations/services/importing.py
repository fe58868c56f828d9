"""Signing up a list of people at once (a partner's spreadsheet, checked line by line by the
admin's import): each person through the same services as a sign-up by hand."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from programme.models import Session, StudyVisit
from programme.page_cache import one_change_covers_all
from registrations.domain.addresses import email_key
from registrations.domain.errors import RegistrationError
from registrations.domain.history import Actor
from registrations.models import Participant, Registration
from registrations.services.signup import SignupOutcome, add_sessions, register_participant


@dataclass
class PersonToImport:
    line: int
    details: dict  # as register_participant takes them
    session_ids: list[int]
    language: str


@dataclass
class ImportOutcome:
    line: int
    new: bool = False  # a new participant; else someone already registered for the visit
    confirmed: list[Session] = field(default_factory=list)
    waiting: list[Session] = field(default_factory=list)
    refused: str = ""

    @property
    def changes_something(self) -> bool:
        return not self.refused and bool(self.new or self.confirmed or self.waiting)

    def summary(self) -> list:
        """What a preview promised of this line: compared when the import is confirmed."""
        return [
            self.line,
            self.new,
            self.refused != "",
            [s.pk for s in self.confirmed],
            [s.pk for s in self.waiting],
        ]


class OutcomeChanged(RegistrationError):
    message = _(
        "Places or registrations changed since the preview: nothing was imported. Upload the "
        "file again to see the new outcome."
    )


def import_people(
    *,
    visit: StudyVisit,
    people: list[PersonToImport],
    join_waiting_list: bool,
    notify: bool,
    by: Actor,
    dry_run: bool = False,
    expected: list | None = None,
) -> list[ImportOutcome]:
    """Sign each person up, in the file's order, in one transaction: a new person like a sign-up
    by hand (register_participant); someone already registered for the visit (same mailbox) only
    for the sessions they do not hold yet (add_sessions), so that importing a file twice adds
    nobody twice. A person refused (a full session without the waiting list, a session closed
    to sign-up) is left out with the reason, and the others go on: each service call is its own
    savepoint. With `dry_run` everything is rolled back: the outcomes are a faithful preview,
    places and waiting lists included, and nothing is written. With `expected` (the summaries
    of a preview), anything else raises OutcomeChanged and nothing is written."""
    with one_change_covers_all():  # the pages version changes once, not once a person
        known = {
            p.email_key: p for p in Participant.objects.active().filter(visit=visit).order_by()
        }
        held = sessions_held(visit)
        outcomes = []
        for person in people:
            outcome = ImportOutcome(line=person.line)
            existing = known.get(email_key(person.details["email"]))
            if existing and set(person.session_ids) <= held.get(existing.pk, set()):
                outcomes.append(outcome)  # a file imported again: nothing to ask the services
                continue
            try:
                result = sign_up_one(visit, person, existing, join_waiting_list, notify, by)
            except RegistrationError as error:
                outcome.refused = str(error.message)
            else:
                outcome.new = existing is None
                outcome.confirmed, outcome.waiting = result.confirmed, result.waiting
            outcomes.append(outcome)
        if expected is not None and [o.summary() for o in outcomes] != expected:
            raise OutcomeChanged
        if dry_run:
            transaction.set_rollback(True)
    return outcomes


def sessions_held(visit) -> dict[int, set[int]]:
    """{participant: sessions of their live registrations}, for the visit (one query)."""
    held = {}
    live = Registration.objects.live().filter(participant__visit=visit).order_by()
    for participant_id, session_id in live.values_list("participant_id", "session_id"):
        held.setdefault(participant_id, set()).add(session_id)
    return held


def sign_up_one(visit, person, existing, join_waiting_list, notify, by) -> SignupOutcome:
    if existing is not None:
        return add_sessions(
            participant=existing,
            session_ids=person.session_ids,
            join_waiting_list=join_waiting_list,
            by=by,
            notify=notify,
        )
    return register_participant(
        visit=visit,
        details=person.details,
        session_ids=person.session_ids,
        join_waiting_list=join_waiting_list,
        language=person.language,
        by=by,
        notify=notify,
    )
