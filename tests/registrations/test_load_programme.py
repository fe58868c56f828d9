import io

import pytest
from django.core.management import call_command

from programme.models import Session

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("load_programme", *args, stdout=out, verbosity=0)
    return out.getvalue().strip()


def test_load_programme_loads_the_seed_on_an_empty_database():
    run()

    assert Session.objects.count() == 26


def test_load_programme_keeps_organisers_changes_unless_reset():
    run()
    Session.objects.filter(slug="petit-dejeuner-ess").update(capacity=40)

    kept = run()
    capacity_kept = Session.objects.get(slug="petit-dejeuner-ess").capacity
    run("--reset")

    assert (kept, capacity_kept) == (
        "The programme is already loaded; kept as it is (--reset reloads it).",
        40,
    )
    assert Session.objects.get(slug="petit-dejeuner-ess").capacity == 25
