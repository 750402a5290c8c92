"""The plan and focus-area sums the project services keep equal a recomputation from the
projects after every kind of change."""

from decimal import Decimal

import pytest

from actionplan.core.services import SYSTEM
from actionplan.demo.loader import load_demo
from actionplan.organisations.models import FundingSource
from actionplan.projects import services, summaries
from actionplan.projects.models import CoFunding, FocusAreaTotals, PlanStatusTotals
from tests import factories

pytestmark = pytest.mark.django_db


def stored() -> dict:
    """Every summary row that counts something, as plain values."""
    areas = {
        row.pop("focus_area_id"): row
        for row in FocusAreaTotals.objects.values()
        if row["projects"] or row["granted_count"]
    }
    plans = {
        (row.pop("plan_id"), row.pop("status")): row
        for row in PlanStatusTotals.objects.values()
        if row["projects"] or row["granted_count"] or row["cofunding_count"]
    }
    for row in plans.values():
        row.pop("id")
    return {"areas": areas, "plans": plans}


def assert_kept():
    kept = stored()
    summaries.rebuild()
    assert kept == stored()


@pytest.fixture
def world():
    plan = factories.plan()
    theme = factories.theme(plan)
    return {
        "plan": plan,
        "areas": [factories.focus_area(theme), factories.focus_area(theme)],
        "other": factories.focus_area(factories.theme(factories.plan())),
        "pool": factories.funding_source(kind=FundingSource.Kind.REGIONAL_POOL),
    }


def funded(world, areas=None):
    project = factories.project(areas or world["areas"][:1])
    factories.grant(project, "100000", source=world["pool"])
    factories.grant(project, None)
    services.cofunding_create(
        actor=SYSTEM,
        project=project,
        source=factories.funding_source(),
        status=CoFunding.Status.GRANTED,
        amount=Decimal(5000),
    )
    return project


def test_a_new_project_with_money_counts_in_its_areas_and_plans(world):
    funded(world, [*world["areas"], world["other"]])
    row = PlanStatusTotals.objects.get(plan=world["plan"])
    assert (row.projects, row.granted_dkk, row.pool_count, row.cofunding_dkk) == (
        1,
        Decimal(100000),
        1,
        Decimal(5000),
    )
    assert_kept()


def test_a_project_in_two_areas_of_one_plan_counts_once_in_the_plan(world):
    funded(world, world["areas"])
    assert PlanStatusTotals.objects.get(plan=world["plan"]).projects == 1
    assert_kept()


def test_changing_and_deleting_grants_is_kept(world):
    project = funded(world)
    grant = project.grants.order_by("id").first()
    services.grant_update(actor=SYSTEM, grant=grant, amount=Decimal(1))
    services.grant_delete(actor=SYSTEM, grant=project.grants.order_by("id").last())
    assert_kept()


def test_a_status_change_moves_the_project_between_status_rows(world):
    project = funded(world)
    services.project_update(actor=SYSTEM, project=project, status="completed")
    assert list(PlanStatusTotals.objects.filter(projects__gt=0).values_list("status")) == [
        ("completed",)
    ]
    assert_kept()


def test_unpublishing_takes_the_project_out_and_publishing_puts_it_back(world):
    project = funded(world)
    services.project_update(actor=SYSTEM, project=project, is_published=False)
    assert stored() == {"areas": {}, "plans": {}}
    services.project_update(actor=SYSTEM, project=project, is_published=True)
    assert_kept()


def test_moving_a_project_between_focus_areas_is_kept(world):
    project = funded(world)
    services.project_focus_areas_set(
        actor=SYSTEM, project=project, focus_areas=[world["areas"][1], world["other"]]
    )
    assert_kept()


def test_deleting_a_project_takes_it_out(world):
    project = funded(world)
    funded(world)
    services.project_delete(actor=SYSTEM, project=project)
    assert PlanStatusTotals.objects.get(plan=world["plan"]).projects == 1
    assert_kept()


def test_the_demo_loads_with_its_sums_kept():
    load_demo(actor=SYSTEM)
    assert PlanStatusTotals.objects.exists()
    assert_kept()
