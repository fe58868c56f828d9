"""An organiser in a real browser: imports a partner's spreadsheet (upload -> preview -> confirm)
and starts the next visit from this one (copy a visit)."""

import pytest

from programme.models import Session, StudyVisit
from registrations.models import Participant
from tests.browser.conftest import press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PEOPLE = (
    "\ufeffLast name;First name;E-mail;Country;Language;Delegation or local;Sessions\n"
    "Núñez;Ignacio;ignacio@example.org;Spain;es;Local;petit-dejeuner-ess\n"
    "Rossi;Giulia;giulia@example.org;Italy;it;Partner delegation;Visit to the moon\n"
)


def test_organiser_imports_a_spreadsheet_after_a_preview(organiser_tab):
    tab = organiser_tab
    tab.get_by_role("link", name="Import participants (CSV, XLSX)").click()
    tab.get_by_label("File (CSV or XLSX)").set_input_files(
        {"name": "people.csv", "mimeType": "text/csv", "buffer": PEOPLE.encode()}
    )
    tab.get_by_label("Everyone on the list gave their consent to the privacy notice").check()
    press(tab, tab.get_by_role("button", name="Preview"))

    assert tab.locator(".import-preview tbody tr").all_inner_texts() == [
        "2\tIgnacio Núñez\tignacio@example.org\tSpanish\tLocal\tNew participant. Confirmed: "
        "Tue 20 Feb — SSE "
        "breakfast with local actors.",
        "3\tGiulia Rossi\tgiulia@example.org\tit\tPartner delegation\tLeft out: Unknown "
        "session: “Visit to the moon”.",
    ]
    assert Participant.objects.count() == 0
    press(tab, tab.get_by_role("button", name="Import"))

    assert tab.locator(".messagelist li").all_inner_texts() == [
        "Imported. New participants: 1. Already registered, with more sessions: 0."
    ]
    assert tab.locator("#result_list tbody th").all_inner_texts() == ["Ignacio Núñez"]
    assert Session.objects.get(slug="petit-dejeuner-ess").confirmed_local == 1
    assert [url for url in tab.requested if not url.startswith(tab.base_url)] == []


def test_organiser_copies_a_visit_for_the_next_country(organiser_tab):
    tab = organiser_tab
    visit = StudyVisit.objects.get()
    tab.goto(f"{tab.base_url}/en/admin/programme/studyvisit/{visit.pk}/change/")
    tab.get_by_role("link", name="Copy as a new visit").click()
    tab.get_by_label("Slug of the new visit").fill("athens-2019")
    tab.get_by_label("City").fill("Athens")
    tab.get_by_label("First day of the new visit").fill("2019-03-11")
    press(tab, tab.get_by_role("button", name="Copy"))

    copy = StudyVisit.objects.get(slug="athens-2019")
    assert tab.locator(".messagelist li").all_inner_texts() == [
        "Copied: Weave your SSE web! (Athens, 2019). It stays unpublished, hidden from the "
        "public, until you tick Published: check its dates, texts, venues and capacities first."
    ]
    assert tab.get_by_label("Published").is_checked() is False
    assert (copy.start_date.isoformat(), copy.days.count()) == ("2019-03-11", 6)
    assert Session.objects.filter(day__visit=copy).count() == 26
