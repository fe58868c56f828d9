"""What a page does with a parameter that cannot be right, found by test_every_url.py: the page is
shown without it (or says so, or is not found), never a server error."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import RequestFactory

from programme.models import Session
from registrations.models import Registration
from tests.factories import DayFactory, StudyVisitFactory, VenueFactory, sign_up, signup_session
from tests.html import Page

pytestmark = pytest.mark.django_db

BEYOND_64_BITS = str(2**63)
NO_ROW_SELECTED = (
    "Items must be selected in order to perform actions on them. No items have been changed."
)


@pytest.fixture
def talk():
    day = DayFactory(visit__title_en="Saint-Etienne 2018", visit__slug="the-visit")
    return signup_session(day=day, title_en="Talk", venue=VenueFactory(name="Gare"))


@pytest.fixture
def organiser(client):
    client.force_login(User.objects.create_superuser("boss", "boss@example.org", "pw"))
    return client


def names_listed(page) -> list[str]:
    return page.texts("#result_list tbody th")


@pytest.mark.parametrize("junk", ["%00", "a%00b", "%1F", BEYOND_64_BITS, f"-{BEYOND_64_BITS}1"])
@pytest.mark.parametrize("parameter", ["country", "visit", "visit__id__exact", "language"])
def test_participant_list_filtered_by_junk_lists_everyone(organiser, talk, parameter, junk):
    for name in ("Ana", "Zoé"):
        sign_up(talk, first_name=name, email=f"{name}@example.org")

    page = Page.get(organiser, f"/en/admin/registrations/participant/?{parameter}={junk}")

    assert names_listed(page) == ["Ana Martin", "Zoé Martin"]


@pytest.mark.parametrize("parameter", ["session", "session__day", "session__day__visit"])
def test_registration_list_filtered_by_an_id_beyond_64_bits_lists_every_registration(
    organiser, talk, parameter
):
    sign_up(talk, first_name="Ana", email="ana@example.org")

    page = Page.get(organiser, f"/en/admin/registrations/registration/?{parameter}={2**63}")

    assert names_listed(page) == ["Ana Martin"]


DASHBOARD = "/en/admin/registrations/registration/dashboard/"


@pytest.mark.parametrize("visit", ["²", "١", "１", "-1", "1.5", " 1", "x" * 5000])
def test_dashboard_for_a_visit_that_is_no_id_says_so_and_shows_the_latest(organiser, talk, visit):
    StudyVisitFactory(title_en="Athens 2017", start_date=talk.day.date.replace(year=2017))

    page = Page.get(organiser, DASHBOARD, data={"visit": visit})

    assert (page.texts(".messagelist li"), page.text(".dashboard h2")) == (
        ["The address does not name a study visit: here is the most recent one."],
        "Saint-Etienne 2018 (Saint-Etienne, 2018)",
    )


@pytest.mark.parametrize("visit", ["0", "999999", BEYOND_64_BITS, "9" * 40])
def test_dashboard_for_an_id_of_no_visit_is_not_found(organiser, talk, visit):
    assert organiser.get(DASHBOARD, {"visit": visit}).status_code == 404


@pytest.mark.parametrize("pk", ["0", BEYOND_64_BITS, "9" * 40])
def test_export_of_an_id_of_no_session_is_not_found(organiser, talk, pk):
    url = f"/en/admin/registrations/registration/export/session/{pk}/csv/"

    assert organiser.get(url).status_code == 404


def venue_shown(page) -> list[str]:
    return page.texts("select[name=venue] option[selected]")


def test_add_session_keeps_a_venue_from_the_address_only_if_it_is_one(organiser, talk):
    url = "/en/admin/programme/session/add/"

    shown = [venue_shown(Page.get(organiser, f"{url}?venue={v}")) for v in ("%C2%B2", "x", "")]

    assert shown == [[], [], []]
    assert venue_shown(Page.get(organiser, f"{url}?venue={talk.venue.pk}")) == ["Gare"]


def test_add_visit_with_dates_in_the_address_shows_the_form_without_them(organiser):
    page = Page.get(
        organiser, "/en/admin/programme/studyvisit/add/?registration_opens_at=2018-01-01"
    )

    assert [field.get("value") for field in page.soup.select("[name^=registration_opens_at]")] == [
        None,
        None,
    ]


@pytest.mark.parametrize(("view", "heading"), [("change", "Change session"), ("delete", "Delete")])
def test_session_page_with_an_empty_to_field_is_shown(organiser, talk, view, heading):
    page = Page.get(organiser, f"/en/admin/programme/session/{talk.pk}/{view}/?_to_field=")

    assert page.h1 == heading


def admin_actions() -> list[tuple[str, str]]:
    """(changelist address, first action) of every model admin that has actions."""
    request = RequestFactory().get("/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    return [
        (f"/en/admin/{model._meta.app_label}/{model._meta.model_name}/", next(iter(actions)))
        for model, model_admin in admin.site._registry.items()
        if (actions := model_admin.get_actions(request))
    ]


@pytest.mark.parametrize("selected", ["abc", "\x00", "²", BEYOND_64_BITS, "", "1.5"])
def test_admin_action_on_rows_that_are_no_ids_changes_nothing(organiser, talk, selected):
    sign_up(talk, first_name="Ana", email="ana@example.org")
    before = list(Registration.objects.values_list("pk", "status"))
    outcomes = []

    for changelist, action in admin_actions():
        data = {"action": action, "_selected_action": [selected], "index": "0"}
        response = organiser.post(changelist, data, follow=True)
        outcomes.append((changelist, response.status_code, Page(response).texts(".messagelist li")))

    assert outcomes == [(changelist, 200, [NO_ROW_SELECTED]) for changelist, _ in admin_actions()]
    assert list(Registration.objects.values_list("pk", "status")) == before
    assert Session.objects.count() == 1


def test_latin1_post_with_debug_on_is_a_400_page(client, settings, talk):
    settings.DEBUG = True  # the development server's way: a traceback page for server errors

    response = client.post(
        "/en/the-visit/lost-link/",
        b"email=caf%E9@example.org",
        content_type="application/x-www-form-urlencoded; charset=latin-1",
    )

    assert (response.status_code, Page(response).h1) == (400, "Bad request")


def test_nul_in_the_register_address_preselects_the_other_sessions(client, talk):
    page = Page.get(client, f"/en/the-visit/register/?session=%00&session={talk.slug}")

    assert page.texts("input[name=sessions][checked] + label .session-choice__title") == ["Talk"]
