"""Requests the site does not expect: a body it cannot read, control characters in the query.

Django reads a form body lazily, the first time something asks for `request.POST`: in our case
the CSRF check. When the body cannot be read (a urlencoded form declared in latin-1, say), that
check raises; Django then renders the 400 page through a view that runs the same CSRF check
again, which raises again, and so on up through every middleware, until gunicorn answers a bare
500 and logs the chain of tracebacks (some 44 KB a request). Reading the query string and the
body here, before anything else does, turns all of that into one 400 page and one log line.
"""

import re

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import HttpResponse, QueryDict, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.log import log_response
from django.utils.translation import gettext_lazy as _

# What a form post can go wrong with, and what the visitor is told (the log gets the exception).
UNREADABLE = {
    "charset": _(
        "The form was sent in a character encoding this site does not read. "
        "Please go back, reload the page and send the form again."
    ),
    "body": _("The form could not be read. Please go back, reload the page and send it again."),
    "size": _("What was sent is too large for this site. Please shorten it and try again."),
}
PARSE_ERRORS = (BadRequest, MultiPartParserError, UnreadablePostError, UnicodeError, LookupError)

# C0 control characters. PostgreSQL refuses NUL in any string; no address of ours, no link in an
# e-mail and no search box ever carries any of them (tab, CR and LF included).
CONTROL_CHARACTERS = re.compile("[\x00-\x1f]")


class UnexpectedRequestMiddleware:
    """Answers 400 in the site's style, in the language of the address, to a request whose
    query string or form body cannot be read (a charset other than UTF-8 for a urlencoded form, a
    malformed multipart body, too many fields); and drops from the query string the names and
    values holding control characters. (Content-Type headers Django cannot even parse are dealt
    with before Django builds the request: kiss_visit.request_headers.)

    Control characters stop here, before any view, form or admin list can put them in a query:
    one place covers every page, Django's admin included, whose list filters pass them to the
    database unchecked. They are dropped rather than refused: the page still makes sense without
    them (an admin list unfiltered, a form with nothing preselected), where a 400 would leave an
    organiser with a broken link and no page. Form bodies are left to the forms, which refuse NUL
    with a message next to the field and keep what was typed (a 400 would lose it).

    Placed after LocaleMiddleware (the language of the address is active) and before
    CsrfViewMiddleware (the first reader of the body).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = unreadable(request)
        if problem is not None:
            return refuse(request, *problem)
        request.GET = without_control_characters(request.GET)
        return self.get_response(request)


def unreadable(request) -> tuple[str, Exception] | None:
    """Why the request cannot be read (a key of UNREADABLE and the cause), or None."""
    try:
        request.GET  # noqa: B018 (parsed here, where a failure can be answered properly)
        if request.method == "POST":
            request.POST  # noqa: B018
    except SuspiciousOperation as error:  # too many fields, too big
        request._mark_post_parse_error()  # what Django does: later readers see an empty form
        return "size", error
    except PARSE_ERRORS as error:
        request._mark_post_parse_error()
        return ("charset" if isinstance(error, BadRequest) else "body"), error
    return None


def refuse(request, reason: str, cause: Exception) -> HttpResponse:
    response = render(request, "400.html", {"reason": UNREADABLE[reason]}, status=400)
    # One line, without a traceback: the request is the client's mistake, not the site's.
    log_response(
        "Bad request (%s): %s", str(cause)[:200], request.path, response=response, request=request
    )
    return response


def without_control_characters(query: QueryDict) -> QueryDict:
    """The query string without the names and values holding control characters."""
    if not any(CONTROL_CHARACTERS.search(text) for text in query_texts(query)):
        return query
    kept = QueryDict(mutable=True, encoding=query.encoding)
    for name, values in query.lists():
        usable = [value for value in values if not CONTROL_CHARACTERS.search(value)]
        if usable and not CONTROL_CHARACTERS.search(name):
            kept.setlist(name, usable)
    kept._mutable = False
    return kept


def query_texts(query: QueryDict):
    for name, values in query.lists():
        yield name
        yield from values
