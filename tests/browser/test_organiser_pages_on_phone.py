"""The organisers' less visited pages at 375 px and 1280 px, in French and Greek: delegation
invitations (list, add, change), the import (upload, preview), the certificates' settings and the
dashboard's files prepared in the background. Each page is no wider than the screen, and a table
wider than it scrolls inside its own box. Screenshots go to $KISS_SCREENSHOTS if set."""

import datetime
import os

import pytest
from django.utils import timezone

from programme.models import StudyVisit
from registrations.models import DelegationInvitation, ExportFile, VisitOptions
from tests.browser.conftest import organiser_account, press, signed_in_tab

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PEOPLE = (
    "\ufeffLast name;First name;E-mail;Organisation;Country;Language;Delegation or local;Sessions\n"
    "Núñez;Ignacio;ignacio.nunez.de.la.fuente@example.org;Cooperativa Integral;Spain;es;Local;"
    "petit-dejeuner-ess\n"
    "Παπαδοπούλου;Αικατερίνη;aikaterini.papadopoulou@example.org;Κοινωνική Συνεταιριστική "
    "Επιχείρηση;Greece;el;Partner delegation;petit-dejeuner-ess\n"
)

# Tables wider than the screen that no scrolling box (overflow-x auto or scroll) holds. The
# screen's width comes from the test: on a phone, a page too wide widens `innerWidth` with it.
LOOSE_TABLES = """(screen) => [...document.querySelectorAll('table')].filter(table => {
  if (table.getBoundingClientRect().right <= screen + 1) return false;
  for (let box = table.parentElement; box; box = box.parentElement) {
    const scrolls = ['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
    if (scrolls && box.getBoundingClientRect().right <= screen + 1) return false;
  }
  return true;
}).map(table => table.className || table.id || 'table')"""


def layout(tab) -> dict:
    """What a reader would notice: a page wider than the screen, tables spilling out of it."""
    screen = tab.viewport_size["width"]
    return {
        "wider than the screen": tab.evaluate(
            "(screen) => document.documentElement.scrollWidth > screen", screen
        ),
        "loose tables": tab.evaluate(LOOSE_TABLES, screen),
    }


def shoot(tab, name):
    if os.environ.get("KISS_SCREENSHOTS"):
        tab.screenshot(path=f"{os.environ['KISS_SCREENSHOTS']}/{name}.png", full_page=True)


@pytest.fixture
def organiser_pages(seed_programme):
    """The pages, with data that makes them long: two invitations, three prepared files."""
    visit = StudyVisit.objects.get()
    invitation = DelegationInvitation.objects.create(
        visit=visit,
        label="Κοινωνική Συνεταιριστική Επιχείρηση Αθήνας (Koinsep)",
        uses_allowed=9,
        ends_at=timezone.now() + datetime.timedelta(days=7),
    )
    DelegationInvitation.objects.create(
        visit=visit,
        label="Consorzio Cooperative Sociali",
        uses_allowed=3,
        ends_at=timezone.now() - datetime.timedelta(days=1),
    )
    for kind, state in [("xlsx", "ready"), ("pdf", "waiting"), ("badges", "failed")]:
        ExportFile.objects.create(visit=visit, kind=kind, state=state, language="fr")
    options, _ = VisitOptions.objects.get_or_create(visit=visit)
    return {
        "invitations": "registrations/delegationinvitation/",
        "invitation-add": "registrations/delegationinvitation/add/",
        "invitation": f"registrations/delegationinvitation/{invitation.pk}/change/",
        "import": "registrations/participant/import/",
        "certificates": "registrations/visitoptions/",
        "certificates-visit": f"registrations/visitoptions/{options.pk}/change/",
        "dashboard": f"registrations/registration/dashboard/?visit={visit.pk}",
    }


def organiser_at(browser, site_url, width):
    organiser_account("walker", "walker-pass-8")
    viewport = {"width": width, "height": 900 if width > 400 else 740}
    phone = {"is_mobile": True} if width < 400 else {}
    return signed_in_tab(browser, site_url, "walker", "walker-pass-8", viewport=viewport, **phone)


def preview_import(tab):
    tab.locator("input[type=file]").set_input_files(
        {"name": "people.csv", "mimeType": "text/csv", "buffer": PEOPLE.encode()}
    )
    tab.locator("[name=consent_given]").check()
    press(tab, tab.locator("#content-main [type=submit]"))


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("language", ["fr", "el"])
def test_organiser_pages_fit_the_screen(browser, site_url, organiser_pages, language, width):
    context, tab = organiser_at(browser, site_url, width)
    admin = f"{site_url}/{language}/admin"
    seen = {}
    for name, path in organiser_pages.items():
        tab.goto(f"{admin}/{path}")
        shoot(tab, f"{language}-{width}-{name}")
        seen[name] = layout(tab)
        if name == "import":
            preview_import(tab)
            shoot(tab, f"{language}-{width}-import-preview")
            seen["import-preview"] = layout(tab)
    context.close()

    fitting = {"wider than the screen": False, "loose tables": []}
    assert seen == dict.fromkeys([*organiser_pages, "import-preview"], fitting)


def test_import_preview_on_a_phone_scrolls_its_table_in_a_named_box(
    browser, site_url, organiser_pages
):
    context, tab = organiser_at(browser, site_url, 375)
    tab.goto(f"{site_url}/fr/admin/{organiser_pages['import']}")
    preview_import(tab)
    box = tab.get_by_role("region", name="Lignes du fichier")
    scrolls = box.evaluate("box => box.scrollWidth > box.clientWidth")
    rows = box.locator("tbody tr").count()
    context.close()

    assert (scrolls, rows) == (True, 2)


@pytest.mark.parametrize("width", [375, 1280])
def test_prepare_buttons_are_big_enough_to_tap(browser, site_url, organiser_pages, width):
    context, tab = organiser_at(browser, site_url, width)
    tab.goto(f"{site_url}/el/admin/{organiser_pages['dashboard']}")
    buttons = tab.locator("#prepared button")
    tall_enough = [button.bounding_box()["height"] >= 44 for button in buttons.all()]
    context.close()

    assert tall_enough == [True, True, True]


def test_certificates_settings_offer_no_add_and_capitalised_labels(
    browser, site_url, organiser_pages
):
    context, tab = organiser_at(browser, site_url, 375)
    tab.goto(f"{site_url}/fr/admin/{organiser_pages['certificates']}")
    add_links = tab.locator(".object-tools a.addlink").count()
    tab.goto(f"{site_url}/fr/admin/{organiser_pages['certificates-visit']}")
    labels = [
        tab.locator("label[for=id_signature]").inner_text(),
        tab.locator("label[for=id_remove_signature]").inner_text(),
    ]
    saves = tab.locator(".submit-row input[type=submit]").evaluate_all(
        "inputs => inputs.map(input => input.value)"
    )
    context.close()

    assert add_links == 0
    assert labels == ["Image de la signature\xa0:", "Retirer l'image de la signature"]
    assert saves == ["Enregistrer", "Enregistrer et continuer les modifications"]


def test_invitation_add_page_has_the_only_visit_chosen(browser, site_url, organiser_pages):
    context, tab = organiser_at(browser, site_url, 375)
    tab.goto(f"{site_url}/el/admin/{organiser_pages['invitation-add']}")
    chosen = tab.locator("#id_visit option:checked").inner_text()
    context.close()

    assert chosen == "Υφάνετε το δίκτυο ΚΑΛΟ σας! (Saint-Etienne, 2018)"
