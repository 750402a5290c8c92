"""A plan's project count (in a status) comes from the stored totals and is exact."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from actionplan.core.services import SYSTEM
from actionplan.projects import services as projects
from actionplan.projects.models import ProjectStatus
from tests import factories

pytestmark = pytest.mark.django_db

STARTED, COMPLETED = ProjectStatus.STARTED, ProjectStatus.COMPLETED


@pytest.fixture
def world():
    plan, other = factories.plan(), factories.plan()
    theme = factories.theme(plan)
    a1, a2 = factories.focus_area(theme), factories.focus_area(theme)
    b1 = factories.focus_area(factories.theme(other))
    shared = factories.project([a1, a2], status=STARTED)  # two areas of the plan: once
    factories.project([a1], status=STARTED)
    factories.project([a2], status=COMPLETED)
    factories.project([a1, b1], status=STARTED)  # in both plans
    factories.project([a1], status=STARTED, is_published=False)
    factories.project([b1], status=COMPLETED)
    return {"plan": plan, "theme": theme, "shared": shared}


def listed(query: str) -> tuple[int, list]:
    """The count the API gives and every project it lists."""
    body = Client().get(f"/api/v1/projects?page_size=100&{query}").json()
    return body["count"], body["items"]


@pytest.mark.parametrize("status", ["", STARTED, COMPLETED, ProjectStatus.IDEA])
def test_the_stored_count_is_the_number_listed(world, status):
    count, items = listed(f"plan={world['plan'].slug}" + (f"&status={status}" if status else ""))
    assert count == len(items)
    assert count == {"": 4, STARTED: 3, COMPLETED: 1, ProjectStatus.IDEA: 0}[status]


def test_a_plan_is_counted_without_counting_its_projects(world):
    with CaptureQueriesContext(connection) as queries:
        listed(f"plan={world['plan'].slug}&status=started")
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert counts == []


def test_a_change_moves_the_stored_count(world):
    projects.project_update(actor=SYSTEM, project=world["shared"], status=COMPLETED)
    assert listed(f"plan={world['plan'].slug}&status=started")[0] == 2
    projects.project_update(actor=SYSTEM, project=world["shared"], is_published=False)
    assert listed(f"plan={world['plan'].slug}")[0] == 3


def test_another_filter_is_counted_exactly(world):
    count, items = listed(f"plan={world['plan'].slug}&theme={world['theme'].pk}&search=nothing")
    assert count == len(items) == 0
