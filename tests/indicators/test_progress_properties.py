"""Properties of the progress maths that must hold for any values (hypothesis)."""

import datetime as dt
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from actionplan.indicators.progress import Point, Series, Status, assess, reached

RANK = {Status.OFF_TRACK: 0, Status.AT_RISK: 1, Status.ON_TRACK: 2, Status.ACHIEVED: 3}

values = st.decimals(min_value=-10_000, max_value=10_000, places=2).map(float)
years = st.integers(min_value=2000, max_value=2040)
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2045, 12, 31))


@st.composite
def indicators(draw, *, ascending):
    """Baseline and target with the target ahead of the baseline in the better direction."""
    baseline = draw(values)
    distance = draw(st.decimals(min_value="0.01", max_value=10_000, places=2).map(float))
    target = baseline + distance if ascending else baseline - distance
    baseline_year = draw(years)
    target_year = draw(st.integers(min_value=baseline_year, max_value=2050))
    return Series(
        ascending=ascending,
        baseline_value=baseline,
        baseline_year=baseline_year,
        target_value=target,
        target_year=target_year,
    )


def _with(series: Series, *points: Point) -> Series:
    return replace(series, observations=points)


@settings(max_examples=200, deadline=None)
@given(indicators(ascending=True), dates, values, values)
def test_progress_rises_with_the_value_when_higher_is_better(series, date, a, b):
    low, high = sorted((a, b))
    assert (
        assess(_with(series, Point(date, low))).progress
        <= assess(_with(series, Point(date, high))).progress
    )


@settings(max_examples=200, deadline=None)
@given(indicators(ascending=False), dates, values, values)
def test_progress_falls_with_the_value_when_lower_is_better(series, date, a, b):
    low, high = sorted((a, b))
    assert (
        assess(_with(series, Point(date, low))).progress
        >= assess(_with(series, Point(date, high))).progress
    )


@settings(max_examples=200, deadline=None)
@given(ascending=st.booleans(), date=dates, a=values, b=values, data=st.data())
def test_a_better_value_never_gets_a_worse_status(ascending, date, a, b, data):
    series = data.draw(indicators(ascending=ascending))
    worse, better = sorted((a, b), reverse=not ascending)
    assert (
        RANK[assess(_with(series, Point(date, worse))).status]
        <= RANK[assess(_with(series, Point(date, better))).status]
    )


@st.composite
def any_indicator(draw):
    """Anything the model allows: baseline, target or both missing, targets behind the
    baseline, several observations in any order."""
    baseline_year = draw(st.none() | years)
    target_year = draw(st.none() | st.integers(min_value=baseline_year or 2000, max_value=2050))
    observed = draw(st.lists(st.tuples(dates, values), max_size=6, unique_by=lambda o: o[0]))
    return Series(
        measure=draw(st.sampled_from(["unit", "percentage", "dkk", "milestone"])),
        ascending=draw(st.booleans()),
        baseline_value=draw(st.none() | values),
        baseline_year=baseline_year,
        target_value=draw(st.none() | values),
        target_year=target_year,
        observations=tuple(Point(date, value) for date, value in observed),
    )


@settings(max_examples=200, deadline=None)
@given(any_indicator())
def test_achieved_never_comes_before_the_value_reaches_the_target(series):
    result = assess(series)
    if result.status != Status.ACHIEVED:
        return
    latest = max(series.observations, key=lambda p: p.date)
    if series.measure == "milestone":
        assert latest.value >= 1
    else:
        assert reached(latest.value, series.target_value, ascending=series.ascending)


@settings(max_examples=200, deadline=None)
@given(any_indicator())
def test_every_indicator_gets_a_known_status_and_a_reason(series):
    result = assess(series)
    assert result.status in Status.values
    assert str(result.reason)
    if result.expected is not None:
        assert 0 <= result.expected <= 1
