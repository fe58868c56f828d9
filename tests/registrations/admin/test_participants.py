"""The organisers' admin: who may do what, and what each action does to places and waiting lists."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from registrations import services
from registrations.domain.history import describe
from registrations.models import Change, Participant, Registration
from tests.factories import DayFactory, sign_up, signup_session
from tests.html import Page
from tests.mail_queue import deliver_queued_mail
from tests.registrations.places import confirmed_count, counters_match, statuses

pytestmark = pytest.mark.django_db


def admin_url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"admin:{name}", args=args)


def register(session, email, **details):
    sign_up(session, email=email, **details)
    return Registration.objects.get(session=session, participant__email=email)


@pytest.fixture
def full_session():
    """Capacity 2: two confirmed (a@, b@) and two waiting (c@ then d@)."""
    session = signup_session(capacity=2, title_en="Visit", title_fr="Visite")
    for letter in "abcd":
        register(session, f"{letter}@example.org")
    return session


def run_action(client, model, action, registrations, **extra):
    data = {"action": action, "_selected_action": [r.pk for r in registrations], **extra}
    return client.post(admin_url(f"registrations_{model}_changelist"), data, follow=True)


def history(registration) -> list[tuple[str, str]]:
    """(who, what) of the registration's history of places, oldest first, in English."""
    entries = Change.objects.filter(registration=registration).for_display().order_by("pk")
    with translation.override("en"):
        return [(e.user.username if e.user else e.actor, describe(e)) for e in entries]


def test_setup_organisers_grants_exactly_the_needed_permissions():
    call_command("setup_organisers", stdout=None)
    call_command("setup_organisers", stdout=None)  # idempotent

    group = Group.objects.get(name="Organisers")
    assert sorted(group.permissions.values_list("codename", flat=True)) == sorted(
        [
            *(f"{a}_studyvisit" for a in ("view", "add", "change")),
            *(
                f"{a}_{m}"
                for m in ("day", "venue", "session")
                for a in ("view", "add", "change", "delete")
            ),
            "view_participant",
            "add_participant",
            "change_participant",
            "view_registration",
            "change_registration",
            "export_attendees",
            "view_mailing",
            "add_mailing",
            "view_outgoingemail",
            "view_checkintap",
            *(f"{a}_delegationinvitation" for a in ("view", "add", "change")),
            *(f"{a}_visitoptions" for a in ("view", "add", "change")),
            "view_accessattempt",
            "delete_accessattempt",
        ]
    )


def test_organiser_is_staff_but_not_superuser_and_sees_the_dashboard(
    client, organiser, full_session
):
    page = Page.get(client, admin_url("registrations_dashboard"))

    assert (organiser.is_staff, organiser.is_superuser) == (True, False)
    assert page.text("#content h1") == "Dashboard"


def test_staff_without_organiser_role_cannot_see_the_dashboard(client, other_staff):
    assert client.get(admin_url("registrations_dashboard")).status_code == 403


def test_anonymous_visitor_is_sent_to_login_for_the_dashboard(client):
    response = client.get(admin_url("registrations_dashboard"))

    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/en/admin/login/")


def test_cancel_action_frees_the_place_for_the_first_waiting(client, organiser, full_session):
    first = Registration.objects.get(participant__email="a@example.org")

    page = Page(run_action(client, "registration", "cancel", [first], confirmed="yes"))

    assert page.texts(".messagelist li") == [
        "Registrations cancelled: 1 The place went to Camille Martin."
    ]
    assert statuses(full_session) == [
        ("a@example.org", "cancelled"),
        ("b@example.org", "confirmed"),
        ("c@example.org", "confirmed"),
        ("d@example.org", "waiting"),
    ]
    assert history(first) == [
        ("participant", "Signed up. Status: confirmed"),
        ("orga", "Cancelled. Status: confirmed → cancelled"),
    ]
    assert counters_match(full_session)


def test_promote_action_respects_capacity(client, organiser, full_session):
    waiting = Registration.objects.filter(status="waiting")

    page = Page(run_action(client, "registration", "promote", waiting))

    # A refusal is an error, alone: no green "Promoted: 0" beside it.
    assert page.texts(".messagelist li.error") == [
        "No place left, not promoted: Camille Martin — Mon 19 Feb — Visit, "
        "Camille Martin — Mon 19 Feb — Visit",
    ]
    assert page.texts(".messagelist li.success") == []
    assert confirmed_count(full_session) == 2


def test_actions_that_change_nothing_say_why(client, organiser, full_session):
    everyone = Registration.objects.all()

    promoted = Page(run_action(client, "registration", "promote_over_capacity", everyone[:3]))
    promoted = Page(
        run_action(client, "registration", "promote_over_capacity", everyone[:3], confirmed="yes")
    )
    attended = Page(run_action(client, "registration", "mark_attended", everyone))

    assert promoted.texts(".messagelist li") == [
        "Promoted: 1",
        "Nothing changed for 2: they were not waiting.",
    ]
    assert attended.texts(".messagelist li") == [
        "Attendance recorded: 3",
        "Nothing changed for 1: only confirmed registrations have an attendance.",
    ]


def test_promote_over_capacity_asks_first_then_raises_capacity_and_logs(
    client, organiser, full_session
):
    waiting = Registration.objects.get(participant__email="c@example.org")

    asked = Page(run_action(client, "registration", "promote_over_capacity", [waiting]))
    assert (asked.text("#content h1"), confirmed_count(full_session)) == ("Are you sure?", 2)

    run_action(client, "registration", "promote_over_capacity", [waiting], confirmed="yes")

    full_session.refresh_from_db()
    assert (full_session.capacity, confirmed_count(full_session)) == (3, 3)
    assert history(waiting)[1:] == [
        ("orga", "Promoted over capacity. Capacity: 2 → 3"),
        ("orga", "Promoted from the waiting list. Status: waiting → confirmed"),
    ]
    assert counters_match(full_session)


def test_attendance_actions_only_touch_confirmed(client, organiser, full_session):
    everyone = Registration.objects.all()

    run_action(client, "registration", "mark_attended", everyone)
    run_action(
        client, "registration", "mark_no_show", everyone.filter(participant__email="b@example.org")
    )

    assert sorted(everyone.values_list("participant__email", "attended")) == [
        ("a@example.org", True),
        ("b@example.org", False),
        ("c@example.org", None),
        ("d@example.org", None),
    ]


def test_resend_confirmation_sends_one_email_per_participant(client, organiser, full_session):
    deliver_queued_mail()
    mail.outbox.clear()

    run_action(client, "registration", "resend_confirmation", Registration.objects.all())
    deliver_queued_mail()

    assert sorted(m.to[0] for m in mail.outbox) == [f"{c}@example.org" for c in "abcd"]


def test_registration_cannot_be_added_or_deleted_in_the_admin(client, organiser, full_session):
    registration = Registration.objects.first()

    assert client.get(admin_url("registrations_registration_add")).status_code == 403
    assert (
        client.get(admin_url("registrations_registration_delete", registration.pk)).status_code
        == 403
    )


def test_erase_action_confirms_then_erases_and_promotes(client, organiser, full_session):
    holder = Participant.objects.get(email="a@example.org")

    asked = Page(run_action(client, "participant", "erase_personal_data", [holder]))
    run_action(client, "participant", "erase_personal_data", [holder], confirmed="yes")

    holder.refresh_from_db()
    assert asked.text("#content h1") == "Are you sure?"
    assert (holder.email, holder.erased_at is not None) == ("", True)
    assert ("c@example.org", "confirmed") in statuses(full_session)


def test_participant_search_and_dietary_filter(client, organiser):
    session = signup_session(kind="meal")
    register(session, "vegan@example.org", organisation="Vrac en Vert", dietary_requirement="vegan")
    register(session, "other@example.org", organisation="Cabestan")
    url = admin_url("registrations_participant_changelist")

    by_organisation = Page.get(client, url + "?q=vrac")
    by_diet = Page.get(client, url + "?dietary_requirement__exact=vegan")

    assert by_organisation.texts("#result_list tbody td.field-email") == ["vegan@example.org"]
    assert by_diet.texts("#result_list tbody td.field-email") == ["vegan@example.org"]


def test_participant_email_taken_by_another_is_a_form_error(client, organiser):
    session = signup_session()
    register(session, "one@example.org")
    register(session, "two@example.org")
    two = Participant.objects.get(email="two@example.org")
    data = {
        "first_name": "Two",
        "last_name": "X",
        "email": "ONE@example.org",
        "organisation": "",
        "country": "FR",
        "language": "fr",
        "dietary_requirement": "",
        "dietary_notes": "",
        "accessibility_needs": "",
        "registrations-TOTAL_FORMS": "1",
        "registrations-INITIAL_FORMS": "1",
        "registrations-MIN_NUM_FORMS": "0",
        "registrations-MAX_NUM_FORMS": "1000",
        "registrations-0-id": two.registrations.get().pk,
        "registrations-0-participant": two.pk,
    }

    page = Page(client.post(admin_url("registrations_participant_change", two.pk), data))

    assert page.texts(".errorlist li") == [
        "Another participant of this visit has this e-mail address."
    ]


def session_form(session, **changes):
    data = {
        "day": session.day_id,
        "order": session.order,
        "kind": session.kind,
        "venue": "",
        "slug": session.slug,
        "title_fr": session.title_fr,
        "title_en": session.title_en,
        "description_fr": "",
        "description_en": "",
        "part_of_day": "",
        "start_time": "",
        "end_time": "",
        "is_open_for_signup": "on",
        "capacity": session.capacity,
        "reserved_places": session.reserved_places,
    }
    return {**data, **changes}


def test_raising_capacity_in_admin_promotes_waiting(client, organiser, full_session):
    url = admin_url("programme_session_change", full_session.pk)

    client.post(url, session_form(full_session, capacity=3))

    assert ("c@example.org", "confirmed") in statuses(full_session)
    assert (confirmed_count(full_session), counters_match(full_session)) == (3, True)


def test_shrinking_capacity_below_confirmed_is_refused(client, organiser, full_session):
    url = admin_url("programme_session_change", full_session.pk)

    page = Page(client.post(url, session_form(full_session, capacity=1)))

    assert page.texts(".errorlist li") == [
        "2 places are already taken (confirmed sign-ups and places reserved for the partner "
        "delegation): the capacity cannot be lower."
    ]
    full_session.refresh_from_db()
    assert full_session.capacity == 2


def test_session_changelist_shows_places(client, organiser, full_session):
    page = Page.get(client, admin_url("programme_session_changelist"))

    assert page.texts("#result_list tbody td.field-places_taken") == ["2"]
    assert page.texts("#result_list tbody td.field-waiting") == ["2"]
    assert page.texts("#result_list tbody th.field-session") == ["Mon 19 Feb — Visit"]
    assert page.texts("#result_list tbody td.field-fill") == ["2 of 2 places taken 100%"]


@pytest.mark.parametrize("people", [3, 15])
@pytest.mark.parametrize(
    ("changelist", "queries"),
    [
        # one query each for the countries present (the country filter)
        ("participant", 9),
        ("registration", 11),
        ("session", 9),
        ("studyvisit", 7),
        ("day", 8),
        ("venue", 7),
    ],
)
def test_changelists_run_a_fixed_number_of_queries(
    client, organiser, django_assert_num_queries, people, changelist, queries
):
    day = DayFactory()
    sessions = [signup_session(day=day, capacity=4) for _ in range(3)]
    for n in range(people):
        for session in sessions:
            register(session, f"p{n}-{session.pk}@example.org")
    app = "registrations" if changelist in ("participant", "registration") else "programme"
    url = admin_url(f"{app}_{changelist}_changelist")

    with django_assert_num_queries(queries):
        client.get(url)


@pytest.mark.parametrize("changelist", ["participant", "registration"])
def test_country_filter_lists_the_countries_present(client, organiser, changelist):
    session = signup_session()
    for email, country in [("a@example.org", "GR"), ("b@example.org", "FR")]:
        register(session, email, country=country)
    register(session, "c@example.org", country="GR")
    url = admin_url(f"registrations_{changelist}_changelist")

    page = Page.get(client, url)
    greece = Page.get(client, url + "?country=GR")
    junk = Page.get(client, url + "?country=%C2%B2")

    assert page.texts("details[data-filter-title=country] li a") == ["All", "France", "Greece"]
    assert len(greece.soup.select("#result_list tbody tr")) == 2
    assert junk.soup.select("#result_list tbody tr") == []


def test_saving_an_erased_participant_in_admin_restores_nothing(client, organiser):
    session = signup_session()
    register(session, "gone@example.org")
    participant = Participant.objects.get()
    services.erase_participant(participant=participant)

    data = {
        "first_name": "Back",
        "registrations-TOTAL_FORMS": "1",
        "registrations-INITIAL_FORMS": "1",
        "registrations-MIN_NUM_FORMS": "0",
        "registrations-MAX_NUM_FORMS": "1000",
        "registrations-0-id": participant.registrations.get().pk,
        "registrations-0-participant": participant.pk,
    }

    page = Page(
        client.post(
            admin_url("registrations_participant_change", participant.pk), data, follow=True
        )
    )

    participant.refresh_from_db()
    assert (participant.first_name, participant.email) == ("", "")
    assert page.texts(".messagelist li.error") == ["This participant's data has been erased."]


def test_erasure_removes_the_name_and_the_notes_from_the_history(client, organiser):
    session = signup_session(capacity=1, title_en="Visit")
    sign_up(session, email="holder@example.org", first_name="Ximena")
    sign_up(session, email="first@example.org", first_name="Yann")
    sign_up(session, email="second@example.org", first_name="Zoé")
    second = Registration.objects.get(participant__email="second@example.org")
    services.move_in_line(
        registration=second, up=True, reason="Sister of Ximena", by=services.Actor("organiser")
    )
    holder, zoe = (Participant.objects.get(email=f"{n}@example.org") for n in ("holder", "second"))

    run_action(client, "participant", "erase_personal_data", [holder, zoe], confirmed="yes")

    page = Page.get(client, admin_url("programme_session_change", session.pk))
    history_text = page.text(".places-history")
    assert ("Ximena" in history_text, "Zoé" in history_text, "Sister" in history_text) == (
        False,
        False,
        False,
    )
    assert f"Erased participant #{zoe.pk}" in page.texts(".places-history tbody td")
    assert Change.objects.filter(participant__in=[holder, zoe]).exclude(note="").count() == 0


def test_resend_to_an_erased_participant_is_not_counted_as_sent(client, organiser, full_session):
    services.erase_participant(participant=Participant.objects.get(email="a@example.org"))
    deliver_queued_mail().clear()

    page = Page(
        run_action(client, "registration", "resend_confirmation", Registration.objects.all())
    )
    sent = deliver_queued_mail()

    assert page.texts(".messagelist li") == [
        "3 confirmation e-mails are on their way.",
        "1 participant was not written to: their data has been erased.",
    ]
    assert sorted(m.to[0] for m in sent) == [f"{c}@example.org" for c in "bcd"]
