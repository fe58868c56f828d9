"""A participant registers, gets the private link by e-mail, changes, cancels and erases, in a
real browser against the seed programme. The live server runs in this process: the e-mails it
queues are sent by running the queue here, and land in `django.core.mail.outbox`."""

import re
from urllib.parse import urlparse

import icalendar
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail

from programme.models import Session
from registrations import services
from tests.factories import participant_details
from tests.mail_queue import deliver_queued_mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VISIT = "saint-etienne-2018"
CRET_DE_ROC = "L'ESS à l'échelle d'un quartier (Crêt de Roc)"
ETHIC_TABLE = "Repas (Ethic Table)"
REVE_ET_REALISE = "Présentation du projet « Rêve et Réalise »"
EMAIL = "camille@example.org"


@pytest.fixture
def visitor_without_javascript(browser, site_url):
    """A French-speaking visitor whose browser runs no script at all."""
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    tab = context.new_page()
    tab.base_url = site_url
    yield tab
    context.close()


# What the visitor does -----------------------------------------------------------------------


def open_page(tab, path):
    return tab.goto(tab.base_url + path)


def fill_in_details(tab, *, email=EMAIL):
    tab.get_by_label("Prénom*", exact=True).fill("Camille")
    tab.get_by_label("Nom*", exact=True).fill("Martin")
    if email:
        tab.get_by_label("Adresse e-mail*", exact=True).fill(email)
    tab.get_by_label("Organisation", exact=True).fill("Coopérative du Crêt")
    tab.get_by_label("Pays*", exact=True).select_option("FR")


def tick_sessions(tab, *titles):
    for title in titles:
        tab.get_by_label(title).check()


def accept_privacy_notice(tab):
    tab.get_by_label("J'ai lu et j'accepte la notice de confidentialité").check()


def send_form(tab):
    tab.get_by_role("button", name="S'inscrire", exact=True).click()


def send_without_browser_checks(tab):
    """Browsers refuse to send a form with a required field empty; switch that off to see what
    the server answers (as it does to a browser that does not check)."""
    tab.locator("form.registration-form").evaluate("form => form.noValidate = true")
    send_form(tab)


def register(tab, *titles, email=EMAIL):
    """Fill in the French form with a vegetarian meal and send it; ends on the received page."""
    open_page(tab, f"/fr/{VISIT}/register/")
    fill_in_details(tab, email=email)
    tick_sessions(tab, *titles)
    tab.get_by_label("Végétarien", exact=True).check()
    accept_privacy_notice(tab)
    send_form(tab)


def private_link_path(email=EMAIL):
    """The path of the private link in the last e-mail sent to the address."""
    deliver_queued_mail()
    body = [message for message in mail.outbox if message.to == [email]][-1].body
    return urlparse(re.search(r"https?://\S+/my-registration/\S+/", body)[0]).path


def register_and_open_private_link(tab, *titles):
    register(tab, *titles)
    open_page(tab, private_link_path())


def confirm_and_press(tab, box, button):
    tab.get_by_label(box).check()
    tab.get_by_role("button", name=button).click()


# What the visitor sees -----------------------------------------------------------------------


def heading(tab):
    return tab.locator("h1").inner_text()


def messages(tab):
    return tab.locator(".messages .alert").all_inner_texts()


def ticked_sessions(tab):
    ticked = tab.locator(".session-choice").filter(has=tab.locator("input:checked"))
    return ticked.locator(".session-choice__title").all_inner_texts()


def places_shown(tab, title):
    choice = tab.locator(".session-choice").filter(has_text=title)
    return choice.locator(".session-choice__places").inner_text()


def chosen_diet(tab):
    choices = tab.locator("#div_id_dietary_requirement .form-check")
    return choices.filter(has=tab.locator("input:checked")).all_inner_texts()


def registration_rows(tab):
    """(session, status) of each row of the manage page's table: when, session, venue, status."""
    rows = tab.locator(".registrations-table tbody tr").all()
    return [
        (row.locator("td").nth(1).inner_text(), row.locator("td").nth(3).inner_text())
        for row in rows
    ]


def error_next_to(field):
    """The texts of the error messages the field is described by, found next to the field."""
    wrapper = field.locator("xpath=..")
    return [
        text
        for id_ in field.get_attribute("aria-describedby").split()
        for text in wrapper.locator(f".invalid-feedback[id='{id_}']").all_inner_texts()
    ]


def agenda_events(tab):
    with tab.expect_download() as download:
        tab.get_by_role("link", name="Télécharger mon agenda (.ics)").click()
    calendar = icalendar.Calendar.from_ical(download.value.path().read_bytes())
    return [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]


# The participant's journey, without JavaScript ----------------------------------------------


def test_registration_from_a_session_page_without_javascript_sends_the_private_link(
    visitor_without_javascript, seed_programme
):
    tab = visitor_without_javascript
    open_page(tab, f"/fr/{VISIT}/programme/")
    tab.get_by_role("link", name=CRET_DE_ROC).click()
    tab.get_by_role("link", name="S'inscrire à cette séance").click()
    assert ticked_sessions(tab) == [CRET_DE_ROC]

    fill_in_details(tab)
    tick_sessions(tab, ETHIC_TABLE, REVE_ET_REALISE)
    tab.get_by_label("Végétarien", exact=True).check()
    accept_privacy_notice(tab)
    send_form(tab)

    assert heading(tab) == "Merci — consultez votre messagerie"
    assert tab.locator(".received-sessions li").all_inner_texts() == [
        f"Mardi 20 février, Midi (horaire à confirmer)\n{ETHIC_TABLE}\nConfirmée",
        f"Mardi 20 février, 15:00–17:30\n{CRET_DE_ROC}\nConfirmée",
        f"Mercredi 21 février, 14:15\n{REVE_ET_REALISE}\nConfirmée",
    ]
    assert [message.to for message in deliver_queued_mail()] == [[EMAIL]]


def test_private_link_without_javascript_drops_a_session_and_gives_the_agenda(
    visitor_without_javascript, seed_programme
):
    tab = visitor_without_javascript
    register_and_open_private_link(tab, CRET_DE_ROC, ETHIC_TABLE, REVE_ET_REALISE)
    assert registration_rows(tab) == [
        (ETHIC_TABLE, "Confirmée"),
        (CRET_DE_ROC, "Confirmée"),
        (REVE_ET_REALISE, "Confirmée"),
    ]

    tab.get_by_label(REVE_ET_REALISE).uncheck()
    tab.get_by_role("button", name="Mettre à jour mes séances").click()

    assert messages(tab) == [f"Votre inscription est mise à jour. Annulé : {REVE_ET_REALISE}"]
    assert registration_rows(tab) == [(ETHIC_TABLE, "Confirmée"), (CRET_DE_ROC, "Confirmée")]
    # The meal has no time yet: an all-day event that says so.
    assert agenda_events(tab) == [f"{ETHIC_TABLE} (midi, horaire à confirmer)", CRET_DE_ROC]


def test_private_link_without_javascript_cancels_erases_then_stops_working(
    visitor_without_javascript, seed_programme
):
    tab = visitor_without_javascript
    register_and_open_private_link(tab, CRET_DE_ROC, ETHIC_TABLE)
    manage_path = private_link_path()

    confirm_and_press(tab, "Oui, annuler toutes mes séances", "Annuler toutes mes séances")
    assert messages(tab) == ["Toutes vos séances sont annulées. Merci de nous avoir prévenus."]
    assert registration_rows(tab) == []

    confirm_and_press(
        tab, "Oui, effacer mes données personnelles", "Effacer mes données personnelles"
    )
    assert (tab.url, messages(tab)) == (
        f"{tab.base_url}/fr/{VISIT}/",
        ["Vos données personnelles ont été effacées, et vos séances annulées."],
    )

    response = open_page(tab, manage_path)
    assert (response.status, heading(tab)) == (404, "Page introuvable")


# Mistakes and full sessions -------------------------------------------------------------------


def test_registration_form_with_errors_comes_back_in_french_with_what_was_typed(
    visitor, seed_programme
):
    open_page(visitor, f"/fr/{VISIT}/register/")
    fill_in_details(visitor, email="")
    tick_sessions(visitor, CRET_DE_ROC, ETHIC_TABLE)
    visitor.get_by_label("Végétalien", exact=True).check()
    send_without_browser_checks(visitor)

    assert visitor.locator("#form-errors h2").inner_text() == (
        "Votre inscription n'est pas encore enregistrée : "
        "merci de corriger les champs signalés ci-dessous."
    )
    assert error_next_to(visitor.get_by_label("Adresse e-mail*", exact=True)) == [
        "Ce champ est obligatoire."
    ]
    consent = visitor.get_by_label("J'ai lu et j'accepte la notice de confidentialité")
    assert error_next_to(consent) == [
        "Merci d'accepter la notice de confidentialité pour vous inscrire."
    ]
    typed = [
        visitor.get_by_label(label, exact=True).input_value()
        for label in ("Prénom*", "Nom*", "Organisation")
    ]
    assert typed == ["Camille", "Martin", "Coopérative du Crêt"]
    assert (ticked_sessions(visitor), chosen_diet(visitor)) == (
        [ETHIC_TABLE, CRET_DE_ROC],
        ["Végétalien"],
    )


@pytest.fixture
def full_session(seed_programme):
    """Crêt de Roc, with one place, taken by someone else."""
    session = Session.objects.get(slug="ess-quartier-cret-de-roc")
    services.change_session_capacity(session=session, capacity=1, reserved_places=0)
    services.register_participant(
        visit=session.day.visit,
        details=participant_details(email="first@example.org"),
        session_ids=[session.pk],
        join_waiting_list=False,
        language="fr",
    )
    return session


def test_full_session_puts_the_participant_on_the_waiting_list(visitor, full_session):
    open_page(visitor, f"/fr/{VISIT}/register/")
    assert places_shown(visitor, CRET_DE_ROC) == "Complet · liste d'attente ouverte"

    register_and_open_private_link(visitor, CRET_DE_ROC)

    assert registration_rows(visitor) == [(CRET_DE_ROC, "Liste d'attente, position 1")]


# Every page of the way, in both languages -----------------------------------------------------


def switch_language(tab, language):
    if language == "en":
        tab.get_by_role("link", name="English").click()


def reach_form(tab, language):
    open_page(tab, f"/{language}/{VISIT}/register/")


def reach_form_with_errors(tab, language):
    reach_form(tab, language)
    tab.locator("form.registration-form").evaluate("form => form.noValidate = true")
    tab.locator("form.registration-form [type=submit]").click()


def reach_received(tab, language):
    register(tab, CRET_DE_ROC, ETHIC_TABLE)
    switch_language(tab, language)


def reach_manage(tab, language):
    register_and_open_private_link(tab, CRET_DE_ROC, ETHIC_TABLE)
    switch_language(tab, language)


def reach_lost_link(tab, language):
    open_page(tab, f"/{language}/{VISIT}/lost-link/")


def reach_privacy(tab, language):
    open_page(tab, f"/{language}/privacy/")


PAGES = [reach_form, reach_form_with_errors, reach_received, reach_manage, reach_lost_link]
PAGES += [reach_privacy]


def page_id(reach):
    return reach.__name__.removeprefix("reach_")


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("reach", PAGES, ids=page_id)
def test_registration_page_has_no_accessibility_violations(
    visitor, seed_programme, reach, language
):
    reach(visitor, language)
    visitor.wait_for_load_state()  # the styles too: contrast depends on them
    assert visitor.locator("html").get_attribute("lang") == language

    results = Axe().run(visitor)

    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("reach", PAGES, ids=page_id)
def test_registration_page_asks_nothing_from_other_hosts(visitor, seed_programme, reach, language):
    reach(visitor, language)
    visitor.wait_for_load_state("networkidle")

    assert [url for url in visitor.requested if not url.startswith(visitor.base_url)] == []
    assert visitor.failed == []


@pytest.mark.parametrize("reach", PAGES, ids=page_id)
def test_registration_page_reads_well_on_a_phone(visitor, seed_programme, reach):
    visitor.set_viewport_size({"width": 375, "height": 800})
    reach(visitor, "fr")
    visitor.wait_for_load_state()

    scrolls_sideways = visitor.evaluate(
        "() => [document.documentElement, ...document.querySelectorAll('.table-responsive')]"
        ".some(element => element.scrollWidth > element.clientWidth)"
    )

    assert scrolls_sideways is False


def outline_of_focused(tab):
    return tab.evaluate(
        "() => { const style = getComputedStyle(document.activeElement);"
        " return [style.outlineStyle, style.outlineWidth]; }"
    )


def test_keyboard_focus_on_fields_and_buttons_is_visible(visitor, seed_programme):
    reach_lost_link(visitor, "fr")

    visitor.get_by_label("Votre adresse e-mail*", exact=True).focus()
    field = outline_of_focused(visitor)
    visitor.keyboard.press("Tab")
    button = outline_of_focused(visitor)

    assert (field, button) == (["solid", "3px"], ["solid", "3px"])
