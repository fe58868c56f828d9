"""An organiser (staff in the Organisers group, not superuser) at work in the admin, in a real
browser against the seed programme: signs someone up by hand, moves them to another session,
restores a cancellation; and the lists they read fit a 1280 px screen with the filters open."""

import re

import pytest
from django.core.management import call_command

from registrations.models import Change, Participant
from tests.browser.conftest import press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BREAKFAST = "Tue 20 Feb — SSE breakfast with local actors"
O_PLURIEL = "Wed 21 Feb — Visit to O Pluriel (business incubator)"
CRET_DE_ROC = "Tue 20 Feb — The SSE at neighbourhood level (Crêt de Roc)"


def agenda_rows(tab) -> list[tuple[str, str]]:
    """(session, status) of each row of the person's agenda."""
    rows = tab.locator(".agenda tbody tr").all()
    return [(row.locator("th").inner_text(), row.locator("td").nth(2).inner_text()) for row in rows]


def agenda_row(tab, title):
    return tab.locator(".agenda tbody tr").filter(has_text=title)


def messages(tab) -> list[str]:
    return tab.locator(".messagelist li").all_inner_texts()


def test_organiser_signs_someone_up_moves_them_and_restores_a_cancellation(organiser_tab):
    tab = organiser_tab
    tab.get_by_role("link", name="Sign someone up (phone, e-mail)").click()
    tab.get_by_label("First name").fill("Ignacio")
    tab.get_by_label("Last name").fill("Núñez")
    tab.get_by_label("E-mail address").fill("ignacio@example.org")
    tab.get_by_label(re.compile("SSE breakfast with local actors")).check()
    tab.get_by_label(re.compile(r"The SSE at neighbourhood level")).check()
    tab.get_by_label("They gave me their consent to the privacy notice").check()
    press(tab, tab.get_by_role("button", name="Sign them up"))

    assert messages(tab) == [f"Signed up: Ignacio Núñez. Confirmed: {BREAKFAST}, {CRET_DE_ROC}."]
    breakfast = agenda_row(tab, "SSE breakfast")
    breakfast.get_by_label("Move to").select_option(label=O_PLURIEL)
    press(tab, breakfast.get_by_role("button", name="Move"))

    assert messages(tab) == [f"Ignacio Núñez moved to {O_PLURIEL}."]
    press(tab, agenda_row(tab, "Crêt de Roc").get_by_role("button", name="Cancel"))
    press(tab, tab.get_by_role("button", name="Yes, cancel"))  # the confirmation page
    assert agenda_row(tab, "Crêt de Roc").locator("td").nth(2).inner_text() == "Cancelled"
    press(tab, agenda_row(tab, "Crêt de Roc").get_by_role("button", name="Restore", exact=True))

    assert messages(tab) == [f"Restored with a place: Ignacio Núñez — {CRET_DE_ROC}."]
    assert agenda_rows(tab) == [
        ("The SSE at neighbourhood level (Crêt de Roc)", "Confirmed"),
        ("Visit to O Pluriel (business incubator)", "Confirmed"),
    ]
    assert tab.locator(".places-history tbody td:last-child").all_inner_texts() == [
        "Restored. Status: cancelled → confirmed",
        "Cancelled. Status: confirmed → cancelled",
        f"Moved from {BREAKFAST} to {O_PLURIEL}.",
        "Signed up. Status: confirmed",
        "Signed up. Status: confirmed",
    ]
    person = Participant.objects.get()
    assert person.consent_given_to.username == "orga"
    assert set(Change.objects.values_list("user__username", flat=True)) == {"orga"}
    assert [url for url in tab.requested if not url.startswith(tab.base_url)] == []


LISTS = {
    "/en/admin/registrations/registration/": [
        "Participant",
        "Session",
        "Status",
        "Place in line",
        "Delegation",
        "Signed up on",
        "Attended",
    ],
    "/en/admin/programme/session/": [
        "Session",
        "Time",
        "Sign-up",
        "Confirmed",
        "Capacity",
        "Waiting",
        "Fill rate",
    ],
    "/en/admin/registrations/participant/": [
        "Participant",
        "E-mail address",
        "Organisation",
        "Country",
        "Delegation",
        "Preferred language",
    ],
}


@pytest.mark.parametrize("path", LISTS)
def test_lists_fit_a_1280_px_screen_with_the_filters_open(organiser_tab, path):
    tab = organiser_tab
    call_command("loaddata", "saint_etienne_2018", verbosity=0)  # idempotent; keeps the seed
    for n in range(3):
        tab.goto(tab.base_url + "/en/admin/registrations/participant/add/")
        tab.get_by_label("First name").fill(f"Jean-Baptiste{n}")
        tab.get_by_label("Last name").fill("Dupont-Moretti de la Cour des Comptes")
        tab.get_by_label("E-mail address").fill(f"jean-baptiste.dupont-moretti{n}@example.org")
        tab.get_by_label("Organisation").fill("Coopérative d'activités et d'emploi du Crêt de Roc")
        tab.get_by_label(re.compile(r"Overview of the SSE in Saint-Etienne")).check()
        tab.get_by_label("They gave me their consent to the privacy notice").check()
        press(tab, tab.get_by_role("button", name="Sign them up"))

    tab.goto(tab.base_url + path)

    results = tab.locator("#changelist .results")
    assert tab.locator("#changelist-filter").is_visible()
    assert results.evaluate("r => r.scrollWidth <= r.clientWidth")  # no sideways scrolling
    headers = tab.locator("#result_list thead th:not(.action-checkbox-column)")
    assert [h.strip().capitalize() for h in headers.all_inner_texts()] == [
        h.capitalize() for h in LISTS[path]
    ]
    inside = headers.evaluate_all(
        "hs => hs.every(h => h.getBoundingClientRect().right <= window.innerWidth)"
    )
    assert inside
