"""Why a sign-up rule refused a request, with a translated message to show as it is."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


class RegistrationError(Exception):
    """A rule refused the request; `message` is translated and can be shown as it is."""

    message = _("Your registration could not be recorded.")

    def __init__(self, message=None, *, sessions=()):
        self.message = message or self.message
        self.sessions = list(sessions)
        super().__init__(str(self.message))


class RegistrationClosed(RegistrationError):
    message = _("Registration for this study visit is closed.")


class SessionUnavailable(RegistrationError):
    message = _("One of the chosen sessions is not open for sign-up.")


class SessionsFull(RegistrationError):
    def __init__(self, sessions):
        titles = ", ".join(session.title for session in sessions)
        message = ngettext_lazy(
            "This session is now full: %(titles)s. Tick the waiting-list box to be put on its "
            "waiting list, or untick the session.",
            "These sessions are now full: %(titles)s. Tick the waiting-list box to be put on "
            "their waiting lists, or untick them.",
            len(sessions),
        ) % {"titles": titles}
        super().__init__(message, sessions=sessions)


class TooManyPosts(RegistrationError):
    message = _(
        "Too many attempts from your connection. Please wait a minute, then send the form again."
    )


class EmailAlreadyRegistered(RegistrationError):
    message = _("This e-mail address is already registered for this study visit.")


class InvitationUnusable(RegistrationError):
    message = _(
        "This invitation can no longer be used: it has ended, it has no uses left, or the "
        "organisers withdrew it. Write to the organisers for a new one."
    )


class AlreadySignedUp(RegistrationError):
    def __init__(self, session):
        message = _("This person is already signed up for “%(title)s”.") % {"title": session}
        super().__init__(message, sessions=[session])


class NotLive(RegistrationError):
    message = _("This registration is cancelled: restore it first.")


class NotCancelled(RegistrationError):
    message = _("This registration is not cancelled: there is nothing to restore.")


class NotWaiting(RegistrationError):
    message = _("This person is not on a waiting list.")


class NoLocalPlace(RegistrationError):
    def __init__(self, sessions):
        titles = ", ".join(str(session) for session in sessions)  # organisers': with the day
        message = ngettext_lazy(
            "No local place is left for them in %(titles)s: membership stays as it is.",
            "No local place is left for them in %(titles)s: membership stays as it is.",
            len(sessions),
        ) % {"titles": titles}
        super().__init__(message, sessions=sessions)
