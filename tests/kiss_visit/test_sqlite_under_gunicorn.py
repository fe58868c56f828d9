"""SQLite named by DATABASE_URL (sqlite:///path), under gunicorn with three worker processes:
sixty people send the registration form at the same instant. With the lock taken at the start of
each transaction and a busy timeout, every one of them gets an answer and no session is
overbooked."""

import sqlite3
import tempfile
from pathlib import Path

import pytest

from tests.servers import Visitor, at_once, gunicorn, manage, site_environment

pytestmark = pytest.mark.slow

CROWD = 60
REGISTER = "/fr/saint-etienne-2018/register/"


@pytest.fixture
def site_on_sqlite_url():
    with tempfile.TemporaryDirectory() as directory:
        database = Path(directory) / "kiss.sqlite3"
        environment = site_environment(f"sqlite:///{database}")
        manage("migrate", environment=environment)
        manage("load_programme", environment=environment)
        with gunicorn(environment, workers=3, log_dir=Path(directory)) as server:
            yield server, database


def sending(visitor: Visitor, form, n: int):
    """The form as person `n` filled it in, ready to be sent: the first session offered."""
    session = form.page.select_one("input[name=sessions]")["value"]
    answers = {
        "first_name": f"Camille{n}",
        "last_name": "Martin",
        "email": f"person{n}@example.org",
        "organisation": "Coopérative",
        "country": "FR",
        "sessions": session,
        "join_waiting_list": "on",
        "consent": "on",
        "website": "",
    }
    return lambda: visitor.post(REGISTER, answers, token=form.form_token())


def outcome(reply) -> tuple | Exception:
    """What a person saw after sending the form, or what stopped them seeing anything."""
    return reply if isinstance(reply, Exception) else (reply.status, reply.h1())


def places_of_first_session(database: Path) -> tuple[int, int, int, int]:
    """Capacity, places kept for the delegation, confirmed and waiting sign-ups."""
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT s.capacity, s.reserved_places,"
            " SUM(r.status = 'confirmed'), SUM(r.status = 'waiting')"
            " FROM programme_session s JOIN registrations_registration r ON r.session_id = s.id"
            " GROUP BY s.id"
        ).fetchone()


def test_simultaneous_sign_ups_on_sqlite_url_all_answered_none_overbooked(site_on_sqlite_url):
    server, database = site_on_sqlite_url
    visitors = [Visitor(server.url) for _ in range(CROWD)]
    forms = at_once([lambda visitor=visitor: visitor.get(REGISTER) for visitor in visitors])

    replies = at_once(
        [sending(v, form, n) for n, (v, form) in enumerate(zip(visitors, forms, strict=True))]
    )

    capacity, kept, confirmed, waiting = places_of_first_session(database)
    assert [outcome(reply) for reply in replies] == [
        (200, "Merci — consultez votre messagerie")
    ] * CROWD
    # Everyone is local: they share the places not kept for the partners' delegation.
    assert (confirmed, waiting) == (capacity - kept, CROWD - (capacity - kept))
