"""Form posts the site does not expect, sent to gunicorn as shipped (gunicorn.conf.py, DEBUG off):
a 400 page in the site's style and the address's language, one log line, never a 5xx.

Outside testing found that a form declared `charset=latin-1` got gunicorn's bare 500 and 44 KB of
chained tracebacks: Django refuses to read such a body, and its 400 view reads it again (its CSRF
decorator), failing again in every middleware on the way out (see kiss_visit/http/middleware.py).
"""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.factories import DayFactory, sign_up, signup_session
from tests.kiss_visit.servers import ACCESS_LINE

pytestmark = pytest.mark.django_db(transaction=True)

LATIN_1 = "application/x-www-form-urlencoded; charset=latin-1"
URLENCODED = "application/x-www-form-urlencoded"
NOT_UTF_8 = "HTTP requests with the 'application/x-www-form-urlencoded' content type must be UTF-8"
HEADING = {"fr": "Requête invalide", "en": "Bad request"}
CHARSET_REASON = {
    "fr": "Le formulaire a été envoyé dans un codage de caractères que ce site ne lit pas. "
    "Revenez en arrière, rechargez la page et envoyez à nouveau le formulaire.",
    "en": "The form was sent in a character encoding this site does not read. "
    "Please go back, reload the page and send the form again.",
}


@pytest.fixture
def participant():
    day = DayFactory(visit__slug="the-visit")
    talk = signup_session(day=day, slug="the-talk", title_en="Talk", title_fr="Conférence")
    return sign_up(talk, email="camille@example.org").participant


@pytest.fixture
def organiser_cookies():
    client = Client()
    client.force_login(User.objects.create_superuser("boss", "boss@example.org", "pw"))
    return {"sessionid": client.cookies["sessionid"].value}


def post_urls(participant) -> list[str]:
    """Every form the site answers, public and admin, half in each language."""
    link = participant.manage_path().removeprefix("/fr")
    return [
        "/fr/the-visit/register/",
        "/en/the-visit/lost-link/",
        f"/fr{link}",
        f"/en{link}cancel/",
        f"/fr{link}erase/",
        "/en/admin/login/",
        "/fr/admin/registrations/registration/",
        "/en/admin/registrations/participant/",
    ]


def form_token(server, url, cookies) -> tuple[str, dict]:
    """The CSRF token of the form on the page, and the cookies to send it with."""
    # cancel/ and erase/ redirect a GET to the private page, which holds their forms.
    page = server.request(
        "GET", url.removesuffix("cancel/").removesuffix("erase/"), cookies=cookies
    )
    cookies = {**cookies, **page.cookies()}
    return page.page.select_one("input[name=csrfmiddlewaretoken]")["value"], cookies


def what_the_visitor_sees(reply) -> tuple:
    page = reply.page
    paragraphs = [p.get_text(" ", strip=True) for p in page.select("main p")]
    return (reply.status, page.html["lang"], page.h1.get_text(strip=True), paragraphs[0])


def test_latin1_post_to_every_form_is_a_400_page_and_one_log_line(
    gunicorn_server, participant, organiser_cookies
):
    seen, expected = [], []
    for url in post_urls(participant):
        signed_in = "/admin/" in url and not url.endswith("/login/")
        token, cookies = form_token(gunicorn_server, url, organiser_cookies if signed_in else {})
        body = f"csrfmiddlewaretoken={token}&email=caf%E9@example.org&username=caf%E9"

        reply = gunicorn_server.request(
            "POST", url, body=body, headers={"Content-Type": LATIN_1}, cookies=cookies
        )

        access = ACCESS_LINE.search(reply.log[-1])
        seen.append((*what_the_visitor_sees(reply), reply.log[:-1], access["request"]))
        language, path = url[1:3], url.replace(participant.manage_token, "[private]")
        error = f"Bad request ({NOT_UTF_8} encoded.): {path}"
        page = (400, language, HEADING[language], CHARSET_REASON[language])
        expected.append((*page, [error], f"POST {path} HTTP/1.1"))
    assert seen == expected


def body_cases(token: str) -> dict[str, tuple[str, bytes]]:
    """Content types and bodies a client may send, each with a valid CSRF token and address."""
    fields = f"csrfmiddlewaretoken={token}&email=camille@example.org"
    multipart = (
        f'--XYZ\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'
        '--XYZ\r\nContent-Disposition: form-data; name="email"\r\n\r\ncamille@example.org\r\n'
    )
    many = "&".join(f"f{n}=x" for n in range(3000))
    invalid_bytes = fields.replace("camille", "cam\xffille").encode("latin-1")
    return {
        "utf-16": (f"{URLENCODED}; charset=utf-16", fields.encode("utf-16")),
        "utf-7": (f"{URLENCODED}; charset=utf-7", fields.encode("utf-7")),
        "unknown charset": (f"{URLENCODED}; charset=foo", fields.encode()),
        "charset that is no text encoding": (f"{URLENCODED}; charset=hex", fields.encode()),
        "charset that cannot replace bad bytes": (f"{URLENCODED}; charset=idna", fields.encode()),
        "RFC 2231 charset with a NUL": (f"{URLENCODED}; charset*=utf-8''a%00b", fields.encode()),
        "RFC 2231 unknown charset": (f"{URLENCODED}; charset*=foo''utf-8", fields.encode()),
        "bytes invalid in UTF-8": (f"{URLENCODED}; charset=utf-8", invalid_bytes),
        "multipart declared in UTF-16": (
            "multipart/form-data; boundary=XYZ; charset=utf-16",
            multipart.encode() + b"--XYZ--\r\n",
        ),
        "multipart that is none": ("multipart/form-data; boundary=XYZ", b"x"),
        "multipart without boundary": ("multipart/form-data", multipart.encode()),
        "multipart cut short": ("multipart/form-data; boundary=XYZ", multipart.encode()[:-40]),
        "thousands of fields": (URLENCODED, f"{fields}&{many}".encode()),
    }


EXPECTED = {
    "utf-16": (400, [f"Bad request ({NOT_UTF_8} encoded.): /fr/the-visit/lost-link/"]),
    "utf-7": (400, [f"Bad request ({NOT_UTF_8} encoded.): /fr/the-visit/lost-link/"]),
    "unknown charset": (302, []),
    # Read as UTF-8, as Django reads a form declared in a charset it does not know.
    "charset that is no text encoding": (302, []),
    "charset that cannot replace bad bytes": (302, []),
    "RFC 2231 charset with a NUL": (302, []),
    "RFC 2231 unknown charset": (302, []),
    "bytes invalid in UTF-8": (200, []),
    # Its field names read as UTF-16 are not "csrfmiddlewaretoken": refused by the CSRF check.
    "multipart declared in UTF-16": (
        403,
        ["Forbidden (CSRF token missing.): /fr/the-visit/lost-link/"],
    ),
    "multipart that is none": (403, ["Forbidden (CSRF token missing.): /fr/the-visit/lost-link/"]),
    "multipart without boundary": (
        400,
        ["Bad request (Invalid boundary in multipart: None): /fr/the-visit/lost-link/"],
    ),
    "multipart cut short": (200, []),  # the e-mail address cut off: asked for again
    "thousands of fields": (
        400,
        [
            "Bad request (The number of GET/POST parameters exceeded "
            "settings.DATA_UPLOAD_MAX_NUMBER_FIELDS.): /fr/the-visit/lost-link/"
        ],
    ),
}


def test_unexpected_bodies_never_get_a_server_error_nor_a_traceback(gunicorn_server, participant):
    url = "/fr/the-visit/lost-link/"
    token, cookies = form_token(gunicorn_server, url, {})
    outcomes = {}
    for case, (content_type, body) in body_cases(token).items():
        reply = gunicorn_server.request(
            "POST", url, body=body, headers={"Content-Type": content_type}, cookies=cookies
        )
        outcomes[case] = (reply.status, reply.log[:-1])

    assert outcomes == EXPECTED


def test_get_with_a_charset_that_is_no_text_encoding_shows_the_page(gunicorn_server, participant):
    reply = gunicorn_server.request(
        "GET",
        "/en/the-visit/register/?session=the-talk",
        headers={"Content-Type": "text/x; charset=rot13"},
    )

    ticked = reply.page.select("input[name=sessions][checked] + label .session-choice__title")
    assert (reply.status, [title.get_text(strip=True) for title in ticked]) == (200, ["Talk"])
