import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from actionplan.core.dates import PartialDate, Precision


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("2020", dt.date(2020, 1, 1), Precision.YEAR),
        ("2021-08", dt.date(2021, 8, 1), Precision.MONTH),
        ("2021-08-15", dt.date(2021, 8, 15), Precision.DAY),
    ],
)
def test_parse_keeps_precision(text, date, precision):
    parsed = PartialDate.parse(text)
    assert (parsed.date, parsed.precision) == (date, precision)
    assert parsed.iso() == text


def test_an_end_is_stored_as_the_last_day_of_its_period():
    assert PartialDate.parse("2021", end=True).date == dt.date(2021, 12, 31)
    assert PartialDate.parse("2024-02", end=True).date == dt.date(2024, 2, 29)


def test_danish_wording():
    assert PartialDate.parse("2021-08").danish() == "august 2021"
    assert PartialDate.parse("2026-11-22").danish() == "22. november 2026"
    assert PartialDate.parse("2020").danish() == "2020"


@pytest.mark.parametrize("text", ["august", "2021-13", "21-08", "2021-02-30", ""])
def test_bad_dates_are_refused(text):
    with pytest.raises(ValidationError):
        PartialDate.parse(text)
