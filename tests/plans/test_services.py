import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actionplan.core.services import SYSTEM
from actionplan.plans import services
from actionplan.plans.models import ActionPlan, FocusArea
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_plan_period_cannot_end_before_it_starts():
    with pytest.raises(ValidationError) as error:
        factories.plan(period_start=dt.date(2022, 1, 1), period_end=dt.date(2021, 12, 31))
    assert "period_end_after_start" in str(error.value)


def test_the_database_refuses_a_reversed_period_too():
    plan = factories.plan()
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionPlan.objects.filter(pk=plan.pk).update(period_end=dt.date(2019, 1, 1))


def test_focus_area_slugs_are_unique_within_a_plan():
    theme = factories.theme()
    factories.focus_area(theme, slug="grundvand")
    with pytest.raises(ValidationError):
        factories.focus_area(theme, slug="grundvand")


def test_the_same_focus_area_slug_may_be_used_in_another_plan():
    factories.focus_area(factories.theme(), slug="grundvand")
    area = factories.focus_area(factories.theme(), slug="grundvand")
    assert area.pk


def test_a_focus_area_takes_the_plan_of_its_theme():
    theme = factories.theme()
    area = factories.focus_area(theme)
    assert area.plan == theme.plan


def test_moving_a_focus_area_to_a_theme_of_another_plan_is_refused():
    area = factories.focus_area()
    with pytest.raises(ValidationError):
        services.focus_area_update(actor=SYSTEM, focus_area=area, theme=factories.theme())
    area.refresh_from_db()
    assert FocusArea.objects.get(pk=area.pk).theme == area.theme


def test_a_goal_needs_whole_target_years():
    area = factories.focus_area()
    with pytest.raises(ValidationError):
        services.goal_create(actor=SYSTEM, focus_area=area, statement="Mål", target_years=["2030"])
    goal = services.goal_create(
        actor=SYSTEM, focus_area=area, statement="Mål", target_years=[2035, 2050]
    )
    assert goal.target_years == [2035, 2050]


def test_sub_activities_belong_to_the_same_focus_area():
    parent = services.activity_create(actor=SYSTEM, focus_area=factories.focus_area(), text="A:")
    with pytest.raises(ValidationError):
        services.activity_create(
            actor=SYSTEM, focus_area=factories.focus_area(), text="b", parent=parent
        )
