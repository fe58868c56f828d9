"""Sending the certificates of attendance by e-mail: one e-mail per person who attended at
least one session of the visit, queued in the outbox; the worker draws each certificate when it
leaves, from the check-in records of that moment (registrations/exports/certificates.py)."""

from django.db import transaction

from programme.models import StudyVisit
from registrations.models import OutgoingEmail, Participant


def queue_certificates(*, visit: StudyVisit) -> int:
    """Queue the certificates of everyone not erased with an attendance recorded; returns how
    many. Each call queues them again: organisers send them when the visit is over."""
    with transaction.atomic():
        people = list(
            Participant.objects.active()
            .filter(visit=visit, registrations__attended=True)
            .order_by("pk")
            .values_list("pk", flat=True)
            .distinct()
        )
        OutgoingEmail.objects.bulk_create(
            OutgoingEmail(kind=OutgoingEmail.Kind.CERTIFICATE, participant_id=pk) for pk in people
        )
    return len(people)
