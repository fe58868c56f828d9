"""The rules of signing up. Every change to a participant's places goes through here.

Each public function is one transaction. A function that gives or frees places locks the sessions
it touches before it reads their counters: on PostgreSQL with SELECT ... FOR UPDATE in primary-key
order (two transactions never wait on each other in a cycle); on SQLite every transaction starts
with BEGIN IMMEDIATE (see settings), which takes the database's write lock before the first read.
A participant's row, when locked, is locked before any session: one lock order everywhere.
Every status change of a registration happens while its session is locked, so a registration read
after that lock is current. The check constraint `session_never_overbooked` is the database's last
word should anything slip past.

Functions that change what a participant has are idempotent: asking twice for the same session,
or cancelling twice, changes nothing the second time. Each takes `by`, who acts
(registrations/domain/history.py): every change is written to the history in the same transaction.

- signup.py: what participants do (and organisers on their behalf): register, change, cancel,
  erase, ask for their link.
- organisers.py: what only organisers do: capacities, promotions, moves, restores, places in
  line, attendance, delegation membership, resending.
- attendance.py: on the day: marking people present, walk-ins.
- invitations.py: delegation invitations: the use counted under the invitation's lock, revoking.
- messaging.py: organisers' messages to the people of a session, a day or the visit, and
  sending again those that failed.
"""

from registrations.domain.errors import (
    AlreadySignedUp,
    EmailAlreadyRegistered,
    InvitationUnusable,
    NoLocalPlace,
    NotCancelled,
    NotLive,
    NotWaiting,
    RegistrationClosed,
    RegistrationError,
    SessionsFull,
    SessionUnavailable,
    TooManyPosts,
)
from registrations.domain.history import PARTICIPANT, PUBLIC_FORM, SYSTEM, Actor
from registrations.services.attendance import WalkIn, add_walk_in, mark_present
from registrations.services.cancellations import (
    CannotUndo,
    cancel_for_organiser,
    cancellation_preview,
    undo_cancellation,
)
from registrations.services.invitations import revoke_invitation
from registrations.services.messaging import resend_failed, send_mailing
from registrations.services.organisers import (
    Promotion,
    capacities_locked,
    change_session_capacity,
    move_in_line,
    move_registration,
    offer_free_places,
    promote_registration,
    record_attendance,
    resend_confirmation,
    restore_registration,
    set_delegation,
)
from registrations.services.signup import (
    SignupOutcome,
    add_sessions,
    cancel_all_registrations,
    cancel_registration,
    change_registrations,
    erase_participant,
    register_participant,
    send_manage_link,
)
from registrations.services.waiting_line import move_to_position

__all__ = [
    "PARTICIPANT",
    "PUBLIC_FORM",
    "SYSTEM",
    "Actor",
    "AlreadySignedUp",
    "CannotUndo",
    "EmailAlreadyRegistered",
    "InvitationUnusable",
    "NoLocalPlace",
    "NotCancelled",
    "NotLive",
    "NotWaiting",
    "Promotion",
    "RegistrationClosed",
    "RegistrationError",
    "SessionUnavailable",
    "SessionsFull",
    "SignupOutcome",
    "TooManyPosts",
    "WalkIn",
    "add_sessions",
    "add_walk_in",
    "cancel_all_registrations",
    "cancel_for_organiser",
    "cancel_registration",
    "cancellation_preview",
    "capacities_locked",
    "change_registrations",
    "change_session_capacity",
    "erase_participant",
    "mark_present",
    "move_in_line",
    "move_registration",
    "move_to_position",
    "offer_free_places",
    "promote_registration",
    "record_attendance",
    "register_participant",
    "resend_confirmation",
    "resend_failed",
    "restore_registration",
    "revoke_invitation",
    "send_mailing",
    "send_manage_link",
    "set_delegation",
    "undo_cancellation",
]
