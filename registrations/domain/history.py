"""The history of places: every change to who holds what, with who made it and old → new.

Written by the services, inside the transaction that makes the change, so the history and the
places never disagree. A model of our own rather than the admin's LogEntry or a library that
copies rows on save: what changes places is the services (counters move with F() updates that
row-copying libraries do not see), and only they know who acted — an organiser, the participant
through their private link, or the site itself (a promotion when a place frees up).

Entries hold no names: a person is a link to their Participant row, shown as they are now, so an
erasure leaves "Erased participant #12"; organisers' notes on an erased person are blanked.
"""

from dataclasses import dataclass

from django.utils.translation import gettext, ngettext, pgettext

from registrations.models import Change


@dataclass(frozen=True)
class Actor:
    """Who makes a change: passed to every service that changes places."""

    kind: str
    user: object = None

    @classmethod
    def organiser(cls, user) -> "Actor":
        return cls(Change.Actor.ORGANISER, user)


SYSTEM = Actor(Change.Actor.SYSTEM)
PARTICIPANT = Actor(Change.Actor.PARTICIPANT)
PUBLIC_FORM = Actor(Change.Actor.PUBLIC_FORM)  # a sign-up on the public registration form
# The note of a capacity entry written by a promotion over capacity: a code, not an organiser's
# words, so erasure keeps it.
OVER_CAPACITY = "over capacity"
# Notes of the entries a walk-in writes (registrations/services/attendance.py): someone signed up
# at the door, and the place made for them when the session was full.
WALK_IN = "walk-in"
WALK_IN_OVER_CAPACITY = "walk-in over capacity"
# The note of a capacity entry written when `load_programme --reset` put back the committed one.
RELOADED = "programme reloaded"
# The note of a promotion made possible by a delegation membership confirmed (a local place freed).
FREED_BY_DELEGATION = "freed by delegation"
# The note of a restore that undid an organiser's cancellation (the same place given back).
UNDONE = "undone"
# Notes written by the site itself, as codes: they name nobody, and erasure keeps them.
CODED_NOTES = (
    FREED_BY_DELEGATION,
    OVER_CAPACITY,
    RELOADED,
    UNDONE,
    WALK_IN,
    WALK_IN_OVER_CAPACITY,
)


def record(by: Actor, action: str, **details) -> Change:
    """Write one entry (see `entry`)."""
    change = entry(by, action, **details)
    change.save()
    return change


def entry(by: Actor, action: str, *, registration=None, participant=None, session=None, **what):
    """One entry, not saved yet (for bulk_create); the registration, if given, also names its
    participant and session."""
    if registration is not None:
        participant = participant or registration.participant
        session = session or registration.session
    return Change(
        actor=by.kind,
        user=by.user,
        action=action,
        registration=registration,
        participant=participant,
        session=session,
        **{key: "" if value is None else value for key, value in what.items()},
    )


# What an organiser reads ------------------------------------------------------------------------


def describe(entry: Change) -> str:
    """The entry as a sentence in the active language: what changed, old → new. Values are
    stored as codes (statuses, yes/no/unknown, "capacity/reserved", places in line)."""
    Action = Change.Action
    old, new = entry.old, entry.new
    if entry.action == Action.CAPACITY:
        change = gettext("Capacity: %(old)s → %(new)s") % {
            "old": capacity_words(old),
            "new": capacity_words(new),
        }
        if entry.note == OVER_CAPACITY:
            return gettext("Promoted over capacity.") + " " + change
        if entry.note == WALK_IN_OVER_CAPACITY:
            return gettext("A place made for a walk-in.") + " " + change
        if entry.note == RELOADED:
            return gettext("Programme reloaded from the committed file.") + " " + change
        return change
    if entry.action == Action.ATTENDANCE:
        return gettext("Attendance: %(old)s → %(new)s") % {
            "old": attendance_words(old),
            "new": attendance_words(new),
        }
    if entry.action == Action.LINE:
        sentence = gettext("Place in the waiting list: %(old)s → %(new)s") % {
            "old": old,
            "new": new,
        }
        return with_reason(sentence, entry.note)
    if entry.action == Action.DELEGATION:
        if old == "claimed":
            return gettext("Delegation claim declined: local places.")
        if new == "delegation":
            return gettext("Delegation membership confirmed: reserved places from now on.")
        return gettext("Delegation membership withdrawn: local places from now on.")
    if entry.action == Action.MOVED:
        sentence = gettext("Moved from %(from)s to %(to)s.") % {
            "from": entry.from_session,
            "to": entry.session,
        }
        # A status that did not change ("confirmed → confirmed") says nothing: left out.
        return sentence if old == new else f"{sentence} {status_change(old, new)}"
    if entry.action == Action.MESSAGE:
        # new: how many people it went to; note: its French subject.
        count = int(new or 0)
        return ngettext(
            "Message sent to %(count)s person: %(subject)s",
            "Message sent to %(count)s people: %(subject)s",
            count,
        ) % {"count": count, "subject": entry.note}
    if entry.action == Action.INVITATION:
        # note: the invitation's label, as organisers named it.
        return gettext(
            "Registered through the delegation invitation “%(label)s”: reserved places."
        ) % {"label": entry.note}
    if entry.action in (Action.EMAIL, Action.ERASED):
        return str(entry.get_action_display())
    # Signed up, promoted, cancelled, restored: a change of status.
    sentence = f"{entry.get_action_display()}. {status_change(old, new)}"
    if entry.note == WALK_IN:
        return gettext("Walk-in, at the door.") + " " + sentence
    if entry.note == FREED_BY_DELEGATION:
        return gettext("A delegation membership confirmed freed this place.") + " " + sentence
    if entry.note == UNDONE:
        return gettext("Cancellation undone: the same place given back.") + " " + sentence
    return sentence


def status_change(old: str, new: str) -> str:
    if not old:
        return gettext("Status: %(new)s") % {"new": status_words(new)}
    return gettext("Status: %(old)s → %(new)s") % {
        "old": status_words(old),
        "new": status_words(new),
    }


def status_words(code: str) -> str:
    words = {
        "confirmed": pgettext("status", "confirmed"),
        "waiting": pgettext("status", "waiting"),
        "cancelled": pgettext("status", "cancelled"),
    }
    return words.get(code, code)


def attendance_words(code: str) -> str:
    words = {
        "yes": gettext("attended"),
        "no": gettext("no-show"),
        "unknown": gettext("not recorded"),
    }
    return words.get(code, code)


def capacity_words(code: str) -> str:
    """ "25/9" → "25 (9 reserved)"; "25/0" → "25"; "/0" → "unlimited"."""
    capacity, _slash, reserved = code.partition("/")
    if not capacity:
        return gettext("unlimited")
    if reserved in ("", "0"):
        return capacity
    return gettext("%(capacity)s (%(reserved)s reserved)") % {
        "capacity": capacity,
        "reserved": reserved,
    }


def with_reason(sentence: str, note: str) -> str:
    if not note:
        return sentence
    return gettext("%(sentence)s (reason: %(reason)s)") % {"sentence": sentence, "reason": note}
