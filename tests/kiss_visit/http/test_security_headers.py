"""Every response carries the security headers: public pages (from the page cache or not), the
admin, error pages, the lockout page and the "temporarily unavailable" page."""

import pytest
from django.test import Client

from tests.factories import DayFactory, signup_session

POLICY = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
    "object-src": "'none'",
}
PERMISSIONS = (
    "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
EXPECTED = {
    "Content-Security-Policy": POLICY,
    "Permissions-Policy": PERMISSIONS,
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def headers_of(response) -> dict:
    """The security headers, the policy read as {directive: sources} (its order is free)."""
    headers = {name: response.get(name) for name in EXPECTED}
    if headers["Content-Security-Policy"]:
        directives = (
            part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";")
        )
        headers["Content-Security-Policy"] = dict(directives)
    return headers


@pytest.fixture
def breakfast(db):
    day = DayFactory(visit__slug="saint-etienne-2018")
    return signup_session(day=day, slug="petit-dejeuner")


@pytest.mark.parametrize(
    "path",
    [
        "/fr/",
        "/fr/saint-etienne-2018/programme/",
        "/en/saint-etienne-2018/sessions/petit-dejeuner/",
        "/fr/saint-etienne-2018/register/",
        "/fr/privacy/",
        "/fr/saint-etienne-2018/programme.ics",
        "/fr/no-such-page/",
        "/fr/admin/login/",
    ],
)
def test_public_page_and_its_cached_copy_carry_the_security_headers(client, breakfast, path):
    first, second = client.get(path), client.get(path)

    assert first.status_code in (200, 404)
    assert headers_of(first) == EXPECTED
    assert headers_of(second) == EXPECTED


@pytest.mark.parametrize(
    "path",
    ["/fr/admin/", "/fr/admin/programme/session/", "/en/admin/registrations/participant/"],
)
def test_admin_page_carries_the_security_headers(breakfast, superuser, client, path):
    response = client.get(path)

    assert (response.status_code, headers_of(response)) == (200, EXPECTED)


def test_refused_form_carries_the_security_headers(breakfast):
    without_token = Client(enforce_csrf_checks=True)

    response = without_token.post("/fr/saint-etienne-2018/register/", {})

    assert (response.status_code, headers_of(response)) == (403, EXPECTED)


def test_unavailable_page_carries_the_security_headers(visitor, database_gone):
    response = visitor.get("/fr/saint-etienne-2018/programme/")

    assert (response.status_code, headers_of(response)) == (503, EXPECTED)


def test_lockout_page_carries_the_security_headers(client, db, settings):
    settings.AXES_FAILURE_LIMIT = 1
    client.post("/fr/admin/login/", {"username": "someone", "password": "wrong"})

    response = client.post("/fr/admin/login/", {"username": "someone", "password": "wrong"})

    assert (response.status_code, headers_of(response)) == (429, EXPECTED)
