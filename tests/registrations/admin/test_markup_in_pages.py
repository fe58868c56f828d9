"""No text typed by a participant or an organiser acts inside an organiser's page.

Participants whose every text field holds markup (tests/registrations/markup.py) sign up through
the public form, by an organiser's hand and at the door; an organiser writes to them with markup
in the subject and the text, moves them in the line with a marked-up reason, checks them in,
moves, cancels, restores, promotes, confirms their delegation, resends, exports. Then every
page of the site that a signed-in organiser (and a superuser) can open is fetched, its addresses
read from the URL configuration itself, for every object: none holds an element or an attribute
made of the typed text, and the names read as typed where they are shown.
"""

import datetime
import io
import itertools

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from programme.models import Session
from registrations.admin.downloads import WRITERS
from registrations.domain.checkin_code import checkin_code
from registrations.emails import render_message
from registrations.models import Participant, Registration
from registrations.models.mailing import Mailing
from tests.factories import DayFactory, VenueFactory, signup_session
from tests.html import Page
from tests.kiss_visit.site_urls import site_url_patterns
from tests.mail_queue import deliver_queued_mail
from tests.registrations.markup import EVERY_PAYLOAD, FIRST_HALF, SECOND_HALF, planted

pytestmark = pytest.mark.django_db

ROLES = ["superuser", "organiser"]
TEXT = f"{EVERY_PAYLOAD}\n{EVERY_PAYLOAD}"  # the organiser's message: two lines of it
# Pages that show people, which the walk must have read (not refused, not redirected).
MUST_READ = {
    *("registrations_mailing_preview", "registrations_mailing_write"),
    *("registrations_mailing_changelist", "registrations_dashboard", "registrations_export"),
    *("registrations_checkin", "registrations_checkin_person"),
    *("registrations_participant_changelist", "registrations_participant_change"),
    *("registrations_participant_history", "registrations_registration_changelist"),
    *("registrations_registration_change", "registrations_registration_history"),
    *("programme_session_changelist", "programme_session_change", "programme_session_history"),
    *("programme_venue_change", "registrations_participant_add", "index"),
    *("manage", "programme", "session", "week", "venue"),
}


def admin_url(name, *args) -> str:
    with translation.override("en"):
        return reverse(f"admin:{name}", args=args)


def signed_in(role: str) -> Client:
    call_command("setup_organisers", stdout=io.StringIO())
    if role == "superuser":
        user = User.objects.create_superuser("boss", "boss@example.org", "pw")
    else:
        user = User.objects.create_user("orga", "orga@example.org", "pw", is_staff=True)
        user.groups.add(Group.objects.get(name="Organisers"))
    client = Client()
    client.force_login(user)
    return client


def person(email, first_name, last_name, **more) -> dict:
    """A person's every text field marked up."""
    return {
        "first_name": first_name,
        "last_name": last_name,
        "email": email,
        "organisation": EVERY_PAYLOAD,
        "country": "GR",
        "dietary_requirement": "other",
        "dietary_notes": EVERY_PAYLOAD,
        "accessibility_needs": TEXT,
        "join_waiting_list": "on",
        **more,
    }


class World:
    """The visit, the marked-up people and all that was done to them; `seen` holds what each
    page shown after an action let act (the messages of an action are shown once)."""

    def __init__(self, role: str):
        self.client = signed_in(role)
        self.seen: dict[str, list[str]] = {}
        self.programme()
        self.sign_up()
        self.organise()

    def programme(self):
        day = DayFactory(visit__slug="the-visit")
        later = DayFactory(visit=day.visit, date=day.date + datetime.timedelta(days=1))
        venue = VenueFactory(name=EVERY_PAYLOAD, slug="the-venue")  # organisers' text too
        self.talk = signup_session(day=day, capacity=1, title_en="Talk", venue=venue)
        self.lunch = signup_session(day=day, capacity=None, kind="meal", title_en="Lunch")
        self.dinner = signup_session(
            day=later, capacity=None, kind="meal", title_fr=SECOND_HALF, title_en=FIRST_HALF
        )
        self.visit = day.visit

    def sign_up(self):
        public = Client()
        for language, email, first, last in [
            ("en", "mallory@example.org", FIRST_HALF, SECOND_HALF),
            ("fr", "trudy@example.org", SECOND_HALF, FIRST_HALF),
        ]:
            with translation.override(language):
                url = reverse("registrations:register", kwargs={"visit": "the-visit"})
            data = person(email, first, last, delegation_claimed="on", consent="on", website="")
            sessions = [self.talk.pk, self.lunch.pk]
            assert public.post(url, {**data, "sessions": sessions}).status_code == 302
        by_hand = person("hand@example.org", FIRST_HALF, SECOND_HALF, language="el")
        by_hand |= {"visit": self.visit.pk, "consent_given": "on", "notify": "on"}
        self.act(admin_url("registrations_participant_add"), by_hand, talk=self.talk.pk)
        walk_in = person("door@example.org", SECOND_HALF, FIRST_HALF, language="es")
        self.act(admin_url("registrations_walk_in", self.lunch.pk), walk_in, consent_given="on")
        self.mallory, self.trudy, self.hand, self.door = Participant.objects.order_by("pk")
        deliver_queued_mail()

    def registration(self, participant, session) -> Registration:
        return Registration.objects.get(participant=participant, session=session)

    def act(self, url, data=None, **more):
        """Post as the organiser, follow to the page shown after, and read it."""
        data = {**(data or {}), **more}
        if "talk" in data:
            data["sessions"] = [data.pop("talk")]
        response = self.client.post(url, data, follow=True)
        assert response.status_code == 200, (url, response.status_code)
        self.seen[url] = planted(response.content)
        return response

    def press(self, button, obj, **data):
        kind = "participant" if isinstance(obj, Participant) else "registration"
        self.act(admin_url(f"registrations_{kind}_{button}", obj.pk), data)

    def organise(self):
        hand_in_line = self.registration(self.hand, self.talk)
        self.press("line", hand_in_line, direction="up", reason=EVERY_PAYLOAD)
        mallory_talk = self.registration(self.mallory, self.talk)
        self.act(admin_url("registrations_checkin", self.talk.pk), registration=mallory_talk.pk)
        self.press("move", self.registration(self.mallory, self.lunch), to_session=self.dinner.pk)
        self.press("cancel", self.registration(self.trudy, self.lunch))  # the confirmation page
        self.press("cancel", self.registration(self.trudy, self.lunch), confirmed="yes")
        self.press("restore", self.registration(self.trudy, self.lunch))
        self.press("delegation", self.mallory, member="on")
        self.press("resend", self.door)
        changelist = admin_url("registrations_registration_changelist")
        waiting = [self.registration(self.trudy, self.talk).pk]
        promote = {"action": "promote_over_capacity", "_selected_action": waiting}
        self.act(changelist, promote)  # the confirmation page
        self.act(changelist, promote, confirmed="yes")
        everybody = [p.pk for p in (self.mallory, self.trudy, self.hand, self.door)]
        erase = {"action": "erase_personal_data", "_selected_action": everybody}
        self.act(admin_url("registrations_participant_changelist"), erase)  # not confirmed
        self.mailings = [self.write(), self.write()]
        self.act(admin_url("registrations_mailing_send", self.mailings[0].pk))
        deliver_queued_mail()

    def write(self) -> Mailing:
        texts = {"subject_fr": FIRST_HALF, "subject_en": SECOND_HALF}
        texts |= {"body_fr": TEXT, "body_en": TEXT, "audience": "confirmed"}
        self.act(admin_url("registrations_mailing_write", "visit", self.visit.pk), texts)
        return Mailing.objects.latest("pk")

    def values(self, pattern) -> list[dict]:
        """Each set of values that names one of our objects in the pattern's address."""
        name, parameters = pattern.name or "", set(pattern.parameters)
        about = [("visit", self.visit.pk), ("day", self.talk.day_id)]
        about += [("session", s.pk) for s in (self.talk, self.lunch, self.dinner)]
        people = Participant.objects.all()
        choices = {
            "visit": ["the-visit"],
            "session": list(Session.objects.values_list("slug", flat=True)),
            "venue": ["the-venue"],
            "token": [p.manage_token for p in people],
            "code": [checkin_code(p) for p in people],
            "app_label": ["registrations", "programme"],
            "url": ["nowhere/"],
            "id": [str(pk) for pk in User.objects.values_list("pk", flat=True)],
            "by": ["country", "organisation"],  # the attendance report
            "fmt": ["csv", "xlsx"],
        }
        if "content_type_id" in parameters:
            return []  # a redirect to the public page, read as such
        if "object_id" in parameters:
            choices["object_id"] = [str(pk) for pk in pattern.model.objects.values_list("pk")]
            choices["object_id"] = [pk.strip("(),") for pk in choices["object_id"]]
        if "scope" in parameters:  # write/<scope>/<pk>/ and export/<scope>/<pk>/<fmt>/
            formats = list(WRITERS) if "fmt" in parameters else [None]
            return [
                {"scope": scope, "pk": str(pk), "fmt": fmt}
                for (scope, pk), fmt in itertools.product(about, formats)
            ]
        if "pk" in parameters:
            choices["pk"] = [str(pk) for pk in self.pks_for(name)]
        lists = [choices[parameter] for parameter in pattern.parameters]
        return [
            dict(zip(pattern.parameters, chosen, strict=True))
            for chosen in itertools.product(*lists)
        ]

    def pks_for(self, name: str):
        if name.startswith("registrations_mailing"):
            return [m.pk for m in self.mailings]
        if name.startswith(("registrations_checkin", "registrations_walk_in")):
            return Session.objects.values_list("pk", flat=True)
        if name.startswith(("registrations_participant", "registrations_certificate_person")):
            return Participant.objects.values_list("pk", flat=True)
        if name.startswith(("registrations_certificates_visit", "registrations_attendance")):
            return [self.visit.pk]
        return Registration.objects.values_list("pk", flat=True)

    def read_every_page(self) -> tuple[dict, set]:
        """{address: what acted} for every HTML page answered, and the names of those pages."""
        found, read = {}, set()
        for pattern in site_url_patterns("en"):
            for values in self.values(pattern):
                url = pattern.fill(values)
                response = self.client.get(url)
                if response.status_code != 200 or response.streaming:
                    continue
                if response["Content-Type"].startswith("text/html"):
                    found[url] = planted(response.content)
                    read.add(pattern.name)
        return found, read


@pytest.fixture
def world(request):
    return World(getattr(request, "param", "superuser"))


@pytest.mark.parametrize("world", ROLES, indirect=True)
def test_organiser_pages_let_no_typed_markup_act(world):
    found, read = world.read_every_page()

    assert {url: acted for url, acted in {**world.seen, **found}.items() if acted} == {}
    assert MUST_READ - read == set()


def test_organiser_pages_show_typed_markup_as_text(world):
    client = world.client
    preview = Page.get(client, admin_url("registrations_mailing_preview", world.mailings[1].pk))
    mallory = Page.get(client, admin_url("registrations_participant_change", world.mallory.pk))
    checkin = Page.get(client, admin_url("registrations_checkin", world.talk.pk))

    bodies = [body.get_text().split("\n")[:4] for body in preview.soup.select(".mailing__body")]
    assert bodies == [
        [f"Bonjour {SECOND_HALF},", "", EVERY_PAYLOAD, EVERY_PAYLOAD],
        [f"Hello {FIRST_HALF},", "", EVERY_PAYLOAD, EVERY_PAYLOAD],
        # No Spanish text: the English one, greeting and all.
        [f"Hello {SECOND_HALF},", "", EVERY_PAYLOAD, EVERY_PAYLOAD],
    ]
    subjects = preview.soup.select(".mailing__sample p:has(> strong)")
    assert [p.get_text() for p in subjects] == [
        f"Subject: {FIRST_HALF}",
        f"Subject: {SECOND_HALF}",
        f"Subject: {SECOND_HALF}",
    ]
    # Sorted here: the databases' collations order punctuation differently.
    assert sorted(preview.texts(".mailing__people li")) == sorted(
        [
            f"{FIRST_HALF} {SECOND_HALF}",
            f"{SECOND_HALF} {FIRST_HALF}",
            f"{SECOND_HALF} {FIRST_HALF}",
        ]
    )
    assert mallory.soup.select_one("#id_first_name")["value"] == FIRST_HALF
    assert mallory.soup.select_one("#id_accessibility_needs").text.strip() == TEXT
    names = [name.contents[0].strip() for name in checkin.soup.select(".checkin__name")]
    assert sorted(names) == sorted([f"{SECOND_HALF} {FIRST_HALF}", f"{FIRST_HALF} {SECOND_HALF}"])
    assert checkin.texts(".checkin__name small") == [f"{EVERY_PAYLOAD}, Greece"] * 2


def test_email_html_part_shows_typed_markup_as_text(world):
    outbox = deliver_queued_mail()

    html = [message.alternatives[0].content for message in outbox]
    assert [acted for part in html if (acted := planted(part))] == []
    last = max(i for i, message in enumerate(outbox) if message.to == ["mallory@example.org"])
    assert outbox[last].body.split("\n")[:4] == [
        f"Hello {FIRST_HALF},",
        "",
        EVERY_PAYLOAD,
        EVERY_PAYLOAD,
    ]
    greeting = BeautifulSoup(html[last], "html.parser").select("p")[1]
    assert greeting.get_text() == f"Hello {FIRST_HALF},"


@pytest.mark.parametrize(
    "template", ["confirmation", "cancellation", "promotion", "manage_link", "mailing"]
)
def test_email_text_and_subject_are_plain_text_not_safe_html(world, template):
    registration = world.registration(world.mallory, world.talk)
    context = {
        "registrations": [registration],
        "updated": True,
        "registration": registration,
        "tried_again": True,
        "subject": FIRST_HALF,
        "body": TEXT,
    }

    message = render_message(world.mallory, template, context)

    assert (type(message.subject), type(message.body)) == (str, str)
    assert message.body.startswith(f"Hello {FIRST_HALF},\n")
