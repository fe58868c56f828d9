"""Check-in on the day, through HTTP as organisers: a session's expected people, search, one tap
to mark present or undo, counts, walk-ins (over capacity only when ticked), and the page a
participant's QR code opens."""

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from kiss_visit.logs.log_filters import mask_private_links
from registrations import services
from registrations.domain.checkin_code import checkin_code, checkin_path, checkin_url
from registrations.domain.history import describe
from registrations.models import Change, Participant, Registration
from tests.factories import sign_up, signup_session
from tests.html import Page
from tests.mail_queue import deliver_queued_mail
from tests.registrations.places import counters_match

pytestmark = pytest.mark.django_db


def url(name, *args):
    with translation.override("en"):
        return reverse(f"admin:registrations_{name}", args=args)


@pytest.fixture
def session():
    session = signup_session(capacity=3, title_en="Visit to O Pluriel")
    sign_up(session, first_name="Ignacio", last_name="Núñez", email="ignacio@example.org")
    sign_up(session, first_name="Zoé", last_name="Bernard", email="zoe@example.org")
    return session


def people(page) -> list[tuple[str, str]]:
    """Each expected person as the page shows them: name, and their button or state."""
    return [
        (row.select_one(".checkin__name").contents[0].strip(), state_of(row))
        for row in page.soup.select(".checkin__person")
    ]


def state_of(row) -> str:
    return "present" if row.select_one(".checkin__state") else "expected"


def person_path(participant) -> str:
    with translation.override("en"):
        return checkin_path(participant)


def tap(client, session, email, present="1", q=""):
    registration = Registration.objects.get(session=session, participant__email=email)
    address = url("checkin", session.pk) + (f"?q={q}" if q else "")
    return client.post(address, {"registration": registration.pk, "present": present})


def test_checkin_page_lists_expected_people_with_counts(client, organiser, session):
    page = Page.get(client, url("checkin", session.pk))

    assert people(page) == [("Bernard Zoé", "expected"), ("Núñez Ignacio", "expected")]
    assert page.text(".checkin__counts") == "0 present of 2 expected"


def test_checkin_tap_marks_present_and_undo_takes_it_back(client, organiser, session):
    response = tap(client, session, "ignacio@example.org")
    registration = Registration.objects.get(participant__email="ignacio@example.org")
    assert response["Location"] == url("checkin", session.pk) + f"#r{registration.pk}"
    page = Page.get(client, url("checkin", session.pk))
    assert people(page) == [("Bernard Zoé", "expected"), ("Núñez Ignacio", "present")]
    assert page.text(".checkin__counts") == "1 present of 2 expected"

    tap(client, session, "ignacio@example.org", present="0")

    page = Page.get(client, url("checkin", session.pk))
    assert page.text(".checkin__counts") == "0 present of 2 expected"
    entries = Change.objects.filter(action=Change.Action.ATTENDANCE).order_by("pk")
    assert [describe(entry) for entry in entries] == [
        "Attendance: not recorded → attended",
        "Attendance: attended → not recorded",
    ]


def test_checkin_tap_twice_changes_once(client, organiser, session):
    tap(client, session, "zoe@example.org")
    tap(client, session, "zoe@example.org")

    assert Change.objects.filter(action=Change.Action.ATTENDANCE).count() == 1


def test_checkin_search_finds_names_without_accents_and_keeps_the_search(
    client, organiser, session
):
    page = Page.get(client, url("checkin", session.pk) + "?q=nunez")
    assert people(page) == [("Núñez Ignacio", "expected")]

    response = tap(client, session, "ignacio@example.org", q="nunez")
    registration = Registration.objects.get(participant__email="ignacio@example.org")
    assert response["Location"] == url("checkin", session.pk) + f"?q=nunez#r{registration.pk}"


def test_checkin_search_matching_nobody_says_so(client, organiser, session):
    page = Page.get(client, url("checkin", session.pk) + "?q=zz%CE%BE")
    assert (people(page), page.text(".checkin__none")) == ([], "Nobody expected matches “zzξ”.")


def test_checkin_search_with_control_characters_shows_everyone(client, organiser, session):
    page = Page.get(client, url("checkin", session.pk) + "?q=%00zz%1b")
    assert len(people(page)) == 2


def test_checkin_page_leaves_out_waiting_and_cancelled(client, organiser, session):
    sign_up(session, email="third@example.org")
    sign_up(session, first_name="Ana", last_name="Pérez", email="waiting@example.org")
    page = Page.get(client, url("checkin", session.pk))
    assert [name for name, _ in people(page)] == [
        "Bernard Zoé",
        "Martin Camille",
        "Núñez Ignacio",
    ]


def test_checkin_counts_answer_for_the_page_to_refresh(client, organiser, session):
    tap(client, session, "zoe@example.org")
    assert client.get(url("checkin_counts", session.pk)).json() == {"present": 1, "expected": 2}


def test_checkin_queries_stay_fixed_as_people_grow(
    client, organiser, session, django_assert_num_queries
):
    client.get(url("checkin", session.pk))  # session and permissions cached, as on a phone
    with django_assert_num_queries(7):
        client.get(url("checkin", session.pk))
    session.capacity = 40
    session.save()
    for n in range(30):
        sign_up(session, email=f"more{n}@example.org")
    with django_assert_num_queries(7):
        client.get(url("checkin", session.pk))


WALK_IN = {
    "first_name": "Ana",
    "last_name": "Pérez",
    "email": "ana@example.org",
    "organisation": "",
    "country": "ES",
    "language": "es",
    "consent_given": "on",
}


def test_walk_in_is_signed_up_and_present(client, organiser, session):
    response = client.post(url("walk_in", session.pk), WALK_IN, follow=True)

    page = Page(response)
    assert page.texts(".messagelist li") == ["Signed up at the door and present: Ana Pérez."]
    assert people(page) == [
        ("Bernard Zoé", "expected"),
        ("Núñez Ignacio", "expected"),
        ("Pérez Ana", "present"),
    ]
    ana = Participant.objects.get(email="ana@example.org")
    assert (ana.language, ana.consent_given_to) == ("es", organiser)
    session.refresh_from_db()
    assert (session.capacity, counters_match(session)) == (3, True)


def test_walk_in_to_a_full_session_is_refused_unless_over_capacity_is_ticked(
    client, organiser, session
):
    sign_up(session, email="third@example.org")
    response = client.post(url("walk_in", session.pk), WALK_IN)

    assert response.status_code == 400
    assert Page(response).text(".checkin__walk-in .errornote") == (
        "The session is full. Tick “Over capacity” to add them anyway."
    )
    assert Participant.objects.filter(email="ana@example.org").exists() is False

    response = client.post(url("walk_in", session.pk), {**WALK_IN, "over_capacity": "on"})

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.capacity, session.confirmed_count, counters_match(session)) == (4, 4, True)
    history = Change.objects.filter(session=session).order_by("pk")
    assert [describe(entry) for entry in history][-3:] == [
        "A place made for a walk-in. Capacity: 3 → 4",
        "Walk-in, at the door. Signed up. Status: confirmed",
        "Attendance: not recorded → attended",
    ]


def test_walk_in_already_waiting_gets_the_place_over_capacity(client, organiser, session):
    sign_up(session, email="third@example.org")
    sign_up(session, first_name="Ana", last_name="Pérez", email="ANA@example.org")

    response = client.post(url("walk_in", session.pk), {**WALK_IN, "over_capacity": "on"})

    assert response.status_code == 302
    ana = Registration.objects.get(participant__email="ANA@example.org")
    assert (ana.status, ana.attended) == ("confirmed", True)
    assert Participant.objects.filter(last_name="Pérez").count() == 1


def test_walk_in_without_consent_or_with_control_characters_is_refused(client, organiser, session):
    answers = {**WALK_IN, "consent_given": "", "first_name": "Ana\x01"}
    response = client.post(url("walk_in", session.pk), answers)

    assert response.status_code == 400
    errors = Page(response).texts(".checkin__walk-in .errorlist li")
    assert len(errors) == 2
    assert Participant.objects.filter(email="ana@example.org").exists() is False


def test_person_page_from_the_qr_code_checks_in_with_one_tap(client, organiser, session):
    ignacio = Participant.objects.get(email="ignacio@example.org")
    page = Page.get(client, person_path(ignacio))
    assert page.h1 == "Ignacio Núñez"
    assert page.text(".checkin__name").startswith("Visit to O Pluriel")

    registration = ignacio.registrations.get()
    client.post(person_path(ignacio), {"registration": registration.pk, "present": "1"})

    registration.refresh_from_db()
    assert registration.attended is True


def test_person_page_ignores_another_persons_registration(client, organiser, session):
    ignacio = Participant.objects.get(email="ignacio@example.org")
    zoe = Registration.objects.get(participant__email="zoe@example.org")
    client.post(person_path(ignacio), {"registration": zoe.pk, "present": "1"})

    zoe.refresh_from_db()
    assert zoe.attended is None


def test_checkin_code_is_not_the_private_link_and_a_forged_one_is_404(client, organiser, session):
    ignacio = Participant.objects.get(email="ignacio@example.org")
    code = checkin_code(ignacio)
    assert ignacio.manage_token not in code
    forged = code.rsplit(":", 1)[0] + ":forged"
    assert client.get(url("checkin_person", forged)).status_code == 404
    assert client.get(url("checkin_person", str(ignacio.pk))).status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "staff without permission"])
def test_checkin_pages_refuse_who_is_not_an_organiser(who, session, other_staff, client):
    if who == "anonymous":
        client = Client()
    ignacio = Participant.objects.get(email="ignacio@example.org")
    addresses = [
        url("checkin", session.pk),
        url("checkin_counts", session.pk),
        person_path(ignacio),
    ]
    statuses = [client.get(address).status_code for address in addresses]
    posted = client.post(url("walk_in", session.pk), WALK_IN).status_code
    expected = 302 if who == "anonymous" else 403  # anonymous: to the sign-in page
    assert (statuses, posted) == ([expected] * 3, expected)
    assert Participant.objects.filter(email="ana@example.org").exists() is False


def test_private_page_shows_the_check_in_code_once_a_place_is_confirmed(client, session):
    ignacio = Participant.objects.get(email="ignacio@example.org")
    page = Page.get(client, ignacio.manage_path())
    assert page.texts("#checkin-title") == ["Votre code d'accueil"]
    assert page.soup.select_one(".checkin-code svg title").get_text() == "Votre code d'accueil"

    waiting = sign_up(signup_session(capacity=0, day=session.day), email="w@example.org")
    page = Page.get(client, waiting.participant.manage_path())
    assert page.texts("#checkin-title") == []


def test_check_in_code_address_has_no_language_and_is_never_the_private_link(session):
    ignacio = Participant.objects.get(email="ignacio@example.org")
    with translation.override("el"), override_settings(SITE_URL="https://kiss.example.org"):
        address = checkin_url(ignacio)
    assert address == f"https://kiss.example.org/checkin/person/{checkin_code(ignacio)}/"
    assert ignacio.manage_token not in address


def scanned(client, participant, **headers):
    address = checkin_url(participant).removeprefix(settings.SITE_URL.rstrip("/"))
    return client.get(address, **headers)


@pytest.mark.parametrize("language", ["el", "es", "it", "en", "fr"])
def test_check_in_code_opens_in_the_language_the_organiser_uses_the_admin_in(
    client, organiser, session, language
):
    ignacio = Participant.objects.get(email="ignacio@example.org")
    client.get(f"/{language}/admin/")

    response = scanned(client, ignacio, HTTP_ACCEPT_LANGUAGE="fr")
    with translation.override(language):
        expected = checkin_path(ignacio)

    assert (response.status_code, response["Location"]) == (302, expected)
    assert Page.get(client, expected).lang == language


def test_check_in_code_opens_in_the_browsers_language_before_any_admin_page(client, session):
    ignacio = Participant.objects.get(email="ignacio@example.org")

    response = scanned(client, ignacio, HTTP_ACCEPT_LANGUAGE="it-IT,it;q=0.9")
    with translation.override("it"):
        expected = checkin_path(ignacio)

    assert (response.status_code, response["Location"]) == (302, expected)


def test_check_in_code_still_asks_anyone_else_to_sign_in(client, session):
    ignacio = Participant.objects.get(email="ignacio@example.org")

    response = client.get(scanned(client, ignacio, HTTP_ACCEPT_LANGUAGE="el")["Location"])

    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/el/admin/login/")


def test_check_in_code_is_masked_in_logs(session):
    ignacio = Participant.objects.get(email="ignacio@example.org")
    line = f'"GET {person_path(ignacio)} HTTP/1.1" 200'
    assert mask_private_links(line) == (
        '"GET /en/admin/registrations/registration/checkin/person/[private]/ HTTP/1.1" 200'
    )


@pytest.mark.parametrize("junk", ["", "²", "99999999999999999999999", "1\x00", "abc"])
def test_checkin_tap_with_junk_registration_changes_nothing(client, organiser, session, junk):
    response = client.post(url("checkin", session.pk), {"registration": junk, "present": "1"})

    assert (response.status_code, response["Location"]) == (302, url("checkin", session.pk))
    assert Registration.objects.filter(attended__isnull=False).count() == 0


def test_checkin_tap_on_another_sessions_registration_changes_nothing(client, organiser, session):
    other = signup_session(capacity=3, day=session.day)
    elsewhere = sign_up(other, email="elsewhere@example.org").participant.registrations.get()
    client.post(url("checkin", session.pk), {"registration": elsewhere.pk, "present": "1"})

    elsewhere.refresh_from_db()
    assert elsewhere.attended is None


def test_checkin_after_a_move_counts_the_person_absent_in_the_new_session(
    client, organiser, session
):
    """Present in the morning, moved to the afternoon: presence belongs to the session attended,
    so the afternoon expects them, not yet present."""
    afternoon = signup_session(day=session.day, capacity=3, title_en="Afternoon visit")
    sign_up(afternoon, first_name="Ana", last_name="Lopez", email="ana@example.org")
    tap(client, session, "zoe@example.org")
    zoe = Registration.objects.get(session=session, participant__email="zoe@example.org")

    services.move_registration(
        registration=zoe, to_session=afternoon, by=services.Actor.organiser(organiser)
    )

    page = Page.get(client, url("checkin", afternoon.pk))
    assert client.get(url("checkin_counts", afternoon.pk)).json() == {"present": 0, "expected": 2}
    assert people(page) == [("Bernard Zoé", "expected"), ("Lopez Ana", "expected")]
    attended = Change.objects.filter(action=Change.Action.ATTENDANCE, registration=zoe)
    assert list(attended.values_list("session", "new")) == [(session.pk, "yes")]


@pytest.mark.parametrize(
    ("language", "day"),
    [("el", "Δευτέρα 19 Φεβρουαρίου 2018"), ("fr", "Lundi 19 février 2018")],
)
def test_checkin_page_date_puts_the_greek_month_in_the_genitive(
    client, organiser, session, language, day
):
    with translation.override(language):
        page = Page.get(client, reverse("admin:registrations_checkin", args=[session.pk]))

    assert page.text(".checkin__when").split(" · ")[0] == day


def test_walk_in_refused_says_so_at_the_top_of_the_page(client, organiser, session):
    sign_up(session, email="third@example.org")
    response = client.post(url("walk_in", session.pk), WALK_IN)

    page = Page(response)
    refused = page.soup.select_one("#walk-in-refused")
    assert refused.get_text(" ", strip=True) == (
        "The walk-in was not added: The session is full. Tick “Over capacity” to add them "
        "anyway. Correct the form"
    )
    first_in_content = page.soup.select_one(".checkin").find(
        lambda tag: tag.name in ("div", "form", "ul")
    )
    assert first_in_content is refused
    assert page.soup.select_one("#walk-in form")["action"].endswith("#walk-in-refused")


def test_walk_in_gets_the_confirmation_with_code_and_link_unless_unticked(
    client, organiser, session
):
    deliver_queued_mail().clear()  # the sign-ups made before
    client.post(url("walk_in", session.pk), {**WALK_IN, "send_confirmation": "on"})
    other = {**WALK_IN, "email": "luis@example.org", "first_name": "Luis"}
    client.post(url("walk_in", session.pk), other)

    sent = deliver_queued_mail()
    assert [m.to for m in sent] == [["ana@example.org"]]
    names = [a.get_filename() if hasattr(a, "get_filename") else a[0] for a in sent[0].attachments]
    assert names == ["agenda.ics", "check-in-code.png"]
    ana = Participant.objects.get(email="ana@example.org")
    with translation.override("es"):
        assert ana.manage_path() in sent[0].body


def test_walk_in_form_asks_the_country_with_nothing_preselected(client, organiser, session):
    page = Page(client.get(url("checkin", session.pk)))
    refused = client.post(url("walk_in", session.pk), {**WALK_IN, "country": ""})

    country = page.soup.select_one("#walk-in select[name=country]")
    chosen = [option["value"] for option in country.select("option[selected]")]
    assert (country.has_attr("required"), chosen) == (True, [""])
    assert page.soup.select_one("#walk-in input[name=send_confirmation]").has_attr("checked")
    assert refused.status_code == 400
