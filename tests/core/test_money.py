from decimal import Decimal

import pytest

from actionplan.core.l10n import format_dkk, format_dkk_short


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (4300000, "4.300.000 kr."),
        (550250, "550.250 kr."),
        (0, "0 kr."),
        (Decimal("999.6"), "1.000 kr."),
    ],
)
def test_format_dkk(amount, text):
    assert format_dkk(amount) == text


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (1100000, "1,1 mio. kr."),
        (4300000, "4,3 mio. kr."),
        (6000000, "6 mio. kr."),
        (1823000000, "1.823 mio. kr."),
        (550250, "550.250 kr."),
    ],
)
def test_format_dkk_short(amount, text):
    assert format_dkk_short(amount) == text


def test_unknown_amount_is_blank():
    assert format_dkk(None) == format_dkk_short(None) == ""
