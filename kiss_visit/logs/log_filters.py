"""Private links kept out of the logs (participants' links, check-in codes, invitations).

A participant's private link is the key to their registration (read, change, cancel, erase):
anyone who reads it in a log can act as them. Django logs paths ("Not Found: <path>"), the
development server and gunicorn log request lines and referers; each goes through
`mask_private_links` first (gunicorn through kiss_visit.gunicorn_logging).
"""

import logging
import re
from urllib.parse import unquote

MASK = "[private]"

# The secret: everything up to the next path separator, quote or ASCII space, however it is
# written. Django escapes what it logs ("Not Found: <path>") with Python's unicode_escape, so a
# character such as U+200B arrives as the six characters \u200b (a backslash is \\); other
# servers write it percent-encoded (decoded in mask_private_links) or as it came. A backslash
# only ends the secret where it starts no such escape (a quote escaped in a repr).
SECRET = r"""(?:\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|\\)|[^/?#&"'\\ \t\r\n\f\v])+"""

# The path segments a secret follows, one per kind of private link:
PRIVATE_SEGMENTS = (
    # /<lang>/<visit>/my-registration/<token>/ and the pages under it (agenda, cancel, erase).
    "my-registration",
    # The check-in code on a participant's QR code (/checkin/person/<token>/, and under
    # /<lang>/admin/): it only opens a page to organisers, yet names the person; no log keeps it.
    "checkin/person",
    # A delegation invitation (/<lang>/<visit>/invitation/<token>/): whoever reads it can join
    # the delegation and take the places kept for the partners.
    "invitation",
)
# One pattern per kind: the part before the secret, then the secret.
PRIVATE_LINKS = [
    re.compile(rf"(/{segment}/){SECRET}", re.IGNORECASE) for segment in PRIVATE_SEGMENTS
]
# What every private link written out holds: one search tells most texts (a request line, a
# user agent) have none, before the patterns above are tried one by one.
ANY_PRIVATE_LINK = re.compile(rf"/(?:{'|'.join(PRIVATE_SEGMENTS)})/", re.IGNORECASE)


def mask_private_links(text: str) -> str:
    """The text with the secret of every private link replaced by MASK.

    A link may arrive percent-encoded (in a query string, a referer, or a path the client
    encoded: the site decodes it all the same), so the decoded text is searched too; when it
    holds a link, the decoded text is what is kept, masked."""
    if "%" not in text and not ANY_PRIVATE_LINK.search(text):
        return text
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
