"""/healthz, for load balancers and monitors: plain text, never cached, over plain HTTP, and
outside the posting limit of the forms."""

import pytest

from tests.factories import StudyVisitFactory


def as_seen(response) -> tuple:
    return (
        response.status_code,
        response.content.decode(),
        response["Content-Type"],
        response["Cache-Control"],
    )


@pytest.mark.django_db
def test_healthz_when_database_answers_is_ok(visitor):
    response = visitor.get("/healthz")

    assert as_seen(response) == (200, "ok", "text/plain", "no-store")


def test_healthz_while_database_gone_is_503(visitor, database_gone):
    response = visitor.get("/healthz")

    assert as_seen(response) == (503, "database unavailable", "text/plain", "no-store")


@pytest.mark.django_db
def test_healthz_answers_over_plain_http_when_https_is_enforced(visitor, settings):
    settings.SECURE_SSL_REDIRECT = True

    probe, page = visitor.get("/healthz"), visitor.get("/fr/")

    assert (probe.status_code, page.status_code, page["Location"]) == (
        200,
        301,
        "https://testserver/fr/",
    )


@pytest.mark.django_db
def test_healthz_probes_are_not_counted_by_posting_limit(visitor, settings):
    settings.REGISTRATION_RATE_LIMIT = "2/m"
    visit = StudyVisitFactory()
    lost_link = f"/en/{visit.slug}/lost-link/"

    probes = [visitor.get("/healthz").status_code for _ in range(5)]
    posts = [visitor.post(lost_link, {"email": "a@example.org"}).status_code for _ in range(3)]

    assert (probes, posts) == ([200] * 5, [302, 302, 429])
