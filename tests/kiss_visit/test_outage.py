"""A PostgreSQL outage, for real: the site under gunicorn (two workers, production settings)
against a PostgreSQL of the test's own, which the test stops and starts again.

During the outage every page answers 503 "temporarily unavailable" in the language of its
address, with Retry-After, and the log gets one line per failed request; afterwards the same
gunicorn workers serve pages again (persistent connections are health-checked), and nothing
saved before the outage is lost, nothing sent during it is half-saved.
"""

import tempfile
import time
from pathlib import Path

import psycopg2
import pytest

from tests.servers import (
    Visitor,
    gunicorn,
    manage,
    site_environment,
)

pytestmark = pytest.mark.slow

VISIT = "saint-etienne-2018"
ORGANISER = {"username": "organiser", "password": "a-long-test-password-42"}
UNAVAILABLE = {
    "fr": "Le site est momentanément indisponible",
    "en": "The site is temporarily unavailable",
}


@pytest.fixture
def site(postgres):
    environment = site_environment(postgres.url, DJANGO_SUPERUSER_PASSWORD=ORGANISER["password"])
    manage("migrate", environment=environment)
    manage("load_programme", environment=environment)
    manage("setup_organisers", environment=environment)
    manage(
        "createsuperuser",
        "--noinput",
        "--username",
        ORGANISER["username"],
        "--email",
        "organiser@example.org",
        environment=environment,
    )
    with (
        tempfile.TemporaryDirectory() as log_dir,
        gunicorn(environment, workers=2, log_dir=Path(log_dir)) as server,
    ):
        yield server


def register_path(language: str) -> str:
    return f"/{language}/{VISIT}/register/"


def registration(form, email: str) -> dict:
    """What a visitor types into the registration form: the first session offered."""
    return {
        "first_name": "Camille",
        "last_name": "Martin",
        "email": email,
        "organisation": "Coopérative",
        "country": "FR",
        "sessions": form.page.select_one("input[name=sessions]")["value"],
        "join_waiting_list": "on",
        "consent": "on",
        "website": "",
    }


def sign_up(visitor: Visitor, email: str):
    form = visitor.get(register_path("fr"))
    return visitor.post(register_path("fr"), registration(form, email), token=form.form_token())


def log_in(organiser: Visitor):
    form = organiser.get("/fr/admin/login/")
    return organiser.post("/fr/admin/login/?next=/fr/admin/", ORGANISER, token=form.form_token())


def pages_during_outage(visitor: Visitor, organiser: Visitor, form, language: str) -> dict:
    """What a visitor and an organiser asked for while the database was down; `form` is the
    registration form the visitor opened before the outage."""
    registering = registration(form, f"during-outage-{language}@example.org")
    return {
        "programme": visitor.get(f"/{language}/{VISIT}/programme/"),
        "session": visitor.get(f"/{language}/{VISIT}/sessions/petit-dejeuner-ess/"),
        "register": visitor.post(register_path(language), registering, token=form.form_token()),
        # Signed in before the outage: the admin reads the organiser's session from the database.
        # (An anonymous visitor's empty sign-in form needs none, and still shows.)
        "admin login": organiser.get(f"/{language}/admin/login/"),
    }


def as_seen(reply) -> tuple:
    return (reply.status, reply.headers.get("Retry-After"), reply.page.html["lang"], reply.h1())


def statuses_once_recovered(visitor: Visitor, organiser: Visitor, *, give_up_after=30) -> dict:
    """Asks until eight pages in a row answer 200 (both workers, both threads each), then
    reports what each kind of page answers."""
    deadline = time.monotonic() + give_up_after
    in_a_row = 0
    while in_a_row < 8 and time.monotonic() < deadline:
        ok = visitor.get(f"/fr/{VISIT}/programme/").status == 200
        in_a_row = in_a_row + 1 if ok else 0
        time.sleep(0 if ok else 0.2)
    return {
        "healthz": visitor.get("/healthz").status,
        "programme": visitor.get(f"/en/{VISIT}/programme/").status,
        "session": visitor.get(f"/fr/{VISIT}/sessions/petit-dejeuner-ess/").status,
        "admin, still signed in": organiser.get("/en/admin/").h1(),
    }


def registered(postgres) -> list[tuple]:
    with psycopg2.connect(postgres.url) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.email, r.status FROM registrations_participant p"
            " LEFT JOIN registrations_registration r ON r.participant_id = p.id ORDER BY p.email"
        )
        rows = cursor.fetchall()
    connection.close()
    return rows


def test_postgresql_outage_gives_503_in_each_language_then_recovers_by_itself(postgres, site):
    visitor, organiser = Visitor(site.url), Visitor(site.url)
    signed_up = [sign_up(visitor, f"before{n}@example.org").h1() for n in range(3)]
    assert log_in(organiser).h1() == "Programme et inscriptions"
    forms = {language: visitor.get(register_path(language)) for language in ("fr", "en")}
    log_before = len(site.log())

    postgres.stop()
    during = {
        language: pages_during_outage(visitor, organiser, forms[language], language)
        for language in ("fr", "en")
    }
    probe = visitor.get("/healthz")
    outage_log = site.log()[log_before:]
    postgres.start()
    after = statuses_once_recovered(visitor, organiser)

    assert signed_up == ["Merci — consultez votre messagerie"] * 3
    assert {
        language: {name: as_seen(reply) for name, reply in replies.items()}
        for language, replies in during.items()
    } == {
        language: dict.fromkeys(
            ["programme", "session", "register", "admin login"],
            (503, "10", language, UNAVAILABLE[language]),
        )
        for language in ("fr", "en")
    }
    assert (probe.status, probe.text, probe.headers["Cache-Control"]) == (
        503,
        "database unavailable",
        "no-store",
    )
    unavailable_lines = [line for line in outage_log.splitlines() if "Database unavailable" in line]
    assert (len(unavailable_lines), outage_log.count("Traceback")) == (8, 0)
    assert after == {
        "healthz": 200,
        "programme": 200,
        "session": 200,
        "admin, still signed in": "Programme and sign-ups",
    }
    # The same two workers recovered: none was replaced, gunicorn was never restarted.
    assert (site.process.poll(), site.log().count("Booting worker")) == (None, 2)
    # Everyone signed up before is still there; the forms sent during the outage left nothing.
    assert registered(postgres) == [(f"before{n}@example.org", "confirmed") for n in range(3)]
