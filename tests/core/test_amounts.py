from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from actionplan.core.dates import Precision
from actionplan.core.l10n import (
    MILLION,
    format_dkk,
    format_dkk_short,
    parse_dkk,
    parse_partial_date,
)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1,1 mio. kr.", "1100000"),
        ("4,3 mio.kr.", "4300000"),
        ("550.250 kr.", "550250"),
        ("92.000,00 kr.", "92000"),
        ("3,66 millioner kroner", "3660000"),
        ("1,2 mio. kroner", "1200000"),
        ("291.250 DKK", "291250"),
        ("15.414.794", "15414794"),
        ("7866415,93", "7866415.93"),
        ("1 823 mnkr", "1823000000"),
        ("1.500", "1500"),
        ("6 mio. kr.", "6000000"),
        ("1,5 mio.kr.", "1500000"),
    ],
)
def test_parse_dkk_reads_the_danish_examples(text, amount):
    result = parse_dkk(text)
    assert result.amount == Decimal(amount)
    assert result.upper_bound is False


def test_parse_dkk_keeps_an_upper_bound_as_such():
    result = parse_dkk("op til 100.000 kroner")
    assert result.amount == Decimal(100000)
    assert result.upper_bound is True


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("1,500", "ambiguous"),
        ("1,500,000", "commas to group thousands"),
        ("1.5 mio. kr.", "decimals with a comma"),
        ("15.41.794", "grouped in threes"),
        ("12 æbler", "not an amount"),
        ("", "No amount"),
        ("0,0001 kr.", "more decimals than øre"),
        ("1.000 000", "mixes dots and spaces"),
    ],
)
def test_parse_dkk_refuses_what_it_would_have_to_guess(text, says):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        parse_dkk(text)
    assert says in error.value.messages[0]


@given(st.integers(min_value=0, max_value=10**13))
def test_format_dkk_round_trips_exactly(amount):
    assert parse_dkk(format_dkk(amount)).amount == amount


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False))
def test_format_dkk_round_trips_within_a_krone(amount):
    assert abs(parse_dkk(format_dkk(amount)).amount - amount) <= Decimal("0.5")


@given(st.integers(min_value=0, max_value=10**13))
def test_format_dkk_short_round_trips_within_its_rounding(amount):
    parsed = parse_dkk(format_dkk_short(amount)).amount
    tolerance = MILLION / 20 if amount >= MILLION else Decimal("0.5")
    assert abs(parsed - amount) <= tolerance


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("august 2021", "2021-08", Precision.MONTH),
        ("primo 2022", "2022-01", Precision.MONTH),
        ("ultimo 2021", "2021-12", Precision.MONTH),
        ("efteråret 2021", "2021-09", Precision.MONTH),
        ("i foråret 2021", "2021-03", Precision.MONTH),
        ("2020", "2020", Precision.YEAR),
        ("24.04.2014", "2014-04-24", Precision.DAY),
        ("24. april 2014", "2014-04-24", Precision.DAY),
    ],
)
def test_parse_partial_date_reads_danish_dates(text, iso, precision):
    date = parse_partial_date(text)
    assert (date.iso(), date.precision) == (iso, precision)


@pytest.mark.parametrize("text", ["31.02.2020", "snart", "august"])
def test_parse_partial_date_refuses_non_dates(text):
    with pytest.raises(ValidationError):
        parse_partial_date(text)
