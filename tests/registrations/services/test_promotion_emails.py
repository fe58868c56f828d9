"""One e-mail per person per action: an action that gives someone places in several sessions
sends them one e-mail listing every place; the history says why the places freed up."""

import pytest
from django.contrib.auth.models import User
from django.utils import translation

from registrations import services
from registrations.domain.history import describe
from registrations.models import Change, Participant
from tests.factories import DayFactory, sign_up, signup_session
from tests.mail_queue import deliver_queued_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_sessions():
    """Each: one local place (held by a partner not yet confirmed) and one kept; Ana waits."""
    day = DayFactory()
    sessions = [
        signup_session(day=day, capacity=2, reserved_places=1, title_en=title, order=order)
        for order, title in enumerate(["Visit", "Talk", "Dinner"])
    ]
    sign_up(sessions, email="eleni@example.org", first_name="Eleni", delegation_claimed=True)
    sign_up(sessions, email="ana@example.org", first_name="Ana", language="en")
    deliver_queued_mail().clear()
    return sessions


def test_delegation_confirmed_sends_one_email_listing_every_place(three_sessions):
    orga = services.Actor.organiser(User.objects.create_user("orga", is_staff=True))
    eleni = Participant.objects.get(email="eleni@example.org")

    services.set_delegation(participant=eleni, member=True, by=orga)

    sent = deliver_queued_mail()
    assert [m.to for m in sent] == [["ana@example.org"]]
    assert sent[0].subject == "Places are yours: Visit, Talk, Dinner"
    listed = [line.strip() for line in sent[0].body.splitlines() if line.startswith("  ")][::2]
    assert listed == ["Visit", "Talk", "Dinner"]
    promotions = Change.objects.filter(action="promoted").order_by("pk")
    with translation.override("en"):
        assert {describe(entry) for entry in promotions} == {
            "A delegation membership confirmed freed this place. Promoted from the waiting "
            "list. Status: waiting → confirmed"
        }
    assert promotions.count() == 3


def test_promotions_in_separate_actions_are_separate_emails(three_sessions):
    orga = services.Actor.organiser(User.objects.create_user("orga", is_staff=True))
    eleni = Participant.objects.get(email="eleni@example.org")
    first, second = eleni.registrations.order_by("session__order")[:2]

    services.cancel_registration(registration=first, by=orga)
    services.cancel_registration(registration=second, by=orga)

    assert [m.subject for m in deliver_queued_mail()] == [
        "A place is yours: Visit",
        "A place is yours: Talk",
    ]


@pytest.mark.parametrize(
    "language, opening",
    [
        ("en", "Good news: places have freed up and they are now yours. Your registrations are "
               "confirmed for:"),
        ("fr", "Bonne nouvelle : des places se sont libérées et elles sont à vous. Vos "
               "inscriptions sont confirmées pour :"),
        ("es", "Buenas noticias: se han liberado plazas y ahora son tuyas. Tus inscripciones "
               "están confirmadas para:"),
        ("it", "Buone notizie: si sono liberati dei posti e sono tuoi. Le tue iscrizioni sono "
               "confermate per:"),
        ("el", "Καλά νέα: ελευθερώθηκαν θέσεις και είναι πλέον δικές σας. Οι εγγραφές σας "
               "επιβεβαιώθηκαν για:"),
    ],
)  # fmt: skip
def test_promotion_email_listing_several_places_opens_in_the_plural(
    three_sessions, language, opening
):
    Participant.objects.filter(email="ana@example.org").update(language=language)
    orga = services.Actor.organiser(User.objects.create_user("orga", is_staff=True))
    eleni = Participant.objects.get(email="eleni@example.org")

    services.set_delegation(participant=eleni, member=True, by=orga)

    (sent,) = deliver_queued_mail()
    html = sent.alternatives[0][0]
    assert sent.body.splitlines()[2] == opening
    assert html.count(f"<p>{opening}</p>") == 1


def test_promotion_email_for_one_place_opens_in_the_singular(three_sessions):
    orga = services.Actor.organiser(User.objects.create_user("orga", is_staff=True))
    eleni = Participant.objects.get(email="eleni@example.org")

    services.cancel_registration(registration=eleni.registrations.first(), by=orga)

    (sent,) = deliver_queued_mail()
    assert sent.body.splitlines()[2] == (
        "Good news: a place has freed up and it is now yours. Your registration is confirmed for:"
    )
