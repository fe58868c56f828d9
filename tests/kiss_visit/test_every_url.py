"""Every URL of the site, public and admin, under every role, fed junk: never a server error.

The URL patterns come from the URL configuration (tests/kiss_visit/site_urls.py), the query
parameters from what each page reads (the admin's own parameters, each changelist's filters, each
add form's fields, our pages' parameters) plus one the site does not know. The full cross product
(patterns × parameters × junk × roles) is far too big to run, so it is sampled: the values most
likely to break a database query go everywhere, the rest are drawn from a seeded generator keyed
by pattern, parameter and role, the same on every run.
"""

import io
import random
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.admin.views import main as changelist
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.test import Client, RequestFactory

from programme.models import Day, Session, StudyVisit, Venue
from registrations.domain.checkin_code import checkin_code
from registrations.models import Participant, Registration
from tests.factories import DayFactory, VenueFactory, sign_up, signup_session
from tests.kiss_visit.site_urls import junk_values, site_url_patterns

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "staff without permission", "organiser", "superuser"]
LANGUAGE = {
    "anonymous": "fr",
    "staff without permission": "en",
    "organiser": "fr",
    "superuser": "en",
}
JUNK = junk_values()
# Where a database query is most likely to break: sent for every parameter of every page.
EVERYWHERE = ["%00", "%C2%B2", str(2**63)]  # NUL, "²", one past the biggest 64-bit integer
DRAWN = [j for j in JUNK if j not in EVERYWHERE]
UNKNOWN = "zz"
OPEN_ADMIN_PAGES = {"login", "logout", "jsi18n"}  # what the admin shows anonymous visitors

ADMIN_PAGE = [changelist.IS_POPUP_VAR, changelist.TO_FIELD_VAR, "_changelist_filters", UNKNOWN]
CHANGELIST = [
    *(changelist.SEARCH_VAR, changelist.ORDER_VAR, changelist.PAGE_VAR, changelist.ERROR_FLAG),
    *(changelist.ALL_VAR, changelist.IS_FACETS_VAR, *ADMIN_PAGE),
]
AUTOCOMPLETE = {"app_label": "programme", "model_name": "session", "field_name": "venue"}
# What our pages and the admin's non-model pages read, beyond the unknown parameter.
PAGE_PARAMETERS = {
    "register": {"session": ""},
    "registrations_dashboard": {"visit": ""},
    "registrations_checkin": {"q": ""},
    "login": {"next": ""},
    "logout": {"next": ""},
    "autocomplete": {**AUTOCOMPLETE, "term": "", "page": "1"},
}


class World:
    """One of everything, signed up, with a user per role."""

    def __init__(self):
        call_command("setup_organisers", stdout=io.StringIO())
        day = DayFactory(visit__slug="the-visit")
        self.talk = signup_session(day=day, venue=VenueFactory(), slug="the-talk")
        meal = signup_session(day=day, kind=Session.Kind.MEAL, capacity=1)
        self.participant = sign_up([self.talk, meal], email="first@example.org").participant
        sign_up(meal, email="waiting@example.org")
        self.users = {
            "superuser": User.objects.create_superuser("boss", "boss@example.org", "pw"),
            "organiser": User.objects.create_user("orga", "orga@example.org", "pw", is_staff=True),
            "staff without permission": User.objects.create_user("staff", is_staff=True),
        }
        self.users["organiser"].groups.add(Group.objects.get(name="Organisers"))
        self.objects = {
            StudyVisit: day.visit,
            Day: day,
            Venue: self.talk.venue,
            Session: self.talk,
            Participant: self.participant,
            Registration: Registration.objects.filter(participant=self.participant).first(),
            User: self.users["organiser"],
            Group: Group.objects.get(name="Organisers"),
        }

    def client(self, role) -> Client:
        client = Client(raise_request_exception=False)
        if role in self.users:
            client.force_login(self.users[role])
        return client

    def path_values(self, pattern) -> dict[str, str]:
        """A valid value for each parameter of any pattern of the site."""
        return {
            "visit": "the-visit",
            "session": "the-talk",
            "venue": self.talk.venue.slug,
            "token": self.participant.manage_token,
            "code": checkin_code(self.participant),
            "object_id": str(self.objects.get(pattern.model, self.participant).pk),
            "content_type_id": str(ContentType.objects.get_for_model(Participant).pk),
            "id": str(self.users["organiser"].pk),
            "app_label": "registrations",
            "url": "nowhere/",
            "scope": "session",
            "pk": str(self.talk.pk),
            "fmt": "csv",
            "by": "country",  # the attendance report
        }

    def query_parameters(self, pattern) -> dict[str, str]:
        """The parameters the page reads, each with a value that gets the page to read it."""
        if pattern.name in PAGE_PARAMETERS:
            return {**PAGE_PARAMETERS[pattern.name], UNKNOWN: ""}
        if pattern.model is None or not pattern.name:
            return {UNKNOWN: ""}
        model_admin = admin.site._registry[pattern.model]
        request = RequestFactory().get("/")
        request.user = self.users["superuser"]
        if pattern.name.endswith("_changelist"):
            return dict.fromkeys([*CHANGELIST, *filter_parameters(model_admin, request)], "")
        if pattern.name.endswith("_add"):
            return dict.fromkeys([*ADMIN_PAGE, *initial_data_parameters(model_admin, request)], "")
        if pattern.name.endswith(("_change", "_delete")):
            return dict.fromkeys(ADMIN_PAGE, "")
        return dict.fromkeys(["_changelist_filters", UNKNOWN], "")


def filter_parameters(model_admin, request) -> list[str]:
    """Each changelist filter's parameters, and the filtered field paths as lookups of their own
    (the admin accepts any lookup on them, e.g. ?country=FR)."""
    filters = model_admin.get_changelist_instance(request).filter_specs
    names = {name for spec in filters for name in spec.expected_parameters()}
    names |= {name for name in model_admin.get_list_filter(request) if isinstance(name, str)}
    return sorted(names)


def initial_data_parameters(model_admin, request) -> list[str]:
    """An add form takes initial values from the address: one field of each kind of form
    field and widget (the code that reads the value differs by kind, not by field)."""
    fields = reversed(model_admin.get_form(request)().fields.items())
    kinds = {(type(f), type(getattr(f.widget, "widget", f.widget))): name for name, f in fields}
    return list(kinds.values())


@pytest.fixture
def world():
    return World()


def junk_for(pattern, name: str, role: str, *, drawn: int) -> list[str]:
    """Which junk a parameter gets: all of it where the page reads the parameter for anonymous
    visitors (cheap, and open to anyone); where an organiser's page reads it, the likeliest
    breakers as the superuser and `drawn` others as the organiser (the same code runs for both);
    one drawn value where the role is turned away or the page ignores the parameter."""
    draw = random.Random(f"{pattern.template}|{name}|{role}").sample
    reads = name not in {"", UNKNOWN}
    if role == "anonymous" and (pattern.name in OPEN_ADMIN_PAGES or not pattern.is_admin):
        return JUNK if reads else EVERYWHERE + draw(DRAWN, drawn)
    if not reads or role not in {"organiser", "superuser"}:
        return draw(JUNK, 1)
    return EVERYWHERE if role == "superuser" else draw(DRAWN, drawn)


def patterns_for(role):
    return site_url_patterns(LANGUAGE[role])


def visits(client, role, urls) -> list[str]:
    """Each URL fetched in a savepoint rolled back afterwards (a failed query must not spoil
    the next one); the server errors, described."""
    errors = []
    for url in urls:
        savepoint = transaction.savepoint()
        response = client.get(url)
        transaction.savepoint_rollback(savepoint)
        if response.status_code >= 500:
            error = response.exc_info[1] if response.exc_info else None
            errors.append(f"{role}: {url[:120]} → {response.status_code} {error!r:.120}")
    return errors


SOME_PAGES = {
    *("home", "session", "venue", "calendar", "register", "received", "lost_link", "manage"),
    *("agenda", "cancel_all", "erase", "privacy", "login", "logout", "password_change", "jsi18n"),
    *("view_on_site", "autocomplete", "registrations_dashboard", "registrations_export"),
    *("programme_session_changelist", "registrations_participant_history", "auth_user_delete"),
}


def test_every_url_pattern_is_found_and_can_be_filled(world):
    patterns = site_url_patterns()

    assert [p.template for p in patterns if set(p.parameters) - set(world.path_values(p))] == []
    assert SOME_PAGES - {p.name for p in patterns} == set()


@pytest.mark.parametrize("role", ROLES)
def test_every_url_with_valid_values_answers(world, role):
    urls = [p.fill(world.path_values(p)) for p in patterns_for(role)]

    assert visits(world.client(role), role, urls) == []


def query(base: dict[str, str], name: str, junk: str) -> str:
    others = urlencode({key: value for key, value in base.items() if key != name and value})
    return f"?{others}&{name}={junk}" if others else f"?{name}={junk}"


@pytest.mark.parametrize("role", ROLES)
def test_every_url_with_junk_query_parameters_never_fails(world, role):
    urls = []
    for pattern in patterns_for(role):
        page = pattern.fill(world.path_values(pattern))
        parameters = world.query_parameters(pattern)
        for name in parameters:
            for junk in junk_for(pattern, name, role, drawn=3):
                urls.append(page + query(parameters, name, junk))
        # Junk as a parameter's name, too.
        urls += [f"{page}?{junk}=1" for junk in junk_for(pattern, "", role, drawn=1)]

    assert visits(world.client(role), role, urls) == []


@pytest.mark.parametrize("role", ROLES)
def test_every_url_with_junk_path_segments_never_fails(world, role):
    urls = []
    for pattern in patterns_for(role):
        valid = world.path_values(pattern)
        for name in pattern.parameters:
            for junk in junk_for(pattern, name, role, drawn=6):
                urls.append(pattern.fill({**valid, name: junk}))

    assert visits(world.client(role), role, urls) == []
