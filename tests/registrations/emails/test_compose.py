"""The e-mails in the partners' languages read as a native reader wrote them: the informal tú/tu
in Spanish and Italian, the polite plural in Greek, and the site's word for a programme item
("actividad", "attività", "δραστηριότητα")."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from registrations import services
from registrations.models import Registration
from tests.factories import DayFactory, sign_up, signup_session
from tests.mail_queue import deliver_queued_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def talk():
    day = DayFactory(visit__slug="saint-etienne-2018", visit__title_en="Weave your SSE web!")
    return signup_session(day=day, title_en="Overview of the SSE", capacity=1)


def html_paragraphs(message) -> list[str]:
    html = BeautifulSoup(message.alternatives[0][0], "html.parser")
    return [" ".join(p.get_text(" ").split()) for p in html.select("p")]


def html_text_above_check_in_code(message) -> str:
    html = BeautifulSoup(message.alternatives[0][0], "html.parser")
    image = html.select_one('img[src^="cid:"]')
    return " ".join(image.find_parent("p").find_previous_sibling("p").get_text(" ").split())


CHECK_IN_LINE = {
    "es": "Tu código de acceso: muéstralo a la entrada de cada actividad; los organizadores lo "
    "escanean para registrar tu presencia.",
    "it": "Il tuo codice d'ingresso: mostralo all'ingresso di ogni attività, gli organizzatori "
    "lo scansionano per registrare la tua presenza.",
    "el": "Ο κωδικός εισόδου σας: δείξτε τον στην είσοδο κάθε δραστηριότητας· οι διοργανωτές "
    "τον σαρώνουν για να καταγράψουν την παρουσία σας.",
}

CHECK_IN_ATTACHED = {
    "es": "También se adjunta tu código de acceso (check-in-code.png): muéstralo a la entrada de "
    "cada actividad; los organizadores lo escanean para registrar tu presencia.",
    "it": "È allegato anche il tuo codice d'ingresso (check-in-code.png): mostralo all'ingresso "
    "di ogni attività, gli organizzatori lo scansionano per registrare la tua presenza.",
    "el": "Επισυνάπτεται επίσης ο κωδικός εισόδου σας (check-in-code.png): δείξτε τον στην "
    "είσοδο κάθε δραστηριότητας· οι διοργανωτές τον σαρώνουν για να καταγράψουν την παρουσία σας.",
}


@pytest.mark.parametrize("language", ["es", "it", "el"])
def test_confirmation_email_check_in_code_line_in_partner_language(talk, language):
    sign_up(talk, language=language)
    [message] = deliver_queued_mail()

    assert html_text_above_check_in_code(message) == CHECK_IN_LINE[language]
    assert CHECK_IN_ATTACHED[language] in message.body.splitlines()


def test_confirmation_email_in_greek_greets_without_a_nominative_name(talk):
    sign_up(talk, language="el", first_name="Γιώργος")
    [message] = deliver_queued_mail()

    assert message.body.splitlines()[:3] == [
        "Γεια σας,",
        "",
        "Σας ευχαριστούμε για την εγγραφή σας στην επίσκεψη μελέτης «Weave your SSE web!». "
        "Η κατάσταση της εγγραφής σας:",
    ]
    assert html_paragraphs(message)[1] == "Γεια σας,"


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("it", "Hai ottenuto un posto: Overview of the SSE"),
        ("el", "Εξασφαλίσατε θέση: Overview of the SSE"),
    ],
)
def test_promotion_email_subject_in_partner_language(talk, language, subject):
    sign_up(talk, email="holder@example.org")
    sign_up(talk, email="waiting@example.org", language=language)
    deliver_queued_mail()
    mail.outbox.clear()

    services.cancel_registration(
        registration=Registration.objects.get(participant__email="holder@example.org")
    )
    deliver_queued_mail()

    assert [(m.to, m.subject) for m in mail.outbox] == [(["waiting@example.org"], subject)]
