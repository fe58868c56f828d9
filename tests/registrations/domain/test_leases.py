"""Claiming a row under a lease, as the e-mail worker and the background exports do: each row
goes to one claimer at a time; a live lease keeps it, one that ran out gives it back."""

import datetime

import pytest

from registrations.domain.leases import claim_under_lease
from registrations.models import ExportFile
from tests.factories import StudyVisitFactory
from tests.registrations.services.races import errors_raised, run_at_once

LEASE = datetime.timedelta(minutes=10)
START = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)
CLAIMERS = 4


def claim() -> ExportFile | None:
    return claim_under_lease(
        ExportFile.objects,
        order_by=("created_at", "pk"),
        lease=LEASE,
        changes={"state": ExportFile.State.BUILDING},
    )


def claim_until_none() -> list[int]:
    """A worker's loop: claim, again and again, until nothing is left for it."""
    claimed = []
    while (row := claim()) is not None:
        claimed.append(row.pk)
    return claimed


def waiting_files(count: int) -> list[int]:
    visit = StudyVisitFactory()
    return [
        ExportFile.objects.create(visit=visit, kind="xlsx", language="en").pk for _ in range(count)
    ]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("count", [1, 12])
def test_claim_under_lease_gives_each_row_to_one_claimer_when_they_claim_at_once(count):
    files = waiting_files(count)

    results = run_at_once([claim_until_none] * CLAIMERS)
    claimed = sorted(pk for result in results if isinstance(result, list) for pk in result)

    assert (errors_raised(results), claimed) == ([], files)


@pytest.mark.django_db
def test_claim_under_lease_sets_the_lease_and_the_changes(time_machine):
    time_machine.move_to(START, tick=False)
    [file] = waiting_files(1)

    claimed = claim()

    assert (claimed.pk, claimed.state, claimed.lease_until) == (file, "building", START + LEASE)


@pytest.fixture
def claimed_at_start(db, time_machine) -> int:
    """A file claimed at START: its lease runs until START + LEASE."""
    time_machine.move_to(START, tick=False)
    [file] = waiting_files(1)
    claim()
    return file


def test_claim_under_lease_leaves_a_row_whose_lease_is_live(claimed_at_start, time_machine):
    time_machine.move_to(START + LEASE, tick=False)  # the last instant of the lease

    assert claim() is None


def test_claim_under_lease_takes_again_a_row_whose_lease_ran_out(claimed_at_start, time_machine):
    later = START + LEASE + datetime.timedelta(seconds=1)
    time_machine.move_to(later, tick=False)

    claimed = claim()

    assert (claimed.pk, claimed.state, claimed.lease_until) == (
        claimed_at_start,
        "building",
        later + LEASE,
    )
