import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from actionplan.core.services import SYSTEM
from actionplan.indicators.models import Indicator
from actionplan.indicators.services import indicator_create, observation_create
from actionplan.plans.services import goal_create
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def eud_share():
    goal = goal_create(actor=SYSTEM, focus_area=factories.focus_area(), statement="30 % i 2025")
    return indicator_create(
        actor=SYSTEM,
        goal=goal,
        name="EUD-søgning",
        measure=Indicator.Measure.PERCENTAGE,
        unit="%",
        target_value=Decimal(30),
        target_year=2025,
    )


@pytest.mark.parametrize("value", ["N/A", "se beskrivelse", "14 %"])
def test_numeric_indicators_refuse_free_text(eud_share, value):
    with pytest.raises(ValidationError) as error:
        observation_create(actor=SYSTEM, indicator=eud_share, date=dt.date(2021, 9, 1), value=value)
    assert value in str(error.value)


def test_a_percentage_above_100_is_refused(eud_share):
    with pytest.raises(ValidationError):
        observation_create(actor=SYSTEM, indicator=eud_share, date=dt.date(2021, 9, 1), value=140)


def test_a_decimal_comma_is_read(eud_share):
    obs = observation_create(
        actor=SYSTEM, indicator=eud_share, date=dt.date(2021, 9, 1), value="14,5"
    )
    assert obs.value == Decimal("14.5")


def test_a_second_observation_for_the_same_date_is_a_conflict(eud_share, staff):
    first = observation_create(actor=staff, indicator=eud_share, date=dt.date(2021, 9, 1), value=14)
    with pytest.raises(ValidationError):
        observation_create(actor=SYSTEM, indicator=eud_share, date=dt.date(2021, 9, 1), value=15)
    first.refresh_from_db()
    assert first.value == 14 and first.recorded_by == staff


def test_a_percentage_target_above_100_is_refused():
    goal = goal_create(actor=SYSTEM, focus_area=factories.focus_area(), statement="x")
    with pytest.raises(ValidationError):
        indicator_create(
            actor=SYSTEM, goal=goal, name="x", measure="percentage", target_value=Decimal(120)
        )
