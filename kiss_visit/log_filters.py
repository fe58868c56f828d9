"""Private links kept out of the logs.

A participant's private link is the key to their registration (read, change, cancel, erase):
anyone who reads it in a log can act as them. Django logs paths ("Not Found: <path>"), the
development server and gunicorn log request lines and referers; each goes through
`mask_private_links` first (gunicorn through kiss_visit.gunicorn_logging).
"""

import logging
import re
from urllib.parse import unquote

MASK = "[private]"

# One pattern per kind of private link: the part before the secret, then the secret.
PRIVATE_LINKS = [
    # /<lang>/<visit>/my-registration/<token>/ and the pages under it (agenda, cancel, erase).
    re.compile(r"(/my-registration/)[^/?#&\s\"'\\]+", re.IGNORECASE),
    # The check-in code on a participant's QR code (/<lang>/admin/.../checkin/person/<token>/):
    # it only opens a page to organisers, yet names the person; no log keeps it either.
    re.compile(r"(/checkin/person/)[^/?#&\s\"'\\]+", re.IGNORECASE),
]


def mask_private_links(text: str) -> str:
    """The text with the secret of every private link replaced by MASK.

    A link may arrive percent-encoded (in a query string, a referer, or a path the client
    encoded: the site decodes it all the same), so the decoded text is searched too; when it
    holds a link, the decoded text is what is kept, masked."""
    masked = mask(text)
    if "%" in text:
        decoded = fully_unquoted(masked)
        if mask(decoded) != decoded:
            return mask(decoded)
    return masked


def mask(text: str) -> str:
    for pattern in PRIVATE_LINKS:
        text = pattern.sub(rf"\g<1>{MASK}", text)
    return text


def fully_unquoted(text: str) -> str:
    """Percent-decoded until nothing changes (a link may be encoded twice over in a query)."""
    for _ in range(5):
        decoded = unquote(text)
        if decoded == text:
            break
        text = decoded
    return text


class MaskPrivateLinks(logging.Filter):
    """A logging filter masking private links in the message and in any traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_private_links(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = mask_private_links(
                logging.Formatter().formatException(record.exc_info)
            )
        return True
