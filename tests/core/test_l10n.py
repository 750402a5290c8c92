"""core.l10n: what it writes it reads back, in Danish and English (property tests), and the
wording of money, numbers and dates in both languages."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from actionplan.core import l10n
from actionplan.core.dates import PartialDate

amounts = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False
)


@given(amounts, st.sampled_from(l10n.LANGUAGES))
def test_a_formatted_number_reads_back(value, lang):
    text = l10n.format_number(value, lang=lang)
    assert l10n.parse_number(text, lang) == value


@given(amounts, st.sampled_from(l10n.LANGUAGES), st.integers(min_value=0, max_value=4))
def test_a_rounded_number_reads_back_as_rounded(value, lang, places):
    text = l10n.format_number(value, places=places, lang=lang)
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    assert l10n.parse_number(text, lang) == rounded


@given(st.decimals(min_value=0, max_value=Decimal("1e13"), places=2, allow_nan=False))
def test_danish_money_reads_back_in_whole_kroner(value):
    text = l10n.format_dkk(value, lang="da")
    assert l10n.parse_dkk(text).amount == value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


@given(st.integers(min_value=1_000_000, max_value=10**13))
def test_short_danish_money_reads_back_to_a_tenth_of_a_million(value):
    text = l10n.format_dkk_short(value, lang="da")
    millions = (Decimal(value) / l10n.MILLION).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert l10n.parse_dkk(text).amount == millions * l10n.MILLION


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)))
def test_a_danish_date_in_words_reads_back(date):
    for precision in ("day", "month", "year"):
        written = PartialDate.parse(
            PartialDate(date, "day").iso()[: {"day": 10, "month": 7, "year": 4}[precision]]
        )
        assert l10n.parse_partial_date(l10n.format_date(written, lang="da")) == written


@pytest.mark.parametrize(
    ("lang", "number", "money", "short", "date", "month"),
    [
        ("da", "12.500,46", "4.300.000 kr.", "2,1 mio. kr.", "22. november 2026", "august 2021"),
        ("en", "12,500.46", "DKK 4,300,000", "DKK 2.1m", "22 November 2026", "August 2021"),
    ],
)
def test_the_active_language_decides_the_wording(lang, number, money, short, date, month):
    with translation.override(lang):
        assert l10n.format_number(Decimal("12500.456")) == number
        assert l10n.format_dkk(4300000) == money
        assert l10n.format_dkk_short(2100000) == short
        assert l10n.format_date(dt.date(2026, 11, 22)) == date
        assert l10n.format_date(PartialDate.parse("2021-08")) == month


def test_numbers_round_half_up_rather_than_cut():
    # The portal's filter used to cut: 2,999 showed as "2,99".
    assert l10n.format_number(Decimal("2.999"), lang="da") == "3"
    assert l10n.format_number(Decimal("2.995"), lang="da") == "3"
    assert l10n.format_number(Decimal("2.994"), lang="da") == "2,99"
    assert l10n.format_number(Decimal("-0.001"), lang="da") == "0"


def test_an_upper_bound_is_worded_in_the_language():
    assert l10n.format_bound("2 mio. kr.", True, lang="da") == "op til 2 mio. kr."
    assert l10n.format_bound("DKK 2m", True, lang="en") == "up to DKK 2m"
    assert l10n.format_bound("2 mio. kr.", False, lang="da") == "2 mio. kr."


def test_chart_axes_say_what_format_dkk_short_says():
    assert "' mio. kr.'" in l10n.amount_axis_expression("da")
    assert "'DKK ' + " in l10n.amount_axis_expression("en")
    assert l10n.vega_locale("da")["number"] | {} == {
        "decimal": ",",
        "thousands": ".",
        "grouping": [3],
        "currency": ["", " kr."],
    }
    assert l10n.vega_locale("da")["time"]["months"][2] == "marts"


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("1.234,5", "da", "1234.5"),
        ("120 000", "da", "120000"),
        ("\u22123,5", "da", "-3.5"),
        ("1,234.5", "en", "1234.5"),
        ("0,64", None, "0.64"),
        ("7.46", None, "7.46"),
        ("1.234,5", None, "1234.5"),
    ],
)
def test_parse_number(text, lang, value):
    assert l10n.parse_number(text, lang) == Decimal(value)


def test_parse_number_refuses_words():
    with pytest.raises(ValueError):
        l10n.parse_number("N/A", "da")
