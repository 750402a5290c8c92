"""Progress, status, forecast and roll-up, with cases worked out by hand.

Years stand for 1 July; expected progress is days since the baseline date over days from the
baseline date to the target date.
"""

import datetime as dt
from dataclasses import replace

import pytest
from django.utils import translation

from actionplan.indicators.progress import (
    Assessment,
    Point,
    Reason,
    Series,
    Status,
    assess,
    assess_focus_area,
    assess_goal,
    assess_indicator,
    assess_theme,
    expected_progress,
    forecast,
    roll_up,
    t95,
)
from actionplan.indicators.selectors import indicators_for_plan
from actionplan.plans.models import Goal

D = dt.date


def pct(**values) -> Series:
    return Series(measure="percentage", unit="%", **values)


def english(reason: Reason) -> str:
    with translation.override("en"):
        return str(reason)


# --- progress ---------------------------------------------------------------------------------


def test_ascending_progress_is_the_share_of_the_distance_covered():
    # 10 -> 30, value 15: 5 of 20 = 0.25
    result = assess(
        pct(
            baseline_value=10,
            baseline_year=2020,
            target_value=30,
            target_year=2030,
            observations=(Point(D(2022, 7, 1), 15),),
        )
    )
    assert result.progress == pytest.approx(0.25)


def test_descending_progress_counts_a_fall_as_progress():
    # bus delays 23.400 -> 18.000 hours, value 22.050: 1.350 of 5.400 = 0.25
    series = Series(
        ascending=False,
        unit="timer",
        baseline_value=23400,
        baseline_year=2018,
        target_value=18000,
        target_year=2030,
        observations=(Point(D(2021, 7, 1), 22050),),
    )
    assert assess(series).progress == pytest.approx(0.25)


def test_a_descending_value_that_rises_has_negative_progress():
    series = Series(
        ascending=False,
        baseline_value=100,
        baseline_year=2020,
        target_value=50,
        target_year=2030,
        observations=(Point(D(2021, 7, 1), 110),),
    )
    result = assess(series)
    assert result.progress == pytest.approx(-0.2)
    assert result.status == Status.OFF_TRACK
    assert "moved away from the target" in english(result.reason)


def test_a_target_below_the_baseline_of_an_ascending_indicator_counts_only_when_met():
    # Higher is better, yet the target (80) is below the baseline (85): a level to hold.
    series = pct(
        baseline_value=85,
        baseline_year=2020,
        target_value=80,
        target_year=2030,
        observations=(Point(D(2022, 7, 1), 79),),
    )
    result = assess(series)
    assert (result.status, result.progress) == (Status.OFF_TRACK, None)
    assert "no improvement on the baseline" in english(result.reason)
    held = assess(replace(series, observations=(Point(D(2022, 7, 1), 81),)))
    assert held.status == Status.ACHIEVED


def test_progress_beyond_the_target_exceeds_one():
    series = pct(
        baseline_value=10,
        baseline_year=2020,
        target_value=20,
        target_year=2030,
        observations=(Point(D(2022, 7, 1), 25),),
    )
    assert assess(series).progress == pytest.approx(1.5)


# --- status -------------------------------------------------------------------------------------


def test_expected_progress_follows_the_straight_line_and_stays_within_zero_and_one():
    start, end = D(2020, 7, 1), D(2030, 7, 1)
    assert expected_progress(D(2025, 7, 1), start, end) == pytest.approx(1826 / 3652)
    assert expected_progress(D(2019, 1, 1), start, end) == 0
    assert expected_progress(D(2031, 1, 1), start, end) == 1


@pytest.mark.parametrize(
    ("value", "status"),
    [
        # baseline 0 (2020) -> 100 (2030); on 1 July 2025 expected = 1826/3652 = 0.5
        (45, Status.ON_TRACK),  # 0.45 >= 0.5 - 0.10
        (40, Status.ON_TRACK),  # exactly at the tolerance
        (39, Status.AT_RISK),  # 0.39 >= 0.5 - 0.25
        (25, Status.AT_RISK),
        (24, Status.OFF_TRACK),
        (100, Status.ACHIEVED),
    ],
)
def test_status_against_the_trajectory_with_its_tolerance(value, status):
    series = pct(
        baseline_value=0,
        baseline_year=2020,
        target_value=100,
        target_year=2030,
        observations=(Point(D(2025, 7, 1), value),),
    )
    result = assess(series)
    assert result.expected == pytest.approx(0.5)
    assert result.status == status


def test_achieved_early_is_achieved():
    series = Series(
        ascending=False,
        baseline_value=16.7,
        baseline_year=2018,
        target_value=12,
        target_year=2035,
        observations=(Point(D(2021, 1, 1), 15), Point(D(2022, 1, 1), 11.9)),
    )
    result = assess(series)
    assert result.status == Status.ACHIEVED
    assert "has reached the target 12" in english(result.reason)


def test_no_observations_is_no_data():
    result = assess(pct(baseline_value=10, baseline_year=2020, target_value=30, target_year=2030))
    assert (result.status, result.progress) == (Status.NO_DATA, None)
    assert english(result.reason) == "There are no observations yet."


def test_no_target_is_no_data_even_with_observations():
    series = Series(
        ascending=False,
        baseline_value=23400,
        baseline_year=2018,
        observations=(Point(D(2021, 1, 1), 23000),),
    )
    result = assess(series)
    assert result.status == Status.NO_DATA
    assert "No target value" in english(result.reason)


def test_a_single_observation_without_baseline_gives_unknown_progress():
    series = pct(target_value=30, target_year=2025, observations=(Point(D(2021, 9, 1), 14),))
    result = assess(series)
    assert (result.status, result.progress, result.expected) == (Status.NO_DATA, None, None)
    assert "one observation" in english(result.reason)


def test_a_single_observation_without_baseline_that_meets_the_target_is_achieved():
    series = pct(target_value=30, target_year=2025, observations=(Point(D(2021, 9, 1), 31),))
    assert assess(series).status == Status.ACHIEVED


def test_without_baseline_the_first_observation_is_the_baseline_and_the_reason_says_so():
    # first 10 on 1 July 2020 -> target 30 on 1 July 2030; 1 July 2025: expected 0.5, actual 0.2
    series = pct(
        target_value=30,
        target_year=2030,
        observations=(Point(D(2025, 7, 1), 14), Point(D(2020, 7, 1), 10)),
    )
    result = assess(series)
    assert result.baseline_from_observation
    assert result.progress == pytest.approx(0.2)
    assert result.expected == pytest.approx(0.5)
    assert result.status == Status.OFF_TRACK
    assert english(result.reason).startswith(
        "There is no baseline, so the first observation (10 %, July 2020) is used instead."
    )


def test_a_missed_target_year_is_off_track_even_close_to_the_target():
    series = pct(
        baseline_value=0,
        baseline_year=2020,
        target_value=100,
        target_year=2025,
        observations=(Point(D(2026, 3, 1), 95),),
    )
    result = assess(series)
    assert result.status == Status.OFF_TRACK
    assert "target year 2025 has passed" in english(result.reason)


def test_a_target_without_year_has_no_path_to_compare_with():
    series = pct(
        ascending=False,
        baseline_value=10,
        baseline_year=2020,
        target_value=0,
        observations=(Point(D(2022, 1, 1), 5),),
    )
    result = assess(series)
    assert (result.status, result.progress) == (Status.NO_DATA, 0.5)
    assert "The target has no year" in english(result.reason)


def test_a_milestone_is_achieved_when_the_latest_value_is_one():
    series = Series(
        measure="milestone",
        target_value=1,
        target_year=2035,
        observations=(Point(D(2030, 1, 1), 0), Point(D(2033, 1, 1), 1)),
    )
    assert assess(series).status == Status.ACHIEVED


def test_a_milestone_not_reached_is_off_track_only_after_its_year():
    milestone = Series(measure="milestone", target_value=1, target_year=2035)
    before = replace(milestone, observations=(Point(D(2030, 1, 1), 0),))
    after = replace(milestone, observations=(Point(D(2036, 1, 1), 0),))
    assert assess(before).status == Status.NO_DATA
    assert assess(after).status == Status.OFF_TRACK


def test_a_qualitative_indicator_has_no_data_for_the_maths_but_a_reason():
    result = assess(Series(measure="qualitative", texts=2))
    assert result.status == Status.NO_DATA
    assert "described in words" in english(result.reason)


# --- forecast -----------------------------------------------------------------------------------


def test_too_little_data_to_forecast_is_said_plainly():
    result = forecast((Point(D(2020, 7, 1), 10), Point(D(2021, 7, 1), 12)), 2025)
    assert result.value is None
    assert english(result.reason) == (
        "Too little data to forecast: a trend needs at least 3 observations, there are 2."
    )


def test_a_straight_line_is_forecast_exactly_with_no_uncertainty():
    # 1 January 2021, 2022, 2023 are 365 days apart, so the points lie exactly on a line.
    points = tuple(Point(D(year, 1, 1), 10 + 2 * (year - 2021)) for year in (2021, 2022, 2023))
    result = forecast(points, 2025)
    assert result.value == pytest.approx(19, abs=0.01)  # 1 July 2025: 4.5 years after 2021
    assert result.standard_error == pytest.approx(0, abs=1e-9)


def test_forecast_with_noise_has_the_least_squares_value_and_a_95_percent_interval():
    # x = 2018..2021, y = 10, 13, 14, 17: slope 11/5 = 2.2, mean 13.5 at 2019.5,
    # so 2025 -> 13.5 + 2.2 * 5.5 = 25.6; residuals -0.2, 0.6, -0.6, 0.2 -> s = sqrt(0.8 / 2);
    # prediction error s * sqrt(1 + 1/4 + 5.5**2 / 5) = 1.709; t(2) = 4.303 -> +-7.35.
    values = {2018: 10, 2019: 13, 2020: 14, 2021: 17}
    points = tuple(Point(D(year, 7, 1), value) for year, value in values.items())
    result = forecast(points, 2025)
    assert result.slope_per_year == pytest.approx(2.2, abs=0.01)
    assert result.value == pytest.approx(25.6, abs=0.02)
    assert result.standard_error == pytest.approx(1.709, abs=0.01)
    assert (result.low, result.high) == (
        pytest.approx(25.6 - 7.353, abs=0.05),
        pytest.approx(25.6 + 7.353, abs=0.05),
    )


def test_the_forecast_text_shows_the_interval():
    values = {2018: 10, 2019: 13, 2020: 14, 2021: 17}
    series = pct(
        baseline_value=10,
        baseline_year=2018,
        target_value=30,
        target_year=2025,
        observations=tuple(Point(D(y, 7, 1), v) for y, v in values.items()),
    )
    text = english(assess(series).forecast.reason)
    assert text == (
        "If the trend of the 4 observations continues, the value will be about 25.6 % in 2025 "
        "(95 % interval 18.2 % to 33 %)."
    )


def test_a_percentage_forecast_stays_within_0_and_100():
    points = tuple(Point(D(year, 7, 1), 60 + 15 * (year - 2018)) for year in (2018, 2019, 2020))
    result = assess(pct(target_value=100, target_year=2030, observations=points)).forecast
    assert result.value == 100


def test_t_quantiles_come_from_the_table_and_approach_the_normal():
    assert t95(1) == 12.706
    assert t95(30) == 2.042
    assert 1.96 < t95(200) < 1.975


# --- roll-up ------------------------------------------------------------------------------------


def status(name: str) -> Assessment:
    return Assessment(name, Reason())


def test_two_of_three_indicators_off_track_make_the_goal_off_track():
    result = roll_up([(status("off_track"), 1), (status("off_track"), 1), (status("on_track"), 1)])
    assert result.status == Status.OFF_TRACK
    assert english(result.reason) == ("2 of 3 indicators off track; 1 of 3 indicators on track.")


def test_roll_up_weights_count():
    parts = [(status("off_track"), 1), (status("on_track"), 3)]  # score 3/4
    assert roll_up(parts).status == Status.ON_TRACK
    assert roll_up([(status("off_track"), 1), (status("on_track"), 1)]).status == Status.AT_RISK


def test_roll_up_is_achieved_only_when_every_part_is():
    assert roll_up([(status("achieved"), 1), (status("achieved"), 1)]).status == Status.ACHIEVED
    assert roll_up([(status("achieved"), 1), (status("no_data"), 1)]).status == Status.ON_TRACK


def test_roll_up_without_any_status_is_no_data_and_says_why():
    result = roll_up([(status("no_data"), 1)], noun="goal")
    assert result.status == Status.NO_DATA
    assert english(result.reason) == "1 of 1 goal without data."
    assert english(roll_up([]).reason) == "Nothing is measured here yet."


def test_a_weight_of_zero_leaves_a_part_out():
    assert roll_up([(status("off_track"), 0), (status("on_track"), 1)]).status == Status.ON_TRACK


def test_roll_up_progress_is_the_weighted_mean_capped_at_the_target():
    parts = [
        (Assessment("on_track", Reason(), progress=1.5), 1),
        (Assessment("at_risk", Reason(), progress=0.2), 3),
    ]
    assert roll_up(parts).progress == pytest.approx((1 + 0.6) / 4)


# --- on the models ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_goal_focus_area_and_theme_roll_up_from_the_database(django_assert_num_queries):
    from tests import factories

    area = factories.focus_area()
    goal = factories.goal(area)
    factories.indicator(
        goal,
        measure="percentage",
        baseline_value=0,
        baseline_year=2020,
        target_value=100,
        target_year=2030,
        observations=[(D(2025, 7, 1), 10)],
    )
    factories.indicator(goal, measure="qualitative", observations=[(D(2025, 7, 1), "Godt")])
    indicators = list(indicators_for_plan(area.plan))
    with django_assert_num_queries(0):
        assert [assess_indicator(i).status for i in indicators] == ["off_track", "no_data"]
    goal = Goal.objects.prefetch_related("indicators__observations").get(pk=goal.pk)
    assert assess_goal(goal).status == Status.OFF_TRACK
    assert assess_focus_area(area).status == Status.OFF_TRACK
    with translation.override("en"):
        assert str(assess_theme(area.theme).reason) == "1 of 1 focus area off track."


# --- the demo plan --------------------------------------------------------------------------------


def test_the_eud_goal_is_off_track_with_its_reason(demo):
    goal = (
        Goal.objects.filter(focus_area__plan=demo, focus_area__slug="faglaerte")
        .prefetch_related("indicators__observations")
        .get()
    )
    indicator = assess_indicator(goal.indicators.get())
    assert indicator.status == Status.OFF_TRACK
    assert indicator.progress == 0
    assert indicator.expected == pytest.approx(793 / 2192)  # 1 July 2019 -> 1 Sep 2021 -> 2025
    assert english(indicator.reason) == (
        "The value 14 % is at the baseline; on the straight path to the target 30 % it should "
        "have been about 19.8 % in September 2021."
    )
    result = assess_goal(goal)
    assert result.status == Status.OFF_TRACK
    assert english(result.reason) == "1 of 1 indicator off track."
