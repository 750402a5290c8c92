import datetime as dt

import pytest

from actionplan.indicators.progress import assess_indicator
from actionplan.indicators.selectors import indicators_for_plan
from tests import factories

pytestmark = pytest.mark.django_db


def _indicators(area, count):
    goal = factories.goal(area)
    for _ in range(count):
        factories.indicator(
            goal,
            target_value=10,
            target_year=2030,
            observations=[(dt.date(2020, 1, 1), 1), (dt.date(2021, 1, 1), 2)],
        )


def _read(plan):
    indicators = list(indicators_for_plan(plan))
    for indicator in indicators:
        assess_indicator(indicator)
        assert indicator.goal.focus_area.theme.title
    return len(indicators)


@pytest.mark.parametrize("count", [1, 20])
def test_indicators_for_a_plan_take_two_queries_however_many(count, django_assert_num_queries):
    area = factories.focus_area()
    _indicators(area, count)
    with django_assert_num_queries(2):
        assert _read(area.plan) == count


def test_indicators_of_other_plans_are_left_out():
    mine, other = factories.focus_area(), factories.focus_area()
    _indicators(mine, 1)
    _indicators(other, 2)
    assert _read(mine.plan) == 1
