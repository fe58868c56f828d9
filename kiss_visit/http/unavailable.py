"""When the database does not answer: a 503 page instead of a 500, and one log line instead of a
traceback.

Django turns every exception raised while answering a request (in a view, a template or a
middleware such as the session's) into the response of `handler500`; this module is that handler.
It looks at the exception being handled: if the database is unreachable, the visitor gets
"temporarily unavailable" in the language of the address, with `Retry-After`, and the site comes
back by itself once the database does (persistent connections are health-checked, see settings).
Any other error keeps Django's 500 page and its full traceback in the log.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template import loader
from django.utils import translation
from django.views import defaults

from kiss_visit.context_processors import language_switcher

RETRY_AFTER_SECONDS = 10
# SQLite reports mistakes in the schema or in a query as OperationalError too: those are bugs,
# not outages, and keep their traceback.
SQLITE_MISTAKES = ("no such table", "no such column", "syntax error", "has no column")


def unavailable_error_classes() -> tuple[type[Exception], ...]:
    """Django's wrappers and the driver's own classes (psycopg2, sqlite3), which can surface
    unwrapped or as the cause of Django's."""
    classes = {OperationalError, InterfaceError}
    for connection in connections.all(initialized_only=False):
        classes.update({connection.Database.OperationalError, connection.Database.InterfaceError})
    return tuple(classes)


def database_unavailable(error: BaseException | None) -> bool:
    """Whether `error`, or an exception it was raised from, says the database cannot be reached."""
    classes = unavailable_error_classes()
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, classes):
            return not any(mistake in str(error) for mistake in SQLITE_MISTAKES)
        error = error.__cause__ or error.__context__
    return False


def server_error(request, template_name="500.html"):
    """handler500: called by Django while it handles the exception that broke the request."""
    if database_unavailable(sys.exc_info()[1]):
        return unavailable_page(request)
    return defaults.server_error(request, template_name)


def unavailable_page(request) -> HttpResponse:
    """Rendered without the request context: the session, the user and the messages all live in
    the database. The language comes from the address alone (/fr/, /en/, else the default)."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {**language_switcher(request), "retry_after": RETRY_AFTER_SECONDS}
        page = loader.render_to_string("503.html", context)
    response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = language
    return response


class OneLineWhenDatabaseUnavailable(logging.Filter):
    """On the django.request logger: a request that failed because the database is unreachable
    is logged as one line (an outage would otherwise write a traceback per request and drown the
    log); every other error record passes unchanged, traceback included."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if database_unavailable(error):
            request = getattr(record, "request", None)
            where = f" ({request.method} {request.path})" if request is not None else ""
            # Escaped as Django escapes paths in its own log lines: a path could carry a newline.
            where = where.encode("unicode_escape").decode("ascii")
            reason = " ".join(str(error).split())
            record.msg = "Database unavailable%s: %s: %s"
            record.args = (where, type(error).__name__, reason)
            record.exc_info, record.exc_text = None, None
        return True
