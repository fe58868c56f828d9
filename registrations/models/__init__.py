"""Who comes to what: participants of a study visit, their sign-ups, the history of places and
the organisers' messages. One module per model; this package is what the rest imports."""

from registrations.models.change import Change, ChangeQuerySet
from registrations.models.checkin_tap import CheckinTap
from registrations.models.export_file import ExportFile
from registrations.models.invitation import DelegationInvitation
from registrations.models.mailing import Mailing
from registrations.models.outgoing_email import OutgoingEmail
from registrations.models.participant import (
    SEARCHED,
    DietaryRequirement,
    Participant,
    new_manage_token,
)
from registrations.models.registration import Registration
from registrations.models.throttle import Throttle
from registrations.models.visit_options import ReminderSent, VisitOptions

__all__ = [
    "SEARCHED",
    "Change",
    "ChangeQuerySet",
    "CheckinTap",
    "DelegationInvitation",
    "DietaryRequirement",
    "ExportFile",
    "Mailing",
    "OutgoingEmail",
    "Participant",
    "Registration",
    "ReminderSent",
    "Throttle",
    "VisitOptions",
    "new_manage_token",
]
