"""Dates known to a year, a month or a day ("2020", "august 2021", "2021-08-15")."""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    YEAR = "year", _("year")
    MONTH = "month", _("month")
    DAY = "day", _("day")


_ISO = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?$")


@dataclass(frozen=True)
class PartialDate:
    """A date and how much of it is known.

    A period's start is stored as its first day and an end as its last day, so that
    "2021" as an end compares correctly with "2021-09" as a start.
    """

    date: dt.date
    precision: str = Precision.DAY

    @classmethod
    def parse(cls, text: "str | int | dt.date", *, end: bool = False) -> "PartialDate":
        if isinstance(text, dt.date):
            return cls(text, Precision.DAY)
        match = _ISO.match(str(text).strip())
        if not match:
            raise ValidationError(
                _("%(value)s is not a date; write YYYY, YYYY-MM or YYYY-MM-DD."),
                params={"value": text},
            )
        year = int(match["y"])
        try:
            if match["d"]:
                return cls(dt.date(year, int(match["m"]), int(match["d"])), Precision.DAY)
            if match["m"]:
                month = int(match["m"])
                day = calendar.monthrange(year, month)[1] if end else 1
                return cls(dt.date(year, month, day), Precision.MONTH)
        except ValueError as exc:
            raise ValidationError(
                _("%(value)s is not a valid date."), params={"value": text}
            ) from exc
        return cls(dt.date(year, 12, 31) if end else dt.date(year, 1, 1), Precision.YEAR)

    def iso(self) -> str:
        if self.precision == Precision.YEAR:
            return f"{self.date:%Y}"
        if self.precision == Precision.MONTH:
            return f"{self.date:%Y-%m}"
        return self.date.isoformat()

    def danish(self) -> str:
        from actionplan.core.l10n import format_date  # l10n reads PartialDate

        return format_date(self, lang="da")

    def __str__(self) -> str:
        return self.iso()


def partial(date: dt.date | None, precision: str) -> PartialDate | None:
    return PartialDate(date, precision) if date else None
