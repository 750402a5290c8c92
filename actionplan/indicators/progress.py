"""Progress, status, forecast and roll-up of indicators, goals, focus areas and themes.

The maths works on plain values (`Series`, `Point`); the adapters at the end of the module
turn model instances, with their observations prefetched, into those values. The method is
explained for non-technical readers on the portal page web/method.html; keep the two in step.

The rules:

* A year (baseline year, target year) stands for 1 July of that year: an annual figure
  describes the whole year, and its middle is the fairest single day for it.
* Progress is the share of the distance from the baseline to the target that the latest
  observation covers: 0 at the baseline, 1 at the target, below 0 when the value moved the
  wrong way, above 1 beyond the target. `ascending` says which way is better.
* Without a baseline, the first observation serves as one when there are at least two;
  with a single observation and no baseline, progress is unknown.
* Expected progress is where the straight line from the baseline to the target stands on the
  date of the latest observation (between 0 and 1).
* Status: achieved when the latest value has reached the target in the better direction;
  otherwise on track when progress >= expected - ON_TRACK_TOLERANCE, at risk when
  progress >= expected - AT_RISK_TOLERANCE, else off track. Once the target year is over
  without the target reached, off track. No data when there is nothing to measure against.
* When the target does not lie beyond the baseline in the better direction (a level to hold,
  or a target the baseline already meets), only whether the target is met counts.
* Milestones (yes/no) are achieved when the latest value is 1; qualitative indicators are
  described in words and have no status from the maths (no data).
* Forecast: a least-squares straight line through 3 or more observations, read at the target
  year, with a 95 % prediction interval from Student's t; fewer observations are too few.
* Roll-up: achieved and on track count 1 point, at risk 1/2, off track 0; the weighted mean
  over the parts with a status gives on track from 0.75, at risk from 0.5, else off track;
  achieved only when every part is achieved. Parts without data are left out but counted
  in the reason.
"""

import datetime as dt
import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext_lazy

from actionplan.core.dates import PartialDate, Precision
from actionplan.core.l10n import format_date, format_number

ON_TRACK_TOLERANCE = 0.10
AT_RISK_TOLERANCE = 0.25
ROLL_UP_POINTS = {"achieved": 1.0, "on_track": 1.0, "at_risk": 0.5, "off_track": 0.0}
ROLL_UP_ON_TRACK = 0.75
ROLL_UP_AT_RISK = 0.5
MIN_FORECAST_OBSERVATIONS = 3


class Status(models.TextChoices):
    ACHIEVED = "achieved", _("achieved")
    ON_TRACK = "on_track", _("on track")
    AT_RISK = "at_risk", _("at risk")
    OFF_TRACK = "off_track", _("off track")
    NO_DATA = "no_data", _("no data")


# --- values that render in the language active when the text is shown ---------------------


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str = ""

    def __str__(self) -> str:
        text = _number(self.value)
        return f"{text} {self.unit}" if self.unit else text


@dataclass(frozen=True)
class Share:
    """A share (0.36) shown as a percentage ("36 %")."""

    value: float

    def __str__(self) -> str:
        return f"{_number(self.value * 100, decimals=0)} %"


@dataclass(frozen=True)
class Month:
    date: dt.date

    def __str__(self) -> str:
        return format_date(PartialDate(self.date, Precision.MONTH))


@dataclass(frozen=True)
class Day:
    date: dt.date

    def __str__(self) -> str:
        return format_date(self.date)


def _number(value: float, decimals: int = 1) -> str:
    rounded = round(value, 0 if abs(value) >= 100 else decimals)
    places = 0 if rounded == int(rounded) else decimals
    return format_number(Decimal(str(rounded)), places=places, grouping=abs(rounded) >= 10000)


@dataclass(frozen=True)
class Message:
    """A translatable sentence with named placeholders, translated when it is shown."""

    text: Any  # a lazy msgid
    params: tuple[tuple[str, Any], ...] = ()

    def __str__(self) -> str:
        return str(self.text) % {name: str(value) for name, value in self.params}


def say(text: Any, **params: Any) -> Message:
    return Message(text, tuple(params.items()))


@dataclass(frozen=True)
class Reason:
    """Sentences (Message, or anything else whose str() is translated when shown)."""

    messages: tuple[Any, ...] = ()

    def __str__(self) -> str:
        return " ".join(str(message) for message in self.messages)

    def __bool__(self) -> bool:
        return bool(self.messages)


def _reason(*messages: Any) -> Reason:
    return Reason(tuple(m for m in messages if m is not None))


# --- inputs and results ----------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    date: dt.date
    value: float


@dataclass(frozen=True)
class Series:
    """One indicator as plain values. Observations may come in any order."""

    measure: str = "unit"
    ascending: bool = True
    unit: str = ""
    baseline_value: float | None = None
    baseline_year: int | None = None
    target_value: float | None = None
    target_year: int | None = None
    observations: tuple[Point, ...] = ()
    texts: int = 0  # qualitative observations, which carry text and no value


@dataclass(frozen=True)
class Forecast:
    year: int | None
    value: float | None
    low: float | None = None
    high: float | None = None
    standard_error: float | None = None
    slope_per_year: float | None = None
    observations: int = 0
    reason: Reason = field(default_factory=Reason)


@dataclass(frozen=True)
class Assessment:
    status: str
    reason: Reason
    progress: float | None = None
    expected: float | None = None
    forecast: Forecast | None = None
    expected_value: float | None = None
    baseline_from_observation: bool = False
    counts: tuple[tuple[str, int], ...] = ()


def year_date(year: int) -> dt.date:
    return dt.date(year, 7, 1)


def _years(date: dt.date) -> float:
    return date.toordinal() / 365.2425


def reached(value: float, target: float, *, ascending: bool) -> bool:
    return value >= target if ascending else value <= target


def progress_toward(
    value: float, baseline: float, target: float, *, ascending: bool
) -> float | None:
    """Share of the way from baseline to target; None when the target is not ahead."""
    gap = (target - baseline) if ascending else (baseline - target)
    if gap <= 0:
        return None
    gain = (value - baseline) if ascending else (baseline - value)
    return gain / gap


def expected_progress(on: dt.date, start: dt.date, end: dt.date) -> float:
    """Where the straight line from start (0) to end (1) stands on a date, within 0..1."""
    if end <= start:
        return 1.0 if on >= end else 0.0
    share = (on - start).days / (end - start).days
    return min(1.0, max(0.0, share))


# --- forecast --------------------------------------------------------------------------------

# Two-sided 95 % quantiles of Student's t for 1..30 degrees of freedom.
_T95 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip


def t95(degrees: int) -> float:
    if degrees <= len(_T95):
        return _T95[degrees - 1]
    z = 1.959964  # Cornish-Fisher expansion around the normal quantile
    return z + (z**3 + z) / (4 * degrees) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * degrees**2)


def forecast(
    points: Sequence[Point],
    year: int | None,
    *,
    lower: float | None = None,
    upper: float | None = None,
) -> Forecast:
    """The least-squares trend read at 1 July of `year`, with a 95 % prediction interval."""
    n = len(points)
    if year is None:
        return Forecast(None, None, observations=n, reason=_reason(say(NO_TARGET_YEAR_FORECAST)))
    if n < MIN_FORECAST_OBSERVATIONS:
        return Forecast(
            year,
            None,
            observations=n,
            reason=_reason(
                say(TOO_LITTLE_DATA, needed=MIN_FORECAST_OBSERVATIONS, count=n),
            ),
        )
    xs = [_years(p.date) for p in points]
    ys = [p.value for p in points]
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    intercept = mean_y - slope * mean_x
    residuals = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, ys, strict=True))
    spread = math.sqrt(residuals / (n - 2))
    x0 = _years(year_date(year))
    error = spread * math.sqrt(1 + 1 / n + (x0 - mean_x) ** 2 / sxx)
    value = intercept + slope * x0
    margin = t95(n - 2) * error

    def clip(number: float) -> float:
        if lower is not None:
            number = max(lower, number)
        if upper is not None:
            number = min(upper, number)
        return number

    return Forecast(
        year=year,
        value=clip(value),
        low=clip(value - margin),
        high=clip(value + margin),
        standard_error=error,
        slope_per_year=slope,
        observations=n,
        reason=_reason(),  # filled in by assess(), which knows the unit
    )


# --- the messages ----------------------------------------------------------------------------

NO_TARGET_YEAR_FORECAST = _("There is no target year to forecast for.")
TOO_LITTLE_DATA = _(
    "Too little data to forecast: a trend needs at least %(needed)s observations, "
    "there are %(count)s."
)
FORECAST_TEXT = _(
    "If the trend of the %(count)s observations continues, the value will be about "
    "%(value)s in %(year)s (95 %% interval %(low)s to %(high)s)."
)
ONLY_NUMBERS_FORECAST = _("Only indicators measured by a number are forecast.")


# --- one indicator -----------------------------------------------------------------------------


def assess(series: Series) -> Assessment:
    """Status, progress, expected progress and forecast of one indicator."""
    unit = "%" if series.measure == "percentage" and not series.unit else series.unit

    def q(value: float) -> Quantity:
        return Quantity(value, unit)

    if series.measure == "qualitative":
        return Assessment(
            Status.NO_DATA,
            _reason(
                say(
                    _(
                        "A qualitative indicator is described in words, not measured "
                        "against a number (%(count)s descriptions so far)."
                    ),
                    count=series.texts,
                )
            ),
            forecast=Forecast(series.target_year, None, reason=_reason(say(ONLY_NUMBERS_FORECAST))),
        )
    points = tuple(sorted(series.observations, key=lambda p: p.date))
    if series.measure == "milestone":
        return _assess_milestone(series, points)

    bounds = (0.0, 100.0) if series.measure == "percentage" else (None, None)
    trend = forecast(points, series.target_year, lower=bounds[0], upper=bounds[1])
    if trend.value is not None and trend.low is not None and trend.high is not None:
        # forecast() gives the range with every value
        trend = replace(
            trend,
            reason=_reason(
                say(
                    FORECAST_TEXT,
                    count=trend.observations,
                    value=q(trend.value),
                    year=trend.year,
                    low=q(trend.low),
                    high=q(trend.high),
                )
            ),
        )

    if not points:
        return Assessment(
            Status.NO_DATA, _reason(say(_("There are no observations yet."))), forecast=trend
        )
    latest = points[-1]
    target = series.target_value
    if target is None:
        return Assessment(
            Status.NO_DATA,
            _reason(
                say(
                    _(
                        "No target value has been set, so progress cannot be measured; "
                        "the latest value is %(value)s (%(date)s)."
                    ),
                    value=q(latest.value),
                    date=Month(latest.date),
                )
            ),
            forecast=trend,
        )

    baseline_note = None
    baseline_date: dt.date | None = None
    baseline: float | None
    if series.baseline_value is not None:
        baseline = series.baseline_value
        if series.baseline_year is not None:
            baseline_date = year_date(series.baseline_year)
    elif len(points) >= 2:
        baseline, baseline_date = points[0].value, points[0].date
        baseline_note = say(
            _(
                "There is no baseline, so the first observation (%(value)s, %(date)s) "
                "is used instead."
            ),
            value=q(baseline),
            date=Month(baseline_date),
        )
    else:
        baseline = None

    progress = (
        None
        if baseline is None
        else progress_toward(latest.value, baseline, target, ascending=series.ascending)
    )
    expected = expected_value = None
    if baseline is not None and baseline_date is not None and series.target_year is not None:
        expected = expected_progress(latest.date, baseline_date, year_date(series.target_year))
        expected_value = baseline + expected * (target - baseline)
    common: dict[str, Any] = {
        "progress": progress,
        "expected": expected,
        "expected_value": expected_value,
        "forecast": trend,
        "baseline_from_observation": baseline_note is not None,
    }

    if reached(latest.value, target, ascending=series.ascending):
        return Assessment(
            Status.ACHIEVED,
            _reason(
                baseline_note,
                say(
                    _("The value %(value)s (%(date)s) has reached the target %(target)s."),
                    value=q(latest.value),
                    date=Month(latest.date),
                    target=q(target),
                ),
            ),
            **common,
        )
    if baseline is None:
        return Assessment(
            Status.NO_DATA,
            _reason(
                say(
                    _(
                        "There is one observation (%(value)s, %(date)s) and no baseline, so "
                        "progress cannot be measured until there is a baseline or a second "
                        "observation."
                    ),
                    value=q(latest.value),
                    date=Month(latest.date),
                )
            ),
            **common,
        )
    if progress is None:
        return Assessment(
            Status.OFF_TRACK,
            _reason(
                baseline_note,
                say(
                    _(
                        "The target %(target)s is no improvement on the baseline %(baseline)s, "
                        "so it counts only whether the target is met; %(value)s (%(date)s) "
                        "does not meet it."
                    ),
                    target=q(target),
                    baseline=q(baseline),
                    value=q(latest.value),
                    date=Month(latest.date),
                ),
            ),
            **common,
        )
    if baseline_date is None or series.target_year is None:
        missing = (
            _("The baseline has no year") if baseline_date is None else _("The target has no year")
        )
        return Assessment(
            Status.NO_DATA,
            _reason(
                say(
                    _(
                        "%(missing)s, so there is no path to compare with; the value "
                        "%(value)s has covered %(progress)s of the way from %(baseline)s "
                        "to %(target)s."
                    ),
                    missing=missing,
                    value=q(latest.value),
                    progress=Share(progress),
                    baseline=q(baseline),
                    target=q(target),
                ),
            ),
            **common,
        )

    assert expected is not None and expected_value is not None
    if latest.date.year > series.target_year:
        return Assessment(
            Status.OFF_TRACK,
            _reason(
                baseline_note,
                say(
                    _(
                        "The target year %(year)s has passed and the value %(value)s "
                        "(%(date)s) has not reached the target %(target)s."
                    ),
                    year=series.target_year,
                    value=q(latest.value),
                    date=Month(latest.date),
                    target=q(target),
                ),
            ),
            **common,
        )

    if progress >= expected - ON_TRACK_TOLERANCE:
        status = Status.ON_TRACK
    elif progress >= expected - AT_RISK_TOLERANCE:
        status = Status.AT_RISK
    else:
        status = Status.OFF_TRACK
    where = {
        "value": q(latest.value),
        "baseline": q(baseline),
        "target": q(target),
        "expected_value": q(expected_value),
        "date": Month(latest.date),
        "progress": Share(progress),
    }
    if latest.value == baseline:
        text = say(
            _(
                "The value %(value)s is at the baseline; on the straight path to the target "
                "%(target)s it should have been about %(expected_value)s in %(date)s."
            ),
            **where,
        )
    elif progress < 0:
        text = say(
            _(
                "The value %(value)s has moved away from the target %(target)s since the "
                "baseline %(baseline)s; on the straight path it should have been about "
                "%(expected_value)s in %(date)s."
            ),
            **where,
        )
    else:
        text = say(
            _(
                "The value %(value)s has covered %(progress)s of the way from %(baseline)s to "
                "%(target)s; on the straight path it should have been about "
                "%(expected_value)s in %(date)s."
            ),
            **where,
        )
    return Assessment(status, _reason(baseline_note, text), **common)


def _assess_milestone(series: Series, points: tuple[Point, ...]) -> Assessment:
    trend = Forecast(series.target_year, None, reason=_reason(say(ONLY_NUMBERS_FORECAST)))
    if not points:
        return Assessment(
            Status.NO_DATA, _reason(say(_("There are no observations yet."))), forecast=trend
        )
    latest = points[-1]
    if latest.value >= 1:
        return Assessment(
            Status.ACHIEVED,
            _reason(say(_("The milestone was reached (%(date)s)."), date=Day(latest.date))),
            progress=1.0,
            forecast=trend,
        )
    if series.target_year is not None and latest.date.year > series.target_year:
        return Assessment(
            Status.OFF_TRACK,
            _reason(
                say(
                    _("The milestone was due in %(year)s and is not reached."),
                    year=series.target_year,
                )
            ),
            progress=0.0,
            forecast=trend,
        )
    return Assessment(
        Status.NO_DATA,
        _reason(
            say(
                _(
                    "The milestone is not reached yet; a yes/no milestone has no path to "
                    "measure against before its year is over."
                )
            )
        ),
        progress=0.0,
        forecast=trend,
    )


# --- roll-up ---------------------------------------------------------------------------------

# A context keeps these plural entries apart from the models' singular verbose names, which
# Python's gettext would otherwise no longer find once the .po merges them.
NOUNS = {
    "indicator": lambda n: npgettext_lazy("counted in a status", "indicator", "indicators", n),
    "goal": lambda n: npgettext_lazy("counted in a status", "goal", "goals", n),
    "focus_area": lambda n: npgettext_lazy("counted in a status", "focus area", "focus areas", n),
}


@functools.lru_cache(maxsize=512)
def _things(noun: str, count: int):
    """The lazy plural, made once per noun and count: each npgettext_lazy call builds a
    proxy class (about 1 ms), which a cockpit rolling up hundreds of goals felt."""
    return NOUNS[noun](count)


COUNT_TEXTS = {
    Status.OFF_TRACK: _("%(count)s of %(total)s %(things)s off track"),
    Status.AT_RISK: _("%(count)s of %(total)s %(things)s at risk"),
    Status.ON_TRACK: _("%(count)s of %(total)s %(things)s on track"),
    Status.ACHIEVED: _("%(count)s of %(total)s %(things)s achieved"),
    Status.NO_DATA: _("%(count)s of %(total)s %(things)s without data"),
}
COUNT_ORDER = (Status.OFF_TRACK, Status.AT_RISK, Status.ON_TRACK, Status.ACHIEVED, Status.NO_DATA)


@dataclass(frozen=True)
class _Counts:
    parts: tuple[Message, ...]

    def __str__(self) -> str:
        return "; ".join(str(part) for part in self.parts) + "."


def roll_up(parts: Sequence[tuple[Assessment, float]], *, noun: str = "indicator") -> Assessment:
    """The status of a goal, focus area or theme from its parts and their weights."""
    total = len(parts)
    if not total:
        return Assessment(Status.NO_DATA, _reason(say(_("Nothing is measured here yet."))))
    counts = {status: sum(1 for a, _w in parts if a.status == status) for status in COUNT_ORDER}
    things = _things(noun, total)
    summary = _Counts(
        tuple(
            say(COUNT_TEXTS[status], count=counts[status], total=total, things=things)
            for status in COUNT_ORDER
            if counts[status]
        )
    )
    count_items = tuple((str(status), counts[status]) for status in COUNT_ORDER)
    weighted = [(a, float(w)) for a, w in parts if a.status != Status.NO_DATA and w > 0]
    progress = _weighted_mean(
        (min(1.0, max(0.0, a.progress)), float(w)) for a, w in parts if a.progress is not None
    )
    expected = _weighted_mean((a.expected, float(w)) for a, w in parts if a.expected is not None)
    common: dict[str, Any] = {"progress": progress, "expected": expected, "counts": count_items}
    if not weighted:
        return Assessment(Status.NO_DATA, _reason(summary), **common)
    if counts[Status.ACHIEVED] == total:
        return Assessment(Status.ACHIEVED, _reason(summary), **common)
    score = _weighted_mean((ROLL_UP_POINTS[a.status], w) for a, w in weighted)
    assert score is not None  # weighted is not empty and its weights are positive
    if score >= ROLL_UP_ON_TRACK:
        status = Status.ON_TRACK
    elif score >= ROLL_UP_AT_RISK:
        status = Status.AT_RISK
    else:
        status = Status.OFF_TRACK
    return Assessment(status, _reason(summary), **common)


def _weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    total = weights = 0.0
    for value, weight in pairs:
        total += value * weight
        weights += weight
    return total / weights if weights > 0 else None


# --- adapters: model instances with prefetched relations -> plain values ---------------------


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# The Indicator fields a Series is made of, in series_from's order (for values_list reads).
SERIES_FIELDS = (
    "measure",
    "ascending",
    "unit",
    "baseline_value",
    "baseline_year",
    "target_value",
    "target_year",
)


def series_from(fields: Sequence, observations: Iterable[tuple[dt.date, Any, str]]) -> Series:
    """A Series from an indicator's SERIES_FIELDS values and its (date, value, text)
    observations in date order: for reads of many indicators as plain rows."""
    measure, ascending, unit, baseline_value, baseline_year, target_value, target_year = fields
    observations = list(observations)
    return Series(
        measure=measure,
        ascending=ascending,
        unit=unit,
        baseline_value=_float(baseline_value),
        baseline_year=baseline_year,
        target_value=_float(target_value),
        target_year=target_year,
        observations=tuple(
            Point(date, float(value)) for date, value, _text in observations if value is not None
        ),
        texts=sum(1 for _date, value, text in observations if value is None and text),
    )


def series_of(indicator) -> Series:
    """The plain values of an Indicator; reads `indicator.observations.all()` (prefetch it)."""
    return series_from(
        [getattr(indicator, name) for name in SERIES_FIELDS],
        ((o.date, o.value, o.text) for o in indicator.observations.all()),
    )


def assess_indicator(indicator) -> Assessment:
    return assess(series_of(indicator))


def assess_goal(goal) -> Assessment:
    """Reads goal.indicators.all() and their observations (prefetch them)."""
    return roll_up(
        [(assess_indicator(i), float(i.weight)) for i in goal.indicators.all()], noun="indicator"
    )


def assess_focus_area(area) -> Assessment:
    return roll_up([(assess_goal(g), float(g.weight)) for g in area.goals.all()], noun="goal")


def assess_theme(theme) -> Assessment:
    return roll_up(
        [(assess_focus_area(a), 1.0) for a in theme.focus_areas.all()], noun="focus_area"
    )
