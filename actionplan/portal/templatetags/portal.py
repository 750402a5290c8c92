"""The portal's template filters; numbers, money and dates come from core.l10n in the active
language: "1,1 mio. kr.", "4.300.000 kr.", "22. november 2026"."""

import datetime as dt
from decimal import Decimal

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from actionplan.core import l10n
from actionplan.core.dates import PartialDate
from actionplan.indicators.values import yes_no_text

register = template.Library()


@register.filter
def dkk(amount: Decimal | int | None) -> str:
    """4300000 -> "4.300.000 kr." (English "DKK 4,300,000")."""
    return l10n.format_dkk(amount)


@register.filter
def upto(text: str, upper_bound: bool) -> str:
    """ "2 mio. kr." -> "op til 2 mio. kr." where the amount is an upper bound:
    {{ grant.amount|dkk_short|upto:grant.upper_bound }}."""
    return l10n.format_bound(text, bool(upper_bound))


@register.filter
def dkk_short(amount: Decimal | int | None) -> str:
    """1100000 -> "1,1 mio. kr." (English "DKK 1.1m")."""
    return l10n.format_dkk_short(amount)


@register.filter
def long_date(value: dt.date | PartialDate | None) -> str:
    """A date in words: "22. november 2026", "august 2021", "2020" (English: "22 November 2026")."""
    return l10n.format_date(value)


@register.filter
def number_da(value: Decimal | int | float | None) -> str:
    """12500.456 -> "12.500,46" in Danish, "12,500.46" in English; rounded to two decimals."""
    return l10n.format_number(value)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters changed (None removes); for paging links."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def select_options(field) -> str:
    """A select field's <option>s, the current value selected: built in Python because the
    project list's filters offer thousands of organisations and focus areas, and a template
    loop comparing each one costs more than the rest of the page."""
    current = "" if field.value() is None else str(field.value())
    options = []
    for value, label in field.field.choices:
        selected = " selected" if str(value) == current else ""
        options.append(f'<option value="{escape(value)}"{selected}>{escape(label)}</option>')
    # Every value and label is escaped above.
    return mark_safe("".join(options))  # noqa: S308  # nosec B308 B703


@register.filter
def get_item(mapping, key):
    """mapping[key] for keys a template cannot write ("excel.csv")."""
    return mapping.get(key, "") if mapping else ""


@register.filter
def indicator_value(value: Decimal | int | float | None, indicator) -> str:
    """A value of the indicator as a reader reads it: "ja"/"nej" for a yes/no indicator,
    otherwise the number the Danish way with the indicator's unit ("14,5 %")."""
    if value is None:
        return ""
    if indicator.measure == "milestone":
        return yes_no_text(value)
    unit = indicator.unit or ("%" if indicator.measure == "percentage" else "")
    return f"{number_da(value)} {unit}".strip()
