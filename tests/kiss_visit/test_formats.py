"""Our date formats per language (kiss_visit/formats/): a Greek day and month put the month in
the genitive, while French months keep their one form."""

import datetime

import pytest
from django.utils import translation
from django.utils.formats import date_format


@pytest.mark.parametrize(("language", "expected"), [("el", "19 Φεβρουαρίου"), ("fr", "19 février")])
def test_month_day_format_puts_the_greek_month_in_the_genitive(language, expected):
    with translation.override(language):
        assert date_format(datetime.date(2018, 2, 19), "MONTH_DAY_FORMAT") == expected


@pytest.mark.parametrize(
    ("language", "expected"), [("el", "Φεβρουάριος 2018"), ("fr", "février 2018")]
)
def test_year_month_format_keeps_the_month_alone_in_the_nominative(language, expected):
    with translation.override(language):
        assert date_format(datetime.date(2018, 2, 19), "YEAR_MONTH_FORMAT") == expected
