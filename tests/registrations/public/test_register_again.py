"""Sending the registration form again with an address already registered (say the site saved
the first sign-up but failed to answer, during an outage): the answer leads the person to their
registration, without telling anyone else whether the address was known."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from registrations.models import Participant
from tests.factories import DayFactory, sign_up, signup_session
from tests.html import Page
from tests.mail_queue import deliver_queued_mail

pytestmark = pytest.mark.django_db

ALREADY_REGISTERED = {
    "en": "If this address was already registered for this study visit (say the site did not "
    "answer when you first sent the form), nothing was changed: the e-mail then gives you the "
    "private link to your registration, where you see your sessions and can change or cancel "
    "them.",
    "fr": "Si cette adresse était déjà inscrite à cette visite d'étude (par exemple si le site "
    "n'a pas répondu la première fois que vous avez envoyé le formulaire), rien n'a été "
    "modifié : l'e-mail vous donne alors le lien privé vers votre inscription, où vous voyez "
    "vos séances et pouvez les modifier ou les annuler.",
}


@pytest.fixture
def breakfast():
    return signup_session(
        day=DayFactory(visit__slug="saint-etienne-2018"),
        title_en="Breakfast",
        start_time=datetime.time(9, 0),
        capacity=10,
    )


def post_form(client, language, session, email):
    with translation.override(language):
        url = reverse("registrations:register", kwargs={"visit": "saint-etienne-2018"})
    form = {"first_name": "Camille", "last_name": "Martin", "email": email, "country": "FR"}
    data = {**form, "sessions": [session.pk], "join_waiting_list": "on", "consent": "on"}
    return Page(client.post(url, data, follow=True))


@pytest.mark.parametrize("language", ["en", "fr"])
def test_register_again_after_an_unanswered_sign_up_leads_to_the_registration(
    client, breakfast, language
):
    sign_up(breakfast, email="camille@example.org", language=language)  # saved, answer lost
    deliver_queued_mail().clear()

    again = post_form(client, language, breakfast, "camille@example.org")
    new = post_form(client, language, breakfast, "new@example.org")
    deliver_queued_mail()

    assert again.text(".already-registered") == ALREADY_REGISTERED[language]
    assert again.links(".prose a") == [
        f"/{language}/saint-etienne-2018/lost-link/",
        f"/{language}/saint-etienne-2018/programme/",
    ]
    # The same page as for a new address, but for the address typed.
    assert again.text("main") == new.text("main").replace("new@example.org", "camille@example.org")
    camille = Participant.objects.get(email="camille@example.org")
    link_mail = next(m for m in mail.outbox if m.to == ["camille@example.org"])
    assert camille.manage_path() in link_mail.body
    assert {
        "en": "Your registration is as it was recorded: your private link, below, shows your "
        "sessions and lets you change or cancel them.",
        "fr": "Votre inscription est telle qu'elle a été enregistrée : votre lien privé, "
        "ci-dessous, affiche vos séances et vous permet de les modifier ou de les annuler.",
    }[language] in " ".join(link_mail.body.split())
