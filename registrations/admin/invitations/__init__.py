"""Delegation invitations in the organisers' admin: made, listed with their uses, revoked."""

from registrations.admin.invitations import invitation_admin  # noqa: F401 (registers its admin)
