"""The check-in code: a QR code on each participant's confirmation e-mail and private page,
made here (segno, pure Python), never by an outside service.

It holds the address of their check-in page for organisers, with a signed code (their id,
signed with the site's key and a salt of its own). Only a signed-in organiser gets a page from
it (registrations/checkin/views.py); it is not the private link, and gives nothing of what that
link gives.
"""

import io

import segno
from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "registrations.checkin"


def checkin_code(participant) -> str:
    return signing.Signer(salt=SALT).sign(str(participant.pk))


def participant_id_in(code: str) -> str | None:
    """The id a check-in code was signed for, or None for a code we did not sign."""
    try:
        return signing.Signer(salt=SALT).unsign(code)
    except signing.BadSignature:
        return None


def checkin_path(participant) -> str:
    """The person's check-in page in the admin, in the active language."""
    return reverse("admin:registrations_checkin_person", args=[checkin_code(participant)])


def checkin_url(participant) -> str:
    """The code's address: without a language, whoever it belongs to; it redirects to the
    check-in page in the language of the organiser who scans it (registrations/checkin/entry.py)."""
    return settings.SITE_URL.rstrip("/") + reverse(
        "checkin:person", args=[checkin_code(participant)]
    )


def qr_code(participant):
    return segno.make(checkin_url(participant), error="m")


def qr_svg(participant, *, title: str) -> str:
    """The QR code as an SVG element, to put in a page as it is (no image request)."""
    svg = qr_code(participant).svg_inline(scale=5, border=2, title=title, svgclass="qr-code")
    return svg.replace("<svg ", '<svg role="img" ', 1)  # read out as one image, by its title


def qr_png(participant) -> bytes:
    """The QR code as a PNG image, for e-mails (many mail programs show no SVG)."""
    out = io.BytesIO()
    qr_code(participant).save(out, kind="png", scale=6, border=2)
    return out.getvalue()
