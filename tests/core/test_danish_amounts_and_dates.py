"""Amounts and dates as people write them in Danish plans, memos and spreadsheets."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from actionplan.core.l10n import parse_dkk, parse_partial_date


@pytest.mark.parametrize(
    "text,amount,upper,approximate",
    [
        ("ca. 33 mio. kr.", 33_000_000, False, True),
        ("kr. 750.000", 750_000, False, False),
        ("DKK 2.500.000", 2_500_000, False, False),
        ("op til 2 mio. kr.", 2_000_000, True, False),
        ("op til ca. 1,5 mio. kr.", 1_500_000, True, True),
        ("750.000,- kr.", 750_000, False, False),
        ("i alt 4,3 mio.kr.", 4_300_000, False, False),
        ("1,1 mio. kr.", 1_100_000, False, False),
    ],
)
def test_amounts_as_written(text, amount, upper, approximate):
    parsed = parse_dkk(text)
    assert (parsed.amount, parsed.upper_bound, parsed.approximate) == (
        Decimal(amount),
        upper,
        approximate,
    )


def test_an_english_thousands_comma_is_still_refused():
    with pytest.raises(ValidationError):
        parse_dkk("DKK 2,500,000")


@pytest.mark.parametrize(
    "text,start,end",
    [
        ("1. kvartal 2022", "2022-01", "2022-03"),
        ("Q3 2021", "2021-07", "2021-09"),
        ("2. halvår 2021", "2021-07", "2021-12"),
        ("ultimo juni 2022", "2022-06", "2022-06"),
        ("31.12.21", "2021-12-31", "2021-12-31"),
        ("primo 2022", "2022-01", "2022-01"),
        ("i august 2021", "2021-08", "2021-08"),
    ],
)
def test_dates_as_written(text, start, end):
    assert parse_partial_date(text).iso() == start
    assert parse_partial_date(text, end=True).iso() == end
