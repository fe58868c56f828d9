"""The posting limit holds for the whole server: gunicorn's worker processes share one count."""

import datetime
import tempfile
import time
from pathlib import Path

import pytest

from tests.servers import Visitor, at_once, gunicorn, manage, site_environment

pytestmark = pytest.mark.slow

REGISTER = "/fr/saint-etienne-2018/register/"
ATTEMPTS = 30


@pytest.fixture
def site_with_default_limit():
    with tempfile.TemporaryDirectory() as directory:
        database = Path(directory) / "kiss.sqlite3"
        environment = site_environment(f"sqlite:///{database}", KISS_RATE_LIMIT="10/m")
        manage("migrate", environment=environment)
        manage("load_programme", environment=environment)
        with gunicorn(environment, workers=3, log_dir=Path(directory)) as server:
            yield server


def wait_for_a_fresh_minute() -> None:
    """The limit counts per calendar minute: start early in one, so that all the posts fall in
    the same window."""
    second = datetime.datetime.now(tz=datetime.UTC).second
    if second > 40:
        time.sleep(61 - second)


def sending(visitor: Visitor, form, n: int):
    answers = {
        "first_name": f"Camille{n}",
        "last_name": "Martin",
        "email": f"person{n}@example.org",
        "country": "FR",
        "sessions": form.page.select_one("input[name=sessions]")["value"],
        "join_waiting_list": "on",
        "consent": "on",
    }
    return lambda: visitor.post(REGISTER, answers, token=form.form_token())


def test_thirty_sign_ups_from_one_address_through_three_workers_accept_ten(
    site_with_default_limit,
):
    visitors = [Visitor(site_with_default_limit.url) for _ in range(ATTEMPTS)]
    forms = [visitor.get(REGISTER) for visitor in visitors]  # showing the form counts nothing
    wait_for_a_fresh_minute()

    replies = at_once(
        [sending(v, form, n) for n, (v, form) in enumerate(zip(visitors, forms, strict=True))]
    )

    statuses = sorted(reply.status for reply in replies)
    assert statuses == [200] * 10 + [429] * 20
    refused = next(reply for reply in replies if reply.status == 429)
    assert "Trop de tentatives depuis votre connexion" in refused.page.select_one(
        "#form-errors"
    ).get_text(" ")
