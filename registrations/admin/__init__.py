"""The organisers' admin: one module per screen or concern. Importing this package registers
every admin page of the app (Django's admin autodiscovery imports it)."""

from registrations.admin import (  # noqa: F401 (each registers its admin)
    certificates,
    checkin_taps,
    invitations,
    mailings,
    outgoing_emails,
    participants,
    registrations,
    sessions,
)
