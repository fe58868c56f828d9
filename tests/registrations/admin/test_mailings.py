"""Organisers' messages to the people of a session, a day or the visit: who receives them, in
which language, one e-mail each, sent once, and who may send them."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from registrations import services
from registrations.domain.history import describe
from registrations.models import Change, Participant
from registrations.models.mailing import Mailing
from tests.factories import DayFactory, fill, sign_up, signup_session
from tests.html import Page
from tests.mail_queue import deliver_queued_mail, queued_tasks

pytestmark = pytest.mark.django_db

TEXTS = {
    "subject_fr": "Changement de salle",
    "body_fr": "Rendez-vous salle B.\nÀ demain <b>!</b>",
    "subject_en": "Room change",
    "body_en": "Meet in room B.\nSee you <b>!</b>",
}


def admin_url(name, *args):
    with translation.override("en"):
        return reverse(f"admin:{name}", args=args)


@pytest.fixture
def programme():
    """Monday: a talk with 1 place (anne@, French, has it; ben@, English, waits) and a lunch
    (anne@, carla@ in Spanish, dora@ who cancelled, eve@ who was erased). Tuesday: a dinner
    (gio@, Italian)."""
    monday = DayFactory()
    tuesday = DayFactory(visit=monday.visit, date=monday.date + datetime.timedelta(days=1))
    talk = signup_session(day=monday, capacity=1, title_en="Talk", start_time=datetime.time(9))
    lunch = signup_session(day=monday, capacity=None, kind="meal", title_en="Lunch")
    dinner = signup_session(day=tuesday, capacity=None, kind="meal", title_en="Dinner")
    sign_up([talk, lunch], email="anne@example.org", first_name="Anne", language="fr")
    sign_up(talk, email="ben@example.org", first_name="Ben", language="en")
    sign_up(lunch, email="carla@example.org", first_name="Carla", language="es")
    dora = sign_up(lunch, email="dora@example.org", first_name="Dora").participant
    services.cancel_all_registrations(participant=dora)
    eve = sign_up(lunch, email="eve@example.org", first_name="Eve").participant
    services.erase_participant(participant=eve)
    sign_up(dinner, email="gio@example.org", first_name="Gio", language="it")
    mail.outbox.clear()
    deliver_queued_mail()
    mail.outbox.clear()
    return talk, lunch, dinner


def write(client, scope, about, audience="confirmed", **texts):
    url = admin_url("registrations_mailing_write", scope, about.pk)
    return client.post(url, {"audience": audience, **TEXTS, **texts})


def written(client, scope, about, audience="confirmed") -> Mailing:
    response = write(client, scope, about, audience)
    mailing = Mailing.objects.latest("pk")
    assert response.url == admin_url("registrations_mailing_preview", mailing.pk)
    return mailing


def send(client, mailing):
    return client.post(admin_url("registrations_mailing_send", mailing.pk))


def recipients(mailing) -> list[str]:
    return [p.email for p in mailing.recipients()]


@pytest.mark.parametrize(
    ("scope", "index", "audience", "expected"),
    [
        ("session", 0, "confirmed", ["anne@example.org"]),
        ("session", 0, "waiting", ["ben@example.org"]),
        ("session", 1, "confirmed", ["anne@example.org", "carla@example.org"]),
        ("day", 0, "confirmed", ["anne@example.org", "carla@example.org"]),
        ("day", 0, "waiting", ["ben@example.org"]),
        ("day", 2, "confirmed", ["gio@example.org"]),
        ("visit", None, "confirmed", ["anne@example.org", "carla@example.org", "gio@example.org"]),
        ("visit", None, "waiting", ["ben@example.org"]),
    ],
)
def test_recipients_are_the_live_people_of_the_scope_and_list(
    client, organiser, programme, scope, index, audience, expected
):
    session = programme[index or 0]
    about = {"session": session, "day": session.day, "visit": session.day.visit}[scope]

    mailing = written(client, scope, about, audience)

    assert sorted(recipients(mailing)) == expected


def test_each_person_gets_one_email_to_them_alone_in_their_language(client, organiser, programme):
    mailing = written(client, "visit", programme[0].day.visit)

    send(client, mailing)
    outbox = deliver_queued_mail()

    sent = sorted((m.to, m.subject, m.body.split("\n")[:3]) for m in outbox)
    assert sent == [
        (
            ["anne@example.org"],
            "Changement de salle",
            ["Bonjour Anne,", "", "Rendez-vous salle B."],
        ),
        # No Spanish or Italian text: the English one, greeting and all in English.
        (["carla@example.org"], "Room change", ["Hello Carla,", "", "Meet in room B."]),
        (["gio@example.org"], "Room change", ["Hello Gio,", "", "Meet in room B."]),
    ]
    assert [(m.cc, m.bcc) for m in outbox] == [([], [])] * 3


def test_email_html_escapes_the_organisers_text_and_keeps_its_lines(client, organiser, programme):
    send(client, written(client, "session", programme[0], "waiting"))

    (message,) = deliver_queued_mail()

    html = message.alternatives[0].content
    assert "<p>Meet in room B.<br>See you &lt;b&gt;!&lt;/b&gt;</p>" in html
    assert message.body.split("\n")[2:4] == ["Meet in room B.", "See you <b>!</b>"]


def test_emails_are_queued_one_per_person(client, organiser, programme):
    lunch = programme[1]
    fill(lunch, 40)
    mail.outbox.clear()
    deliver_queued_mail()
    mail.outbox.clear()
    mailing = written(client, "session", lunch)

    send(client, mailing)

    assert queued_tasks() == ["mailing"] * 42
    assert len(deliver_queued_mail()) == 42


def test_organisers_messages_are_not_held_back_by_the_hourly_limit(
    client, organiser, programme, settings
):
    settings.MAILS_PER_MAILBOX = 0
    send(client, written(client, "session", programme[0]))

    assert [m.to for m in deliver_queued_mail()] == [["anne@example.org"]]


def test_preview_count_equals_sent_count_and_the_history_says_it(client, organiser, programme):
    mailing = written(client, "day", programme[0].day)

    page = Page.get(client, admin_url("registrations_mailing_preview", mailing.pk))
    response = send(client, mailing)

    assert page.text("h2") == "It will go to 2 people."
    assert page.texts(".mailing__sample h2") == [
        "French, for 1 person",
        "Spanish, for 1 person",
    ]
    anne = Participant.objects.get(email="anne@example.org")
    body = page.text(".mailing__body")
    assert ("/my-registration/xxxxxxxx/" in body, anne.manage_token in body) == (True, False)
    assert page.texts(".mailing__people li") == ["Anne Martin", "Carla Martin"]
    assert len(deliver_queued_mail()) == 2
    mailing.refresh_from_db()
    assert mailing.sent_count == 2
    entry = Change.objects.get(action=Change.Action.MESSAGE)
    with translation.override("en"):
        assert describe(entry) == "Message sent to 2 people: Changement de salle"
    assert (entry.user, entry.new) == (organiser, "2")
    followed = Page.get(client, response.url)
    assert followed.text(".messagelist") == "The message is on its way to 2 people."


def test_sending_twice_sends_once(client, organiser, programme):
    mailing = written(client, "visit", programme[0].day.visit)

    Page.get(client, send(client, mailing).url)
    response = send(client, mailing)

    assert len(deliver_queued_mail()) == 3
    assert Change.objects.filter(action=Change.Action.MESSAGE).count() == 1
    page = Page.get(client, response.url)
    assert page.text(".messagelist") == "Nothing sent: this message had already been sent."
    assert page.soup.select("form[action$='/send/']") == []


def test_text_with_control_characters_is_refused(client, organiser, programme):
    response = write(client, "session", programme[0], subject_en="Room\u202echange")

    assert response.status_code == 200
    assert Mailing.objects.count() == 0
    page = Page(response)
    assert page.text(".field-subject_en .errorlist") == (
        "This field contains an invisible or control character (U+202E): remove it."
    )


def test_write_page_offers_both_lists_and_the_five_languages(client, organiser, programme):
    page = Page.get(client, admin_url("registrations_mailing_write", "session", programme[0].pk))

    assert page.texts(".field-audience label")[1:] == [
        "People with a place",
        "People on the waiting list",
    ]
    assert page.texts("label[for^='id_subject_']") == [
        "Subject (French):",
        "Subject (English):",
        "Subject (Spanish):",
        "Subject (Italian):",
        "Subject (Greek):",
    ]


def test_pages_link_to_the_write_page(client, organiser, programme):
    talk = programme[0]

    session_page = Page.get(client, admin_url("programme_session_change", talk.pk))
    dashboard = Page.get(client, admin_url("registrations_dashboard"))

    write_url = admin_url("registrations_mailing_write", "session", talk.pk)
    assert session_page.link_named("Write to these people") == write_url
    assert dashboard.link_named("Write to the attendees of the visit") == admin_url(
        "registrations_mailing_write", "visit", talk.day.visit.pk
    )
    assert dashboard.links(".dashboard__day a[href*='/write/day/']") == [
        admin_url("registrations_mailing_write", "day", day.pk) for day in talk.day.visit.days.all()
    ]


@pytest.mark.parametrize("step", ["write", "preview", "send"])
def test_staff_without_permission_is_refused(client, other_staff, programme, step):
    mailing = Mailing.objects.create(visit=programme[0].day.visit, audience="confirmed", **TEXTS)
    urls = {
        "write": admin_url("registrations_mailing_write", "session", programme[0].pk),
        "preview": admin_url("registrations_mailing_preview", mailing.pk),
        "send": admin_url("registrations_mailing_send", mailing.pk),
    }

    response = client.post(urls[step], {"audience": "confirmed", **TEXTS})

    assert response.status_code == 403
    assert (Mailing.objects.count(), queued_tasks()) == (1, [])


def test_anonymous_visitors_are_sent_to_sign_in(client, programme):
    mailing = Mailing.objects.create(visit=programme[0].day.visit, audience="confirmed", **TEXTS)

    response = client.post(admin_url("registrations_mailing_send", mailing.pk))

    assert response.status_code == 302
    assert response.url.startswith(admin_url("login"))
    assert queued_tasks() == []


@pytest.mark.parametrize(
    "url",
    [
        "write/nowhere/1/",
        "write/session/999999/",
        f"write/session/{2**63}/",
        "999999/preview/",
        f"{2**63}/preview/",
        f"{2**63}/send/",
    ],
)
def test_unknown_ids_are_not_found(client, organiser, programme, url):
    base = admin_url("registrations_mailing_changelist")

    response = client.post(base + url) if url.endswith("send/") else client.get(base + url)

    assert response.status_code == 404


def test_participants_erased_after_writing_receive_nothing(client, organiser, programme):
    mailing = written(client, "session", programme[1])
    send(client, mailing)
    services.erase_participant(participant=Participant.objects.get(email="carla@example.org"))

    assert [m.to for m in deliver_queued_mail()] == [["anne@example.org"]]


@pytest.mark.parametrize("size", [3, 12])
def test_preview_runs_a_fixed_number_of_queries(client, organiser, django_assert_num_queries, size):
    session = signup_session(day=DayFactory(), capacity=None)
    for n in range(size):
        sign_up(session, email=f"p{n}@example.org", language=["fr", "en", "el"][n % 3])
    mailing = written(client, "session", session)
    url = admin_url("registrations_mailing_preview", mailing.pk)
    client.get(url)  # the admin's per-process caches

    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200
