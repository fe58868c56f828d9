"""While the database does not answer, every request gets "temporarily unavailable" (503) in the
language of its address, wherever the failure strikes (view, template, middleware), and the log
one line; other errors keep the 500 page and their traceback. DEBUG is off, as in production.

The database really is unreachable here (see the `database_gone` fixture); the same outage under
gunicorn against a stopped PostgreSQL is in test_outage.py.
"""

import pytest

from tests.html import Page

PROGRAMME = "/{}/saint-etienne-2018/programme/"


def request_log(caplog) -> list[tuple]:
    return [
        (record.levelname, record.getMessage(), record.exc_info)
        for record in caplog.records
        if record.name == "django.request"
    ]


def as_seen(response) -> dict:
    page = Page(response)
    return {
        "status": response.status_code,
        "Retry-After": response.get("Retry-After"),
        "Cache-Control": response.get("Cache-Control"),
        "Content-Language": response.get("Content-Language"),
        "lang": page.lang,
        "title": page.text("title"),
        "h1": page.h1,
        "text": page.texts("main p"),
        "other language": page.links(".language-switcher a"),
    }


FRENCH = {
    "status": 503,
    "Retry-After": "10",
    "Cache-Control": "no-store",
    "Content-Language": "fr",
    "lang": "fr",
    "title": "Momentanément indisponible · KISS",
    "h1": "Le site est momentanément indisponible",
    "text": [
        "Notre base de données ne répond pas pour le moment. Merci de réessayer dans 10 secondes.",
        "Si vous veniez d'envoyer un formulaire, vérifiez si vous avez reçu un e-mail de "
        "confirmation avant de l'envoyer à nouveau.",
    ],
}

ENGLISH = {
    "status": 503,
    "Retry-After": "10",
    "Cache-Control": "no-store",
    "Content-Language": "en",
    "lang": "en",
    "title": "Temporarily unavailable · KISS",
    "h1": "The site is temporarily unavailable",
    "text": [
        "We cannot reach our database for the moment. Please try again in 10 seconds.",
        "If you had just sent a form, check your e-mail for a confirmation before sending it "
        "again.",
    ],
}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            {**FRENCH, "other language": [PROGRAMME.format(c) for c in ("en", "es", "it", "el")]},
        ),
        (
            "en",
            {**ENGLISH, "other language": [PROGRAMME.format(c) for c in ("fr", "es", "it", "el")]},
        ),
    ],
)
def test_page_while_database_gone_is_503_in_language_of_address(
    visitor, database_gone, language, expected
):
    response = visitor.get(PROGRAMME.format(language), HTTP_ACCEPT_LANGUAGE="de")

    assert as_seen(response) == expected


def test_page_while_database_gone_in_spanish_speaks_like_the_site(visitor, database_gone):
    """One register per language: the rest of the Spanish site says tú."""
    response = visitor.get(PROGRAMME.format("es"))

    assert as_seen(response)["text"] == [
        "De momento no podemos acceder a nuestra base de datos. Vuelve a intentarlo dentro de 10 "
        "segundos.",
        "Si acababas de enviar un formulario, comprueba si has recibido una confirmación por "
        "correo antes de enviarlo de nuevo.",
    ]


def test_page_while_database_gone_logs_one_line_without_traceback(visitor, database_gone, caplog):
    visitor.get(PROGRAMME.format("fr"))

    [(level, message, traceback)] = request_log(caplog)
    assert (level, message.split(": ")[:2], traceback) == (
        "ERROR",
        [f"Database unavailable (GET {PROGRAMME.format('fr')})", "OperationalError"],
        None,
    )


def test_registration_sent_while_database_gone_is_503(visitor, database_gone):
    response = visitor.post("/en/saint-etienne-2018/register/", {"email": "a@example.org"})

    others = [f"/{code}/saint-etienne-2018/register/" for code in ("fr", "es", "it", "el")]
    assert as_seen(response) == {**ENGLISH, "other language": others}


@pytest.mark.urls("tests.kiss_visit.urls_outage")
def test_session_saved_after_view_while_database_gone_is_503_in_default_language(
    visitor, database_gone, caplog
):
    """SessionMiddleware saves the session after the view: its failure is caught too. The
    address has no language prefix: the page is in the site's default language."""
    response = visitor.get("/remember/", HTTP_ACCEPT_LANGUAGE="en")

    assert as_seen(response) == {**FRENCH, "other language": ["/en/", "/es/", "/it/", "/el/"]}
    assert [message.split(": ")[0] for _, message, _ in request_log(caplog)] == [
        "Database unavailable (GET /remember/)"
    ]


@pytest.mark.urls("tests.kiss_visit.urls_outage")
def test_query_run_by_template_while_database_gone_is_503(visitor, database_gone):
    response = visitor.get("/en/visit-list/")

    others = [f"/{code}/visit-list/" for code in ("fr", "es", "it", "el")]
    assert as_seen(response) == {**ENGLISH, "other language": others}


@pytest.mark.urls("tests.kiss_visit.urls_outage")
def test_other_server_error_keeps_500_page_and_traceback(visitor, caplog):
    response = visitor.get("/en/bug/")

    [(level, message, (kind, error, _))] = request_log(caplog)
    assert (response.status_code, Page(response).h1) == (500, "Something went wrong on our side")
    assert (level, message, kind, str(error)) == (
        "ERROR",
        "Internal Server Error: /en/bug/",
        RuntimeError,
        "a bug, not an outage",
    )


@pytest.mark.urls("tests.kiss_visit.urls_outage")
def test_missing_table_is_a_bug_not_an_outage(visitor, db, caplog):
    """SQLite reports a missing table as OperationalError, like an outage: it stays a 500."""
    response = visitor.get("/en/missing-table/")

    [(level, message, traceback)] = request_log(caplog)
    assert (response.status_code, level, message) == (
        500,
        "ERROR",
        "Internal Server Error: /en/missing-table/",
    )
    assert traceback is not None


def test_outage_page_needs_no_database_even_for_a_signed_in_organiser(visitor, database_gone):
    """A session cookie makes the session, the user and the messages readable: the page must
    not read them, or it would fail in turn."""
    visitor.cookies["sessionid"] = "an-organiser-s-session-key"

    response = visitor.get("/fr/admin/")

    assert (response.status_code, Page(response).h1) == (503, FRENCH["h1"])
