"""Personal data that leaves: a participant's erasure, and the purge after the retention period.

Anonymous figures stay (country, language, delegation or not, statuses), so that the visit's
counts remain true; names, addresses and needs go: from the participant's row, from the admin's
history, and from the history of places (whose entries hold no names: the organisers' notes on
the person are blanked).
"""

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation

from .history import OVER_CAPACITY, WALK_IN, WALK_IN_OVER_CAPACITY, Change
from .models import OutgoingEmail, Participant, Registration, new_manage_token

# Notes written by the site itself, as codes: they name nobody, and the history needs them.
CODED_NOTES = (OVER_CAPACITY, WALK_IN, WALK_IN_OVER_CAPACITY)


def purge_personal_data(*, older_than_days: int, today=None) -> int:
    """Anonymise every participant of the visits that ended more than `older_than_days` ago;
    statuses and anonymous fields stay for the counts. Returns how many were anonymised."""
    participants = Participant.objects.due_for_purge(older_than_days=older_than_days, today=today)
    count = 0
    for participant in participants.iterator():
        with transaction.atomic():
            anonymise(participant)
        count += 1
    return count


def anonymise(participant: Participant) -> None:
    Participant.objects.filter(pk=participant.pk).update(
        first_name="",
        last_name="",
        email="",
        email_key="",
        search_text="",
        organisation="",
        dietary_requirement="",
        dietary_notes="",
        accessibility_needs="",
        manage_token=new_manage_token(),
        erased_at=timezone.now(),
    )
    # Organisers' notes (a reason to move someone in line) may name or describe the person.
    Change.objects.filter(participant=participant).exclude(note__in=CODED_NOTES).update(note="")
    forget_emails(participant)
    forget_name_in_admin_history(participant)


def forget_emails(participant: Participant) -> None:
    """The outbox holds no address or body; a mail server's error text might still quote the
    person (their name beside the masked address): blanked. What was still to leave, won't."""
    emails = OutgoingEmail.objects.filter(participant=participant)
    emails.update(last_error="")
    emails.filter(state=OutgoingEmail.State.QUEUED).update(state=OutgoingEmail.State.SKIPPED)


def forget_name_in_admin_history(participant: Participant) -> None:
    """The admin's history keeps each object's name as it was when logged: replace the
    participant's, on their own entries and on their registrations'."""
    erased = Participant.objects.get(pk=participant.pk)
    with translation.override(settings.LANGUAGE_CODE):
        name = str(erased)
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Participant), object_id=str(erased.pk)
    )
    entries.update(object_repr=name)
    for registration in erased.registrations.select_related("session"):
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Registration),
            object_id=str(registration.pk),
        ).update(object_repr=f"{name} — {registration.session.title_fr}")
