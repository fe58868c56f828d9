"""The printable sign-in page, printed by Chromium on A4: the same pages as the PDF export, each
with the visit, the session, its date, time and venue and "page x of y", and no page of blank
lines only."""

import io
import math

import pytest
from django.contrib.auth.models import User
from pypdf import PdfReader

from registrations.exports.signin import LINES_PER_PAGE
from tests.registrations.exports.test_paper import ATTENDANCE, busy_visit  # noqa: F401
from tests.registrations.exports.test_rows_and_spreadsheets import export_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_printed_signin_page_has_the_pdfs_pages_each_with_its_heading(
    browser,
    site_url,
    busy_visit,  # noqa: F811
):
    User.objects.create_superuser("boss", "boss@example.org", "boss-pass-8")
    context = browser.new_context(locale="en-GB")
    tab = context.new_page()
    tab.goto(site_url + "/en/admin/login/")
    tab.get_by_label("Username").fill("boss")
    tab.get_by_label("Password").fill("boss-pass-8")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Log in").click()
    tab.goto(site_url + export_url("visit", busy_visit.pk, "sheet"))
    tab.emulate_media(media="print")
    printed = PdfReader(io.BytesIO(tab.pdf(format="A4", prefer_css_page_size=True)))
    context.close()

    pages = [page.extract_text() for page in printed.pages]
    assert len(pages) == sum(max(1, math.ceil(count / LINES_PER_PAGE)) for count in ATTENDANCE)
    for text in pages:
        title = next(line for line in text.splitlines() if line.startswith("Workshop"))
        assert busy_visit.title_en in text and "Cité du design" in text and " of " in text
        if ATTENDANCE[int(title.split()[1])]:
            assert "Attendee" in text, title
