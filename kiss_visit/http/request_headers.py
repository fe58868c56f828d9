"""Content-Type parameters Django cannot use, dropped before Django builds the request.

Django reads the Content-Type header while it builds the request object, before any middleware
runs, and decodes the query string with the charset declared there. Some headers make that raise,
and gunicorn then answers a bare 500 with a traceback:
- a parameter in RFC 2231 form with an unknown charset (`charset*=foo''x`), or holding a NUL
  (`charset*=utf-8''a%00b`): ValueError;
- a charset that is no text encoding (`charset=hex`), or that cannot replace bad bytes
  (`charset=idna`): LookupError, UnicodeError.
Such a header loses its parameters, as Django itself ignores a charset it does not know: the body
is read as UTF-8, and a multipart body without its boundary is refused with a 400 page by
kiss_visit.middleware.UnexpectedRequestMiddleware.
"""

import codecs

from django.utils.http import parse_header_parameters

# Every byte value, as a query string or a form body may hold them once percent-decoded.
CHARSET_PROBE = bytes(range(256))


def with_readable_content_type(application):
    def checked(environ, start_response):
        content_type = environ.get("CONTENT_TYPE", "")
        if not readable(content_type):
            environ["CONTENT_TYPE"] = content_type.split(";", 1)[0]
        return application(environ, start_response)

    return checked


def readable(content_type: str) -> bool:
    """Whether Django can build a request with this Content-Type and decode it (see
    HttpRequest._set_content_type_params and QueryDict)."""
    try:
        _, parameters = parse_header_parameters(content_type)
    except ValueError:
        return False
    return "charset" not in parameters or decodes_with(parameters["charset"])


def decodes_with(charset: str) -> bool:
    try:
        codecs.lookup(charset)
    except LookupError:
        return True  # unknown: Django ignores it, and reads UTF-8
    except ValueError:
        return False  # a NUL in the name
    try:
        CHARSET_PROBE.decode(charset, "replace")
    except (LookupError, UnicodeError, ValueError):
        return False
    return True
