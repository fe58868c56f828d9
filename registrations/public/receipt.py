"""What the "received" page shows after a sign-up (the address typed, the places given),
carried to it in a signed cookie of the visitor's own browser rather than in their session.

A session row would keep the address on our side until its expiry, with nothing to find it when
the person erases their data (sessions are signed blobs, looked up by key); the cookie keeps it
only in the browser that typed it, for a few minutes, and the page deletes it once shown.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

COOKIE = "kiss_received"
SALT = "registrations.receipt"
MAX_AGE = 15 * 60  # seconds: the redirect follows at once; a slow phone gets some slack


def remember(response, *, visit, email: str, answer: dict) -> None:
    """Attach the receipt to the redirect towards the received page (and only that path)."""
    value = signing.dumps({"visit": visit.slug, "email": email, **answer}, salt=SALT)
    response.set_cookie(
        COOKIE,
        value,
        max_age=MAX_AGE,
        path=reverse("registrations:received", kwargs={"visit": visit.slug}),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def recall(request) -> dict | None:
    """The receipt the browser brought back, if it is ours and recent; else None."""
    try:
        return signing.loads(request.COOKIES.get(COOKIE, ""), salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # none, forged, or expired
        return None


def forget(response, request) -> None:
    response.delete_cookie(COOKIE, path=request.path, samesite="Lax")
