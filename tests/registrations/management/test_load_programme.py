"""Loading the programme fixture, first on an empty database, then over organisers' changes."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from programme.models import Session
from registrations import services
from registrations.domain.history import describe
from registrations.models import Change
from tests.factories import sign_up
from tests.registrations.places import confirmed_count, counters_match

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


def people_signed_up(session, count: int) -> None:
    for n in range(count):
        sign_up(session, email=f"p{n}@example.org")


def test_reset_gives_the_fixtures_new_places_to_the_people_waiting_in_order():
    run()
    breakfast = Session.objects.get(slug="petit-dejeuner-ess")
    services.change_session_capacity(session=breakfast, capacity=2, reserved_places=0)
    people_signed_up(breakfast, 5)

    output = run("--reset")

    breakfast.refresh_from_db()
    assert output == "3 people waiting got a place."
    assert (breakfast.capacity, confirmed_count(breakfast)) == (25, 5)
    assert counters_match(breakfast)


def test_reset_below_the_places_taken_is_refused_and_loads_nothing():
    run()
    breakfast = Session.objects.get(slug="petit-dejeuner-ess")
    services.change_session_capacity(session=breakfast, capacity=40, reserved_places=9)
    people_signed_up(breakfast, 20)
    Session.objects.filter(pk=breakfast.pk).update(title_en="Changed by an organiser")

    with pytest.raises(CommandError) as refusal:
        run("--reset")

    breakfast.refresh_from_db()
    assert str(refusal.value) == (
        "Rien n'a été chargé : la capacité du fichier est inférieure aux places prises pour "
        "« Petit déjeuner ESS avec acteurs locaux » (mar 20 Fév 2018) : capacité 25, mais 29 "
        "places sont prises."
    )
    assert (breakfast.capacity, breakfast.title_en, confirmed_count(breakfast)) == (
        40,
        "Changed by an organiser",
        20,
    )


def capacity_entries() -> list[tuple[str, str, str, str, str]]:
    entries = Change.objects.filter(action=Change.Action.CAPACITY).order_by("pk")
    return list(entries.values_list("actor", "session__slug", "old", "new", "note"))


def test_reset_writes_each_capacity_it_changes_to_the_history():
    run()
    breakfast = Session.objects.get(slug="petit-dejeuner-ess")
    services.change_session_capacity(session=breakfast, capacity=40, reserved_places=2)

    run("--reset")

    assert capacity_entries() == [
        ("system", "petit-dejeuner-ess", "25/9", "40/2", ""),
        ("system", "petit-dejeuner-ess", "40/2", "25/9", "programme reloaded"),
    ]
    entry = Change.objects.filter(action=Change.Action.CAPACITY).latest("pk")
    with translation.override("en"):
        assert describe(entry) == (
            "Programme reloaded from the committed file. "
            "Capacity: 40 (2 reserved) → 25 (9 reserved)"
        )


def test_reset_of_an_unchanged_programme_writes_no_capacity_to_the_history():
    run()

    run("--reset")

    assert capacity_entries() == []
