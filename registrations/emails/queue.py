"""Queuing an e-mail: one outbox row per person, written in the transaction of the change that
causes it (the services call these); the worker sends it (delivery.py)."""

from contextlib import contextmanager
from contextvars import ContextVar

from registrations.models import Participant, Registration
from registrations.models.mailing import Mailing
from registrations.models.outgoing_email import OutgoingEmail, queue_email

Kind = OutgoingEmail.Kind


def queue_confirmation(participant_id: int, *, updated: bool, limited: bool = True) -> None:
    arguments = {"updated": updated, "limited": limited}
    queue_email(Kind.CONFIRMATION, participant_id, arguments=arguments)


def queue_cancelled_by_organisers(registration: Registration) -> None:
    """The confirmation, updated, saying first which registration the organisers cancelled."""
    arguments = {"updated": True, "cancelled": True, "limited": False}
    queue_email(
        Kind.CONFIRMATION, registration.participant_id, registration=registration,
        arguments=arguments,
    )  # fmt: skip


def queue_cancellation(participant_id: int) -> None:
    queue_email(Kind.CANCELLATION, participant_id, arguments={"limited": True})


def queue_promotion(registration: Registration) -> None:
    """Within promotions_grouped() (one action that may free places in several sessions), a
    second place given to the same person is added to the e-mail already queued for them:
    one e-mail per person per action, listing every place."""
    participant_id = registration.participant_id
    grouped = GROUPED.get()
    if grouped is not None and participant_id in grouped:
        email = grouped[participant_id]
        email.arguments["registrations"] = [*email.arguments["registrations"], registration.pk]
        email.save(update_fields=["arguments"])
        return
    email = queue_email(
        Kind.PROMOTION, participant_id, registration=registration,
        arguments={"registrations": [registration.pk]},
    )  # fmt: skip
    if grouped is not None:
        grouped[participant_id] = email


GROUPED: ContextVar[dict | None] = ContextVar("promotions_grouped", default=None)


@contextmanager
def promotions_grouped():
    """One action's promotions: use inside the action's transaction (the e-mails it queues are
    not visible to the worker before it commits)."""
    token = GROUPED.set({})
    try:
        yield
    finally:
        GROUPED.reset(token)


def queue_manage_link(visit_id: int, email: str, *, tried_again: bool) -> None:
    """The private link, to the participant of the visit with this mailbox if there is one. A
    row is queued either way (with nobody to send to if the address is unknown), so that the
    request does the same work whoever asks."""
    participant_id = (
        Participant.objects.with_email(email)
        .filter(visit=visit_id)
        .values_list("pk", flat=True)
        .first()
    )
    arguments = {"tried_again": tried_again, "limited": True}
    queue_email(Kind.MANAGE_LINK, participant_id, arguments=arguments)


def queue_mailing(mailing: Mailing, participant_ids: list[int]) -> None:
    """An organiser's message: one e-mail per person, only them in To:."""
    OutgoingEmail.objects.bulk_create(
        OutgoingEmail(kind=Kind.MAILING, participant_id=pk, mailing=mailing)
        for pk in participant_ids
    )
