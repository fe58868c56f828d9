"""A Greek partner registers through a delegation invitation in a real browser: the session's
local places are all taken (a public sign-up would wait), yet they land in a kept place."""

import datetime

import pytest
from django.utils import timezone

from programme.models import Session
from registrations.models import DelegationInvitation, Participant, Registration
from tests.factories import fill
from tests.mail_queue import deliver_queued_mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBER_IN_GREEK = (
    "Εγγραφήκατε μέσω πρόσκλησης των διοργανωτών: είστε μέλος της αντιπροσωπείας των εταίρων "
    "και οι θέσεις σας είναι από εκείνες που είναι δεσμευμένες για τους εταίρους."
)


def test_greek_partner_registers_through_an_invitation_into_a_kept_place(
    browser, site_url, seed_programme
):
    dinner = Session.objects.filter(reserved_places=9, capacity__isnull=False).first()
    fill(dinner, dinner.capacity - dinner.reserved_places)  # every local place taken
    invitation = DelegationInvitation.objects.create(
        visit=dinner.day.visit,
        label="Κοινωνική Συνεταιριστική Επιχείρηση",
        uses_allowed=9,
        ends_at=timezone.now() + datetime.timedelta(days=7),
    )
    context = browser.new_context(locale="el-GR")
    tab = context.new_page()

    tab.goto(f"{site_url}/el/{dinner.day.visit.slug}/invitation/{invitation.token}/")
    tab.locator("[name=first_name]").fill("Ελένη")
    tab.locator("[name=last_name]").fill("Παπαδάκη")
    tab.locator("[name=email]").fill("eleni@example.org")
    tab.locator("[name=country]").select_option("GR")
    tab.locator(f"input[name=sessions][value='{dinner.pk}']").check()
    tab.locator("[name=consent]").check()
    with tab.expect_navigation():
        tab.get_by_role("button", name="Εγγραφή").click()

    notice = tab.locator(".delegation-notice").inner_text()
    statuses = tab.locator(".received-sessions .status").all_inner_texts()
    context.close()
    person = Participant.objects.get(email="eleni@example.org")
    registration = Registration.objects.get(participant=person)
    invitation.refresh_from_db()
    assert notice == MEMBER_IN_GREEK
    assert statuses == ["Επιβεβαιωμένη"]
    assert (person.language, person.is_delegation, person.invitation) == ("el", True, invitation)
    assert (registration.status, registration.place) == ("confirmed", "delegation")
    assert invitation.uses_count == 1
    assert [m.to for m in deliver_queued_mail() if m.to == ["eleni@example.org"]] == [
        ["eleni@example.org"]
    ]
