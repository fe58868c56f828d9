import pytest

from tests.factories import DayFactory, sign_up, signup_session
from tests.registrations.test_exports import export_url

pytestmark = pytest.mark.django_db


def test_try(admin_client):
    day = DayFactory()
    s = signup_session(day=day, capacity=None)
    names = [
        ("Δημήτρης", "Παπαδόπουλος", "Δήμος Αθηναίων", "GR", True),
        (
            "Zoé",
            "Bernard-Lefèvre",
            "Coopérative d'habitants du quartier de Montreynaud et environs",
            "FR",
            False,
        ),
        (
            "Maximiliano-Alejandro",
            "Fernández de la Peña y Montoya",
            "Ayuntamiento de Alcobendas",
            "ES",
            True,
        ),
        ("Ana", "Li", "", "", False),
    ] * 3
    for n, (f, l, o, c, d) in enumerate(names):
        sign_up(
            [s],
            first_name=f,
            last_name=l,
            organisation=o,
            country=c,
            is_delegation=d,
            email=f"p{n}@example.org",
        )
    for fmt, ext in [("badges", "pdf"), ("people-csv", "csv"), ("people-xlsx", "xlsx")]:
        r = admin_client.get(export_url("visit", day.visit.pk, fmt))
        assert r.status_code == 200
        open(f"/tmp/b.{ext}", "wb").write(
            b"".join(r.streaming_content) if r.streaming else r.content
        )
