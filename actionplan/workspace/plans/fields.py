"""Form fields the plan pages share: Danish dates and periods, numbers, years."""

import calendar
import datetime as dt
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from actionplan.core.dates import Precision
from actionplan.core.l10n import format_number, parse_number, parse_partial_date
from actionplan.indicators import bulk
from actionplan.plans.sectors import dac_sector_choices


def _danish_day(value: dt.date) -> str:
    return f"{value:%d.%m.%Y}"


class _DateTextField(forms.CharField):
    """A date written as text, shown the Danish way; `parse` reads the text."""

    def __init__(self, *, example, **kwargs):
        # No max_length: its validator would run on the parsed value, not on the text.
        kwargs.setdefault("help_text", example)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return _danish_day(value) if isinstance(value, dt.date) else value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        return self.parse(text)

    def parse(self, text: str) -> dt.date:
        raise NotImplementedError


class DayField(_DateTextField):
    """One day: "31.12.2021", "2021-12-31" or "31. december 2021"."""

    def __init__(self, **kwargs):
        super().__init__(example=_("E.g. 31.12.2021"), **kwargs)

    def parse(self, text: str) -> dt.date:
        return bulk.full_date(text)


class PeriodDateField(_DateTextField):
    """The start or end of a plan's period: a year, a month or a day ("2022" as an end is
    31 December 2022)."""

    def __init__(self, *, end: bool = False, **kwargs):
        self.end = end
        super().__init__(example=_("E.g. 2022, januar 2022 or 01.01.2022"), **kwargs)

    def parse(self, text: str) -> dt.date:
        parsed = parse_partial_date(text)
        day = parsed.date
        if self.end and parsed.precision == Precision.YEAR:
            return dt.date(day.year, 12, 31)
        if self.end and parsed.precision == Precision.MONTH:
            return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
        return day


class WeightField(forms.DecimalField):
    """How much a goal or an indicator counts in the status above it; 0 leaves it out."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("Weight"),
            min_value=0,
            max_digits=6,
            decimal_places=2,
            initial=Decimal(1),
            localize=True,
            **kwargs,
        )


class DacSectorField(forms.ChoiceField):
    """The OECD DAC purpose code of a theme's or focus area's projects in the IATI data."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("DAC sector in the IATI open data"),
            choices=dac_sector_choices,
            required=False,
            **kwargs,
        )


class NumberField(forms.CharField):
    """A number written the Danish way: "14,5", "1.234,5", "120 000"."""

    def __init__(self, **kwargs):
        # No max_length: its validator would run on the parsed value, not on the text.
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format_number(value, places=None, grouping=False, lang="da")
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            number = parse_number(text, "da")
        except ValueError:
            raise ValidationError(
                _("“%(value)s” is not a number; write e.g. 14,5.") % {"value": text}
            ) from None
        if not number.is_finite():
            raise ValidationError(_("Write a finite number."))
        return number


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(min_value=1900, max_value=2200, **kwargs)


class YearsField(forms.CharField):
    """Target years as a list: "2025" or "2035, 2050"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("One or more years, e.g. 2035, 2050"))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(year) for year in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        years = []
        for part in text.replace(";", ",").replace(" og ", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not (part.isdigit() and 1900 <= int(part) <= 2200):
                raise ValidationError(
                    _("“%(value)s” is not a year; write e.g. 2035, 2050.") % {"value": part}
                )
            years.append(int(part))
        return sorted(set(years))


class PeriodMixin:
    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data
