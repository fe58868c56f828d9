"""Check-in taps in the organisers' admin: a read-only list for auditing who was checked in, when,
from which phone's tap, and which taps a later one overruled."""

from registrations.admin.checkin_taps import tap_admin  # noqa: F401 (registers its admin)
