"""Every form of the registration pages, fed arbitrary input through the test client.

Whatever is posted (control characters, NUL, right-to-left marks, emoji, strings of 10,000+
characters, ids of sessions not offered, huge or negative numbers, booleans spelt any way, wrong
codes), each post must get one of the expected answers and never a server error; it must save
completely or change nothing (place counters included); and a refused form must come back with
what was typed still in it. Text is kept as typed (stripped, NFC-normalised), or refused with a
message beside the field naming the control or invisible characters it holds. Valid fields are
mixed with wild ones so that some posts succeed.
"""

import itertools
import unicodedata
from urllib.parse import quote, urlencode

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import override_settings
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from programme.models import Session
from registrations import services
from registrations.models import DietaryRequirement, Participant, Registration
from tests import factories
from tests.mail_queue import deliver_queued_mail
from tests.registrations.places import counters_match
from tests.registrations.refusals import assert_refusals_named, refusal, refused

pytestmark = pytest.mark.django_db

FUZZ = settings(
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
EMAILS = (f"fuzz{n}@example.org" for n in itertools.count())
TEXTS = ["first_name", "last_name", "email", "organisation", "accessibility_needs"]
BOXES = ["delegation_claimed", "join_waiting_list", "consent"]

ODD = "\x00\x01\x08\x1b\x7f\x85\u200b\u200e\u200f\u202e\u2028\ufeff\ufffd \t\r\n<>&\"'%😀👩🏽‍🚒"
wild_char = st.one_of(st.sampled_from(ODD), st.characters(codec="utf-8"))
long_text = st.text(wild_char, min_size=1, max_size=3).map(lambda s: s * (10_000 // len(s) + 1))
short_text = st.text(wild_char, max_size=30)
with_nul = st.builds(lambda a, b: f"{a}\x00{b}", short_text, short_text)
any_text = st.one_of(short_text, long_text, with_nul)
ticks = st.sampled_from(["on", "", "false", "FALSE", "0", "1"]) | any_text
any_tick = st.none() | ticks  # None: not sent
a_tick = st.sampled_from([None, "on"])
languages = st.sampled_from(["fr", "en"])


# Accepted though unusual: joiners (Persian, Indic scripts, emoji), no-break space, a combining
# accent, a variation selector, private use, a letter outside the Basic Multilingual Plane.
KEPT_ODD = "\u200c\u200d\u00a0\u0301\ufe0f\ue000\U000f0000\U00020000क्Δ😀"


def typed(max_size, required=False, multiline=False):
    """Text a form accepts: no refused character, within the length, not blank when required."""
    breaks = "\t\n\r\u2028\u2029" if multiline else ""
    categories = ["Cc", "Cf", "Cs", "Zl", "Zp"]  # refused; noncharacters are filtered out
    char = st.characters(codec="utf-8", exclude_categories=categories).filter(
        lambda c: not refused(c)
    )
    char = char | st.sampled_from(KEPT_ODD + breaks)
    if not required:
        return st.text(char, max_size=max_size)
    visible = st.characters(codec="utf-8", exclude_categories=["Z", "C"])  # kept by strip()
    return st.builds(lambda text, c: text + c, st.text(char, max_size=max_size - 1), visible)


DIETARY = {
    "dietary_requirement": st.sampled_from(DietaryRequirement.values),
    "dietary_notes": typed(500, required=True),
}


def session_lists(offered, others, min_size=0):
    """Valid lists of session ids, and wild ones: ids not offered, any number, any text."""
    valid = st.lists(st.sampled_from(offered).map(str), min_size=min_size, max_size=4)
    value = st.one_of(st.sampled_from(offered + others), st.integers(), any_text)
    return valid, st.lists(value.map(str), max_size=8)


@st.composite
def posts(draw, valid, wild):
    """Form data: every field valid except a few drawn from `wild` (None: the field is not sent)."""
    spoiled = draw(st.just(set()) | st.sets(st.sampled_from(sorted(valid))))
    data = {
        name: draw(wild.get(name, any_text) if name in spoiled else valid[name]) for name in valid
    }
    return {name: value for name, value in data.items() if value is not None}


def registration_posts(offered, others):
    sessions, wild_sessions = session_lists(offered, others, min_size=1)
    valid = {
        **dict.fromkeys(["first_name", "last_name"], typed(100, required=True)),
        "email": st.builds(lambda: next(EMAILS)) | st.just("TAKEN@example.org"),
        "organisation": typed(200),
        "country": st.sampled_from(["FR", "GR", "IT", "ES", ""]),
        "delegation_claimed": a_tick,
        "sessions": sessions,
        "join_waiting_list": a_tick,
        **DIETARY,
        "accessibility_needs": typed(1000, multiline=True),
        "consent": st.just("on"),
        "website": st.just(""),
    }
    wild = {
        "email": any_text | st.emails(),
        "country": any_text | st.sampled_from(["fr", "XX", "FRA", "EU"]),
        "dietary_requirement": any_text | st.sampled_from(["VEGAN", "meat"]),
        "sessions": wild_sessions,
        **dict.fromkeys(BOXES, any_tick),
    }
    return posts(valid, wild)


def register(visit, sessions, **details):
    return services.register_participant(
        visit=visit,
        details=factories.participant_details(**details),
        session_ids=[s.pk for s in sessions],
        join_waiting_list=True,
        language="fr",
    ).participant


@pytest.fixture
def unlimited():
    with override_settings(REGISTRATION_RATE_LIMIT="100000/m", MAILS_PER_MAILBOX="100000/h"):
        yield


@pytest.fixture
def visit():
    """Open for registration: an unlimited session, a meal, a full session (its one place taken
    by taken@example.org), a session closed for sign-up; and a session of another visit."""
    visit = factories.StudyVisitFactory()
    day = factories.DayFactory(visit=visit)
    factories.signup_session(day=day, capacity=None)
    factories.signup_session(day=day, capacity=None, kind=Session.Kind.MEAL)
    full = factories.signup_session(day=day, capacity=1)
    factories.SessionFactory(day=day)
    factories.signup_session()
    register(visit, [full], email="taken@example.org")
    return visit


def session_ids(visit) -> tuple[list[int], list[int]]:
    """Ids of the sessions the visit's forms offer, and of all the others."""
    sessions = Session.objects.filter(day__visit=visit, is_open_for_signup=True)
    offered = sorted(sessions.values_list("pk", flat=True))
    return offered, sorted(Session.objects.exclude(pk__in=offered).values_list("pk", flat=True))


def rows(excluding=None):
    """Every participant and registration, every field, except those of participant `excluding`."""
    return (
        list(Participant.objects.exclude(pk=excluding).order_by("pk").values_list()),
        list(Registration.objects.exclude(participant=excluding).order_by("pk").values_list()),
    )


def wrong_counters() -> list[int]:
    return [session.pk for session in Session.objects.all() if not counters_match(session)]


def post(client, url, data):
    """Post as a browser does, url-encoded; `sessions` is a list."""
    body = urlencode(data, doseq=True)
    return client.post(url, body, content_type="application/x-www-form-urlencoded")


def shown(page, name) -> str:
    """The value the re-rendered form holds for a text field, as a browser reads it."""
    field = page.select_one(f"[name={name}]")
    if field.name == "textarea":
        return field.get_text().removeprefix("\n")  # the newline after <textarea> is dropped
    return field.get("value", "")


def ticked(value) -> bool:
    """How Django reads a posted checkbox: unticked when absent, empty or "false" (any case)."""
    return value is not None and value.lower() not in {"", "false"}


def as_shown_again(page, name, typed_text: str) -> str:
    """What a re-rendered field can show of what was typed. crispy-forms squeezes the whitespace
    between two tags, so a text area holding only spaces comes back with one; nothing is lost,
    since the site keeps typed text stripped."""
    is_text_area = page.select_one(f"[name={name}]").name == "textarea"
    if is_text_area and len(typed_text) > 1 and not typed_text.strip():
        return " "
    return typed_text


def assert_nothing_typed_lost(response, data, names, offered, boxes=()):
    page = BeautifulSoup(response.content, "html.parser")
    typed = [as_shown_again(page, name, data.get(name, "")) for name in names]
    assert [shown(page, name) for name in names] == typed
    checked = [page.select_one(f"input[name={box}]").has_attr("checked") for box in boxes]
    assert checked == [ticked(data.get(box)) for box in boxes]
    sessions = [box["value"] for box in page.select("input[name=sessions][checked]")]
    assert sorted(sessions) == sorted(set(data.get("sessions", [])) & {str(pk) for pk in offered})


@FUZZ
@given(data=st.data())
def test_register_any_post_saves_everything_or_nothing(client, unlimited, visit, data):
    offered, others = session_ids(visit)
    form, language = data.draw(registration_posts(offered, others)), data.draw(languages)
    before = rows()

    response = post(client, f"/{language}/{visit.slug}/register/", form)

    texts = [*TEXTS, "dietary_notes"]
    refused_any = any(refusal(name, form.get(name, ""), language) for name in texts)
    assert response.status_code in ({200} if refused_any else {200, 302})
    new = Participant.objects.exclude(pk__in=[row[0] for row in before[0]]).first()
    event(f"register: {response.status_code}, {'new participant' if new else 'nothing saved'}")
    event(f"register: {'a' if refused_any else 'no'} refused character")
    assert rows(excluding=new.pk if new else None) == before
    if new:
        assert_registered(new, form, language)
    if response.status_code == 200:
        assert_nothing_typed_lost(response, form, texts, offered, BOXES)
        assert_refusals_named(response, form, texts, language)
    else:
        assert response["Location"] == f"/{language}/{visit.slug}/register/received/"
        assert Participant.objects.with_email(form["email"]).filter(visit=visit).count() == 1
    assert wrong_counters() == []


def assert_registered(participant, form, language):
    registrations = participant.registrations.order_by("session_id")
    statuses = {"confirmed", "waiting"} if "join_waiting_list" in form else {"confirmed"}
    assert [r.session_id for r in registrations] == sorted({int(pk) for pk in form["sessions"]})
    assert {r.status for r in registrations} <= statuses
    assert [getattr(participant, name) for name in TEXTS] == [as_kept(n, form[n]) for n in TEXTS]
    assert participant.language == language
    # Ticking the box claims membership; only an organiser confirms it.
    claimed = ticked(form.get("delegation_claimed"))
    assert (participant.delegation_claimed, participant.is_delegation) == (claimed, False)


def as_kept(name, typed_text) -> str:
    """What a text field keeps: stripped and NFC-normalised; the e-mail address only stripped
    (its normalisation belongs to the services)."""
    text = typed_text.strip()
    return text if name == "email" else unicodedata.normalize("NFC", text)


@FUZZ
@given(data=st.data())
def test_manage_change_any_post_saves_everything_or_nothing(client, unlimited, visit, data):
    offered, others = session_ids(visit)
    participant = Participant.objects.get(email="taken@example.org", visit=visit)
    meal = str(Session.objects.get(day__visit=visit, kind=Session.Kind.MEAL).pk)
    sessions, wild_sessions = session_lists(offered, others)
    valid = {"sessions": sessions, "join_waiting_list": a_tick, **DIETARY}
    form = data.draw(posts(valid, {"sessions": wild_sessions, "join_waiting_list": any_tick}))
    before = rows()

    response = post(client, participant.manage_path(), form)

    refused_notes = refusal("dietary_notes", form.get("dietary_notes", ""), "fr")
    assert response.status_code in ({200} if refused_notes else {200, 302})
    event(f"manage: {response.status_code}")
    participant.refresh_from_db()
    if response.status_code == 200:
        assert rows() == before
        assert_nothing_typed_lost(response, form, ["dietary_notes"], offered, ["join_waiting_list"])
        assert_refusals_named(response, form, ["dietary_notes"], "fr")
    else:
        assert response["Location"] == participant.manage_path()
        live = participant.registrations.live().values_list("session_id", flat=True)
        assert sorted(live) == sorted({int(pk) for pk in form["sessions"]})
        asked = [
            form.get("dietary_requirement", ""),
            as_kept("dietary_notes", form["dietary_notes"]),
        ]
        kept = [participant.dietary_requirement, participant.dietary_notes]
        assert kept == (asked if meal in form["sessions"] else ["", ""])
    assert wrong_counters() == []


def as_a_browser_sends(form) -> dict:
    """What a browser posts for a form of <input>s: every value shown, only the ticked boxes."""
    data = {}
    for field in form.select("input[name]"):
        if field.get("type") not in {"checkbox", "radio"} or field.has_attr("checked"):
            data.setdefault(field["name"], []).append(field.get("value", ""))
    return data


def test_manage_form_sent_back_as_shown_changes_nothing(client, visit):
    offered, _ = session_ids(visit)
    someone = register(visit, Session.objects.filter(pk__in=offered), email=next(EMAILS))
    page = BeautifulSoup(client.get(someone.manage_path()).content, "html.parser")
    before = rows()

    response = post(
        client, someone.manage_path(), as_a_browser_sends(page.select_one("form.manage-form"))
    )

    assert (response.status_code, rows()) == (302, before)


@pytest.fixture
def strangers_tokens(visit) -> list[str]:
    """The old token of an erased participant of the visit, the token of another visit's one."""
    erased = register(visit, [], email="erased@example.org")
    services.erase_participant(participant=erased)
    elsewhere = register(factories.StudyVisitFactory(), [], email="taken@example.org")
    return [erased.manage_token, elsewhere.manage_token]


def wrong_tokens(token, others):
    near = [token.upper(), token[:-1], token + "a", " " + token, token + "\n", token + "/x", ".."]
    return st.one_of(
        any_text, st.from_regex(r"[-\w]{1,70}", fullmatch=True), st.sampled_from(near + others)
    ).filter(lambda wrong: wrong != token)


@FUZZ
@given(data=st.data(), action=st.sampled_from(["", "cancel/", "erase/"]))
def test_private_forms_with_a_wrong_token_are_not_found(
    client, unlimited, visit, strangers_tokens, data, action
):
    participant = Participant.objects.get(email="taken@example.org", visit=visit)
    token = quote(data.draw(wrong_tokens(participant.manage_token, strangers_tokens)), safe="")
    url = f"/fr/{visit.slug}/my-registration/{token}/{action}"
    before = rows()

    response = post(client, url, {"sessions": [], "cancel-confirm": "on", "erase-confirm": "on"})

    assert (response.status_code, rows()) == (404, before)


@FUZZ
@given(data=st.data(), prefix=st.sampled_from(["cancel", "erase"]))
def test_cancel_all_and_erase_any_post_do_everything_or_nothing(
    client, unlimited, visit, data, prefix
):
    offered, _ = session_ids(visit)
    email = next(EMAILS)
    someone = register(visit, Session.objects.filter(pk__in=offered), email=email)
    names = [f"{prefix}-confirm", "cancel-confirm", "erase-confirm", "confirm"]
    form = data.draw(st.dictionaries(st.sampled_from(names), ticks))
    before, others = rows(), rows(excluding=someone.pk)

    response = post(client, f"{someone.manage_path()}{prefix}/", form)

    refused = not ticked(form.get(f"{prefix}-confirm"))
    assert response.status_code == (200 if refused else 302)
    event(f"{prefix}: {response.status_code}")
    someone.refresh_from_db()
    if refused:
        assert rows() == before
    else:
        assert (list(someone.registrations.live()), rows(excluding=someone.pk)) == ([], others)
        erased = (f"/fr/{visit.slug}/", "", False)
        cancelled = (someone.manage_path(), email, True)
        outcome = (response["Location"], someone.email, someone.erased_at is None)
        assert outcome == (erased if prefix == "erase" else cancelled)
    assert wrong_counters() == []


@FUZZ
@given(email=any_text | st.emails() | st.just(" Taken@Example.org "), language=languages)
def test_lost_link_any_email_changes_nothing(client, unlimited, visit, email, language):
    before, sent = rows(), len(deliver_queued_mail())

    response = post(client, f"/{language}/{visit.slug}/lost-link/", {"email": email})
    deliver_queued_mail()

    refused_email = refusal("email", email, language)
    assert response.status_code in ({200} if refused_email else {200, 302})
    assert rows() == before
    event(f"lost link: {response.status_code}, {'a' if refused_email else 'no'} refused character")
    if response.status_code == 200:
        assert_nothing_typed_lost(response, {"email": email}, ["email"], [])
        assert_refusals_named(response, {"email": email}, ["email"], language)
        assert len(mail.outbox) == sent
    else:
        assert response["Location"] == f"/{language}/{visit.slug}/lost-link/"
        registered = email.strip().lower() == "taken@example.org"
        assert [m.to for m in mail.outbox[sent:]] == ([["taken@example.org"]] if registered else [])


def test_register_with_nul_in_every_text_is_refused_keeping_input(client, unlimited, visit):
    offered, _ = session_ids(visit)
    form = {name: f"Zo\x00é {name}" for name in TEXTS}
    form.update(email="zo\x00e@example.org", sessions=[str(offered[0])], consent="on")
    before = rows()

    response = post(client, f"/fr/{visit.slug}/register/", form)

    assert (response.status_code, rows()) == (200, before)
    assert_nothing_typed_lost(response, form, TEXTS, offered)
    assert_refusals_named(response, form, TEXTS, "fr")


def test_register_eleventh_post_within_a_minute_is_refused_keeping_input(
    client, visit, time_machine
):
    # The limiter counts in fixed windows of a minute: stop the clock inside one.
    time_machine.move_to("2026-11-26 10:00:20Z", tick=False)
    offered, _ = session_ids(visit)
    url = f"/fr/{visit.slug}/register/"
    form = {"first_name": "Zoé", "last_name": "Παπαδοπούλου", "email": "zoe@example.org"}
    first_ten = [post(client, url, form).status_code for _ in range(10)]  # no consent: refused
    complete = {**form, "sessions": [str(offered[0])], "consent": "on"}

    eleventh = post(client, url, complete)

    page = BeautifulSoup(eleventh.content, "html.parser")
    errors = [li.get_text(" ", strip=True) for li in page.select("#form-errors li")]
    too_many = "Trop de tentatives depuis votre connexion. Merci de patienter une minute, puis"
    assert (first_ten, eleventh.status_code) == ([200] * 10, 429)
    assert errors == [f"{too_many} d'envoyer à nouveau le formulaire."]
    assert_nothing_typed_lost(eleventh, complete, list(form), offered, BOXES)
    assert Participant.objects.filter(email="zoe@example.org").exists() is False


def test_register_page_with_nul_in_the_address_is_shown(client, visit):
    response = client.get(f"/fr/{visit.slug}/register/", {"session": ["\x00", "session-1"]})

    assert response.status_code == 200
