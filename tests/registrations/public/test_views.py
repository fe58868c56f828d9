import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from registrations.models import Participant, Registration
from tests.factories import DayFactory, fill, sign_up, signup_session
from tests.html import Page
from tests.mail_queue import deliver_queued_mail

pytestmark = pytest.mark.django_db


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(f"registrations:{name}", kwargs=kwargs)


@pytest.fixture
def day():
    return DayFactory(visit__slug="saint-etienne-2018")


@pytest.fixture
def breakfast(day):
    return signup_session(
        day=day,
        slug="petit-dejeuner",
        title_fr="Petit déjeuner",
        title_en="Breakfast",
        start_time=datetime.time(9, 0),
        capacity=3,
    )


@pytest.fixture
def lunch(day):
    return signup_session(
        day=day,
        slug="repas",
        title_fr="Repas",
        title_en="Lunch",
        kind="meal",
        part_of_day="midday",
        capacity=3,
    )


def form_data(*sessions, **overrides):
    data = {
        "first_name": "Camille",
        "last_name": "Martin",
        "email": "camille@example.org",
        "organisation": "Coopérative",
        "country": "FR",
        "sessions": [s.pk for s in sessions],
        "join_waiting_list": "on",
        "dietary_requirement": "",
        "dietary_notes": "",
        "accessibility_needs": "",
        "consent": "on",
        "website": "",
    }
    return {**data, **overrides}


def post_registration(client, language, *sessions, **overrides):
    url = url_in(language, "register", visit="saint-etienne-2018")
    return client.post(url, form_data(*sessions, **overrides), follow=True)


def test_register_form_lists_sessions_by_day_with_places(client, breakfast, lunch):
    page = Page.get(client, url_in("en", "register", visit="saint-etienne-2018"))

    assert page.texts(".session-choices__day legend") == ["Monday 19 February 2018"]
    assert page.texts(".session-choice__title") == ["Breakfast", "Lunch"]
    assert page.texts(".session-choice__places") == ["3 places left", "3 places left"]


def test_register_form_preselects_the_session_in_the_link(client, breakfast, lunch):
    url = url_in("fr", "register", visit="saint-etienne-2018") + "?session=repas"

    page = Page.get(client, url)

    checked = [box["value"] for box in page.soup.select("input[name=sessions][checked]")]
    assert checked == [str(lunch.pk)]


def test_register_then_received_page_and_email_in_visitor_language(client, breakfast, lunch):
    response = post_registration(client, "en", breakfast, lunch, dietary_requirement="vegan")
    deliver_queued_mail()
    page = Page(response)

    participant = Participant.objects.get()
    assert (page.h1, page.text(".prose p strong")) == (
        "Thank you — check your inbox",
        "camille@example.org",
    )
    assert page.texts(".prose li") == [
        "Monday 19 February, 9 a.m. Breakfast Confirmed",
        "Monday 19 February, Midday (time to be confirmed) Lunch Confirmed",
    ]
    assert (participant.language, participant.dietary_requirement) == ("en", "vegan")
    assert [m.subject for m in mail.outbox] == [
        "Your registration — KISS study visit, Saint-Etienne"
    ]


def test_received_page_gives_the_place_in_line_of_a_full_session(client, breakfast, lunch):
    fill(breakfast, 4)  # 3 places taken, one person waiting

    page = Page(post_registration(client, "fr", breakfast, lunch))

    assert page.texts(".received-sessions li") == [
        "Lundi 19 février, 09:00 Petit déjeuner Liste d'attente, position 2",
        "Lundi 19 février, Midi (horaire à confirmer) Repas Confirmée",
    ]
    assert page.texts(".prose p:nth-of-type(2), .prose p:nth-of-type(3)") == [
        "Les horaires sont donnés en heure locale de Saint-Etienne (Europe/Paris).",
        "Si une place se libère dans une séance où vous êtes en liste d'attente, vous "
        "l'obtiendrez automatiquement et nous vous préviendrons par e-mail.",
    ]


def test_register_again_when_full_answers_like_a_new_registration(client, breakfast):
    post_registration(client, "en", breakfast)
    fill(breakfast, 4)  # full, two people waiting

    again = Page(post_registration(client, "en", breakfast))
    new = Page(post_registration(client, "en", breakfast, email="new@example.org"))

    assert again.texts(".received-sessions li") == [
        "Monday 19 February, 9 a.m. Breakfast Waiting list, position 3"
    ]
    assert new.texts(".received-sessions li") == again.texts(".received-sessions li")


def test_register_again_with_known_email_shows_the_same_page_and_sends_the_link(client, breakfast):
    first = Page(post_registration(client, "fr", breakfast))
    deliver_queued_mail()
    mail.outbox.clear()

    again = Page(post_registration(client, "fr", breakfast))
    deliver_queued_mail()

    assert again.text("main") == first.text("main")
    assert Participant.objects.count() == 1
    assert [m.subject for m in mail.outbox] == [
        "Votre lien privé — visite d'étude KISS, Saint-Etienne"
    ]
    assert Participant.objects.get().manage_path() in mail.outbox[0].body


def test_register_with_errors_keeps_what_was_typed(client, breakfast, lunch):
    response = post_registration(client, "fr", lunch, email="not-an-email", consent="")
    page = Page(response)

    assert response.status_code == 200
    assert page.texts(".invalid-feedback") == [
        "Saisissez une adresse de courriel valide.",
        "Merci d'accepter la notice de confidentialité pour vous inscrire.",
    ]
    assert page.soup.select_one("#id_first_name")["value"] == "Camille"
    assert [box["value"] for box in page.soup.select("input[name=sessions][checked]")] == [
        str(lunch.pk)
    ]
    assert Participant.objects.count() == 0


def test_register_with_honeypot_filled_saves_nothing(client, breakfast):
    page = Page(post_registration(client, "en", breakfast, website="http://spam.example"))

    assert page.texts(".invalid-feedback") == [
        "Your form could not be sent. Please leave the last field empty."
    ]
    assert Participant.objects.count() == 0


def test_register_without_meal_drops_dietary_requirement(client, breakfast):
    post_registration(client, "fr", breakfast, dietary_requirement="halal")

    assert Participant.objects.get().dietary_requirement == ""


def test_register_meal_with_allergy_needs_details(client, lunch):
    page = Page(post_registration(client, "en", lunch, dietary_requirement="allergy"))

    assert page.texts(".invalid-feedback") == ["Please describe your dietary requirement."]


def test_register_when_session_filled_meanwhile_explains_and_keeps_input(client, breakfast):
    fill(breakfast, 3)

    page = Page(post_registration(client, "en", breakfast, join_waiting_list=""))

    assert page.texts(".session-choices .invalid-feedback") == [
        "This session is now full: Breakfast. Tick the waiting-list box to be put on its "
        "waiting list, or untick the session."
    ]
    assert page.texts(".session-choice__places") == ["Full · waiting list open"]
    assert Participant.objects.filter(email="camille@example.org").count() == 0


def test_register_for_unknown_session_id_is_a_form_error(client, breakfast):
    page = Page(post_registration(client, "en", breakfast, sessions=["999999"]))

    assert page.texts(".session-choices .invalid-feedback") == [
        "Select a valid choice. 999999 is not one of the available choices."
    ]


def test_register_when_closed_says_so(client, breakfast):
    visit = breakfast.day.visit
    visit.registration_closes_at = timezone.now() - datetime.timedelta(days=1)
    visit.save()

    page = Page(post_registration(client, "fr", breakfast))

    assert page.h1 == "Les inscriptions sont closes"
    assert Participant.objects.count() == 0


def test_received_page_without_a_registration_goes_to_the_form(client, breakfast):
    response = client.get(url_in("en", "received", visit="saint-etienne-2018"))

    assert response["Location"] == url_in("en", "register", visit="saint-etienne-2018")


@pytest.fixture
def registered(breakfast, lunch):
    sign_up(breakfast)
    return Participant.objects.get()


def test_manage_page_lists_sessions_and_is_private(client, registered):
    response = client.get(registered.manage_path())
    page = Page(response)

    assert page.texts(".registrations-table tbody td:nth-child(2)") == ["Petit déjeuner"]
    assert page.texts(".status") == ["Confirmée"]
    assert page.soup.select_one("meta[name=robots]")["content"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_manage_page_with_tampered_token_is_a_translated_404(client, registered):
    url = url_in(
        "en", "manage", visit="saint-etienne-2018", token=registered.manage_token[:-1] + "x"
    )

    assert Page.get(client, url, status=404).h1 == "Page not found"


def test_manage_page_change_adds_and_drops(client, registered, breakfast, lunch):
    response = client.post(
        registered.manage_path(),
        {"sessions": [lunch.pk], "join_waiting_list": "on", "dietary_requirement": "vegetarian"},
        follow=True,
    )

    assert Page(response).texts(".messages .alert") == [
        "Votre inscription est mise à jour. Confirmé : Repas Annulé : Petit déjeuner "
        "Votre régime alimentaire est enregistré."
    ]
    registered.refresh_from_db()
    assert registered.dietary_requirement == "vegetarian"
    assert list(registered.registrations.live().values_list("session", flat=True)) == [lunch.pk]


def test_cancel_all_needs_the_box_ticked(client, registered):
    url = url_in("fr", "cancel_all", visit="saint-etienne-2018", token=registered.manage_token)

    refused = Page(client.post(url, {}))
    done = Page(client.post(url, {"cancel-confirm": "on"}, follow=True))

    assert refused.texts(".invalid-feedback") == ["Cochez la case pour confirmer."]
    assert done.texts(".messages .alert") == [
        "Toutes vos séances sont annulées. Merci de nous avoir prévenus."
    ]
    assert Registration.objects.live().count() == 0


def test_erase_ends_on_home_page_and_kills_the_link(client, registered):
    url = url_in("en", "erase", visit="saint-etienne-2018", token=registered.manage_token)

    page = Page(client.post(url, {"erase-confirm": "on"}, follow=True))

    assert page.texts(".messages .alert") == [
        "Your personal data has been erased, and your sessions cancelled."
    ]
    assert client.get(registered.manage_path()).status_code == 404


def test_agenda_has_the_confirmed_sessions_with_a_time(client, registered):
    import icalendar

    url = url_in("en", "agenda", visit="saint-etienne-2018", token=registered.manage_token)
    calendar = icalendar.Calendar.from_ical(client.get(url).content)

    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == ["Breakfast"]


@pytest.mark.parametrize("email", ["camille@example.org", "nobody@example.org"])
def test_lost_link_says_the_same_whatever_the_address(client, registered, email):
    url = url_in("en", "lost_link", visit="saint-etienne-2018")
    deliver_queued_mail().clear()

    page = Page(client.post(url, {"email": email}, follow=True))
    deliver_queued_mail()

    assert page.texts(".messages .alert") == [
        f"If {email} is registered for this study visit, its private link is on its way. "
        "Check your inbox (and the spam folder) in a few minutes."
    ]
    assert [m.to for m in mail.outbox] == ([[email]] if email == registered.email else [])


@pytest.mark.parametrize(
    ("language", "heading"),
    [("fr", "Combien de temps nous les gardons"), ("en", "How long we keep it")],
)
def test_privacy_page_states_retention(client, language, heading):
    page = Page.get(client, url_in(language, "privacy"))

    assert page.texts("h2")[4] == heading
    assert page.text("h2:nth-of-type(5) + p").startswith(
        {
            "fr": "Vos données personnelles sont effacées 90 jours",
            "en": "Your personal data is erased 90 days",
        }[language]
    )


def test_programme_shows_full_session_after_sign_ups(client, breakfast):
    fill(breakfast, 3)

    page = Page.get(client, reverse("programme:programme", kwargs={"visit": "saint-etienne-2018"}))

    assert page.texts(".session__places")[0] == "Complet · liste d'attente ouverte"


@pytest.mark.parametrize("sessions", [2, 12])
def test_register_and_manage_pages_query_count_does_not_grow(
    client, django_assert_num_queries, day, sessions
):
    chosen = [signup_session(day=day) for _ in range(sessions)]
    sign_up(chosen)
    manage_url = Participant.objects.get().manage_path()

    with django_assert_num_queries(3):  # pages version, visit, sessions with day and venue
        client.get(url_in("fr", "register", visit="saint-etienne-2018"))
    with django_assert_num_queries(3):  # participant, registrations, sessions on offer
        client.get(manage_url)


def test_received_page_is_shown_once(client, breakfast):
    post_registration(client, "en", breakfast)

    again = client.get(url_in("en", "received", visit="saint-etienne-2018"))

    assert again["Location"] == url_in("en", "register", visit="saint-etienne-2018")


def test_known_address_gets_the_same_refusal_when_session_is_full(client, breakfast):
    for n in range(3):
        post_registration(client, "en", breakfast, email=f"p{n}@example.org")

    known = Page(
        post_registration(client, "en", breakfast, email="p0@example.org", join_waiting_list="")
    )
    unknown = Page(
        post_registration(client, "en", breakfast, email="new@example.org", join_waiting_list="")
    )

    assert known.texts(".invalid-feedback") == unknown.texts(".invalid-feedback") != []


@pytest.mark.parametrize(("behind_proxy", "expected"), [(False, "10.0.0.1"), (True, "203.0.113.9")])
def test_rate_limit_counts_the_client_address_the_proxy_saw(rf, settings, behind_proxy, expected):
    from kiss_visit.http.proxies import client_address

    settings.BEHIND_PROXY = behind_proxy
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    request = rf.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")

    assert client_address(request) == expected


def test_register_form_with_errors_puts_focus_on_its_summary(client, breakfast):
    response = post_registration(client, "en", breakfast, email="")

    summary = Page(response).soup.select_one("#form-errors")
    assert (summary.has_attr("autofocus"), summary["tabindex"]) == (True, "-1")


def test_register_on_the_public_form_reads_so_in_the_history(client, breakfast):
    from registrations.models import Change

    post_registration(client, "en", breakfast)

    entry = Change.objects.get()
    with translation.override("fr"):
        french = entry.get_actor_display()
    with translation.override("en"):
        assert (entry.actor, entry.get_actor_display(), french) == (
            "public_form",
            "Participant (public form)",
            "Participant (formulaire public)",
        )
