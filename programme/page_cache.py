"""Rendered public pages, kept until the places or the programme change.

A public page (the programme, a session, a venue, a visit, the registration form) is rendered
once per address and language, then served from the cache. Every cached page is filed under the
current *pages version*, a random token that each change of places or of programme content
replaces: a page rendered before the change is then never found again, so the places left shown
are never older than the last committed sign-up.

Who changes the version: any write to a programme row, since the pages show nothing else:
- `Session.objects....update()` (programme/querysets.py), which is how the services change
  places and capacities (registrations.places: counters under the session's lock) and how a
  fixture load recounts them; a sign-up that only joins a waiting list changes no row, and
  leaves the cached pages in place;
- saving or deleting any programme object (the admin, a fixture load): see `watch_programme`.

Where the version lives: in the database (programme.PagesVersion), written in the same
transaction as the change it stands for, once per transaction. Every change writes that one row,
so it is written as late as can be: a sign-up counts its places last (registrations'
place_steps.new_registrations), and holds the row from then to its commit only. In a rush of
sign-ups (bench/rush.py) about 0.01 backends wait for it, against one for the sessions' locks.
A page is filed under the version read before it is rendered, so it shows data at least that
recent; once a change commits, every request reads the new version and no page rendered before
it is found again. The cache (Redis, or each worker's memory) only holds pages: a Redis that was
down during sign-ups, restarted from an old snapshot or emptied, holds pages filed under
versions nobody reads any more. Reading the version is one query on a primary key: the only
query of a cached page.

A Redis that does not answer (down, frozen, unreachable) costs one short timeout
(settings.CACHES), after which this process leaves the cache alone for BREAK_SECONDS: pages are
rendered as if there were no cache, then the cache is tried again.

A page that shows nothing of the programme (the privacy notice) is filed without a version: it
changes only with a release or with the settings it shows (`settings_shown`, in every key), so it
costs no query at all.

What is never cached: anything but a GET with an empty query string (or, for the registration
form, only `?session=<one slug>`), a response other than 200, a request with messages to show
(they are someone's own). A page that shows whether registration is open expires when it opens
or closes (`render_page`).
"""

import contextlib
import contextvars
import datetime
import functools
import hashlib
import logging
import secrets
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils import timezone

from programme.querysets import sessions_written

logger = logging.getLogger(__name__)
# Stands for the form's CSRF token in a cached registration form; each visitor gets their own.
CSRF_PLACEHOLDER = "kiss-csrf-token-placeholder-7c1e"
MAX_SECONDS = 24 * 3600
# After the cache fails to answer, how long this process renders pages without it.
BREAK_SECONDS = 5


def code_fingerprint() -> str:
    """Changes when templates, translations or Python code are deployed, so that a shared cache
    (Redis) never serves a page rendered by the previous release."""
    digest = hashlib.sha256()
    for folder, pattern in (
        ("templates", "**/*.html"),
        ("templates", "**/*.txt"),
        ("locale", "**/*.mo"),
        ("programme", "**/*.py"),
        ("registrations", "**/*.py"),
        ("kiss_visit", "**/*.py"),
    ):
        for path in sorted((settings.BASE_DIR / folder).glob(pattern)):
            stat = path.stat()
            digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


@functools.cache
def release() -> str:
    return code_fingerprint()


# The version --------------------------------------------------------------------------------


def current_version(using: str = "default") -> str:
    """The committed pages version: one primary-key read."""
    return current_versions(using)[0]


def current_versions(using: str = "default") -> tuple[str, str]:
    """The pages version and the programme version (which changes with programme content only,
    not with places): one primary-key read. A raw query, as it runs for every cached page: the
    ORM's costs fifteen times the CPU (0.21 ms against 0.014 ms on SQLite)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(VERSION_QUERY)
        row = cursor.fetchone()
    if connection.in_atomic_block:
        # Read inside a transaction (only tests render pages so): a later change in the same
        # transaction must change the version again, or a page read now would outlive it.
        forget_bumps(connection)
    if row is None:  # an emptied database (tests flush tables): tokens never seen before
        return bump_version(using), bump_version(using, programme=True)
    return row[0], row[1]


VERSION_QUERY = "SELECT token, programme_token FROM programme_pagesversion WHERE id = 1"


def bump_version(using: str = "default", *, programme: bool = False) -> str:
    """A new token for the pages (and for the programme, if its content changes), written in
    the current transaction (if any); returns it."""
    from programme.models import PagesVersion

    token = secrets.token_hex(8)
    fields = {"token": token, "programme_token": token} if programme else {"token": token}
    versions = PagesVersion.objects.using(using)
    if not versions.filter(pk=1).update(**fields):
        versions.update_or_create(pk=1, defaults={"token": token, "programme_token": token})
    return token


def version_bumped() -> None:
    """Marks, among the transaction's on-commit callbacks, that it has bumped the version."""


def programme_bumped() -> None:
    """Marks, among the transaction's on-commit callbacks, that it has bumped both versions."""


def forget_bumps(connection) -> None:
    marks = (version_bumped, programme_bumped)
    connection.run_on_commit = [c for c in connection.run_on_commit if c[1] not in marks]


def pages_changed(using: str = "default", *, places_only: bool = False) -> None:
    """Places or programme content are changing in the current transaction (if any): the
    version changes with them, once per transaction (or savepoint) whatever the number of rows
    it writes, and the programme version too unless only places change. Django drops the mark
    with a savepoint rolled back, and the bump with it. Inside `one_change_covers_all`, the bump
    it made covers everything."""
    connection = transaction.get_connection(using)
    if getattr(connection, "kiss_pages_change_covers_all", False):
        return
    if connection.in_atomic_block:
        covering = {programme_bumped} if not places_only else {programme_bumped, version_bumped}
        here = set(connection.savepoint_ids)
        if any(
            callback in covering and savepoints == here
            for savepoints, callback, _ in connection.run_on_commit
        ):
            return
        transaction.on_commit(version_bumped if places_only else programme_bumped, using=using)
    bump_version(using, programme=not places_only)


@contextlib.contextmanager
def one_change_covers_all(using: str = "default"):
    """A transaction of many savepoints (an import of 2,000 people, each their own) changes the
    pages version once, on entry, rather than once a savepoint: rolling a savepoint back leaves
    that change, which is harmless (a version too many never shows stale places). Only for a
    block that renders no page before its commit."""
    connection = transaction.get_connection(using)
    with transaction.atomic(using=using):
        pages_changed(using)
        connection.kiss_pages_change_covers_all = True
        try:
            yield
        finally:
            connection.kiss_pages_change_covers_all = False


def programme_object_changed(
    sender, raw=False, using="default", places_only=False, **kwargs
) -> None:
    pages_changed(using, places_only=places_only)


def watch_programme() -> None:
    """Every save or delete of a programme object, and every update() of sessions' rows, changes
    the pages (called by the programme's AppConfig)."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    sessions_written.connect(programme_object_changed, dispatch_uid="pages-sessions-written")
    for model in apps.get_app_config("programme").get_models():
        if model._meta.model_name == "pagesversion":
            continue
        uid = f"pages-{model._meta.label}"
        post_save.connect(programme_object_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(programme_object_changed, sender=model, dispatch_uid=uid)


# The pages ----------------------------------------------------------------------------------


def registration_changes_at(visit) -> datetime.datetime | None:
    """The next moment the visit's registration opens or closes, if any is ahead."""
    now = timezone.now()
    moments = [visit.registration_opens_at, visit.registration_closes_at] if visit else []
    ahead = [moment for moment in moments if moment and moment > now]
    return min(ahead, default=None)


def render_page(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    """`render`, noting until when the page holds: it shows whether registration is open."""
    response = render(request, template, context, status=status)
    response.fresh_until = registration_changes_at(context.get("visit"))
    return response


def cacheable(request, allowed_parameters: frozenset) -> bool:
    if request.method != "GET" or any(key not in allowed_parameters for key in request.GET):
        return False
    if any(len(request.GET.getlist(key)) > 1 for key in request.GET):
        return False
    return not len(getattr(request, "_messages", ()))


def settings_shown() -> str:
    """The settings public pages show: they may change on a restart without a release."""
    shown = ("ORGANISERS_EMAIL", "PERSONAL_DATA_RETENTION_DAYS", "PRIVACY_NOTICE_VERSION")
    return "|".join(str(getattr(settings, name)) for name in shown)


def address_digest(request) -> str:
    """The page's address (host, path, parameters in order) and the settings it shows, as a
    short digest: cache keys stay short and plain whatever a visitor puts in the address."""
    parameters = "&".join(f"{k}={v}" for k, v in sorted(request.GET.items()))
    address = f"{request.get_host()}{request.path}?{parameters}|{settings_shown()}"
    return hashlib.sha256(address.encode()).hexdigest()[:32]


# The programme version, read with the pages version for the page being rendered: what it shows
# of the programme is kept under it (programme/kept.py), without a second read.
programme_version_read: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "programme_version_read", default=None
)


def page_key(request, shows_programme: bool = True) -> tuple[str, str | None]:
    """The page's key in the cache, and the programme version read with it (if any)."""
    version, programme_version = current_versions() if shows_programme else ("none", None)
    return f"page:{release()}:{version}:{address_digest(request)}", programme_version


def seconds_to_keep(response) -> int:
    return seconds_until(getattr(response, "fresh_until", None))


def seconds_until(moment: datetime.datetime | None) -> int:
    """How long to keep what holds until `moment` (None: for as long as the cache keeps)."""
    if moment is None:
        return MAX_SECONDS
    return max(0, min(MAX_SECONDS, int((moment - timezone.now()).total_seconds())))


def cached_page(view=None, *, parameters=(), with_csrf_token=False, shows_programme=True):
    """Serve the view's page from the cache while the pages version holds (see the module).
    `parameters`: query parameters that may vary the page (one value each); `with_csrf_token`:
    the page holds a form, whose CSRF token is put in for each visitor; `shows_programme=False`:
    the page shows nothing of the database, and holds until the next release."""
    allowed = frozenset(parameters)

    def decorate(view):
        @functools.wraps(view)
        def serve(request, *args, **kwargs):
            if not cacheable(request, allowed) or not breaker.closed():
                return view(request, *args, **kwargs)
            key, programme_version = page_key(request, shows_programme)
            stored = breaker.call(cache.get, key)
            if stored is not None:
                return page_for_visitor(request, *stored, with_csrf_token)
            request.csrf_placeholder = with_csrf_token
            read = programme_version_read.set(programme_version)
            try:
                response = view(request, *args, **kwargs)
            finally:
                programme_version_read.reset(read)
            keep(key, response)
            if with_csrf_token and not response.streaming:
                response.content = with_visitors_token(request, response.content)
            return response

        return serve

    return decorate(view) if view else decorate


def keep(key: str, response) -> None:
    """Store a page worth keeping: not an error, a redirect, nor one about to go stale."""
    seconds = seconds_to_keep(response)
    if response.status_code == 200 and not response.streaming and seconds >= 1:
        breaker.call(cache.set, key, (response.content, response["Content-Type"]), seconds)


class Breaker:
    """The cache, left alone for BREAK_SECONDS after it fails, in this process: a frozen Redis
    then costs one timeout per worker every few seconds, not one per request. An outage is
    logged once, when it starts, and its end once, not every time the cache is tried again."""

    def __init__(self):
        self.open_until = 0.0
        self.failing = False
        self.lock = threading.Lock()

    def closed(self) -> bool:
        return time.monotonic() >= self.open_until

    def call(self, operation, *arguments):
        """The operation's result, or None if the cache fails (Redis unreachable, frozen)."""
        try:
            result = operation(*arguments)
        except Exception:
            with self.lock:
                if not self.failing:
                    logger.warning(
                        "Page cache unavailable: pages are rendered without it until it "
                        "answers again.",
                        exc_info=True,
                    )
                self.failing = True
                self.open_until = time.monotonic() + BREAK_SECONDS
            return None
        if self.failing:
            with self.lock:
                if self.failing:
                    logger.warning("Page cache available again.")
                self.failing = False
        return result


breaker = Breaker()


def page_for_visitor(request, content: bytes, content_type: str, with_csrf_token: bool):
    if with_csrf_token:
        content = with_visitors_token(request, content)
    return HttpResponse(content, content_type=content_type)


def with_visitors_token(request, content: bytes) -> bytes:
    """The page's CSRF placeholder replaced by this visitor's token (which also sets the CSRF
    cookie, as {% csrf_token %} does)."""
    placeholder = CSRF_PLACEHOLDER.encode()
    if placeholder not in content:
        return content
    return content.replace(placeholder, get_token(request).encode())


def csrf_placeholder(request) -> dict:
    """Context processor: a page being rendered for the cache gets a placeholder instead of this
    visitor's CSRF token (see cached_page)."""
    if getattr(request, "csrf_placeholder", False):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}
