import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionplan.core.services import SYSTEM
from actionplan.projects.services import project_focus_area_add
from actionplan.rounds.models import UpdateRequest
from actionplan.rounds.selectors import round_completeness
from actionplan.rounds.services import round_open, update_submit
from tests import factories

pytestmark = pytest.mark.django_db


def test_completeness_shows_who_reported_and_who_is_late_per_focus_area(
    status_round, project_a, project_b, lead_a, area, plan
):
    other_area = factories.focus_area(factories.theme(plan))
    factories.project(focus_areas=[other_area], status="started")  # after opening: not asked
    update_submit(
        actor=lead_a,
        request=UpdateRequest.objects.get(round=status_round, project=project_a),
        status="started",
        narrative="I gang.",
    )
    before = round_completeness(status_round, today=dt.date(2024, 9, 15))
    assert (before.requested, before.reported, before.late) == (2, 1, 0)
    after = round_completeness(status_round, today=dt.date(2024, 9, 16))
    [section] = after.focus_areas
    assert section.title == area.title
    # Projekt A has reported, Projekt B has not and is late once the deadline has passed.
    assert (section.requested, section.reported, section.late) == (2, 1, 1)
    assert (after.requested, after.reported, after.late) == (2, 1, 1)


def test_a_project_in_two_focus_areas_counts_under_each_and_once_in_the_round(
    status_round, project_a, plan, area
):
    other_area = factories.focus_area(factories.theme(plan))
    project_focus_area_add(actor=SYSTEM, project=project_a, focus_area=other_area)
    completeness = round_completeness(status_round, today=dt.date(2024, 9, 1))
    assert completeness.requested == 2
    assert {(a.title, a.requested) for a in completeness.focus_areas} == {
        (area.title, 2),
        (other_area.title, 1),
    }


def _round_with(n: int, editor_=None):
    plan = factories.plan()
    areas = [factories.focus_area(factories.theme(plan)) for _ in range(2)]
    for i in range(n):
        factories.project(focus_areas=[areas[i % 2]], status="started")
    return round_open(
        actor=SYSTEM,
        plan=plan,
        name=f"R{n}",
        slug=f"r{n}",
        reference_date=dt.date(2024, 9, 1),
        deadline=dt.date(2024, 9, 15),
    )


def test_completeness_takes_the_same_number_of_queries_for_1_and_50_projects():
    counts = []
    for n in (1, 50):
        status_round = _round_with(n)
        with CaptureQueriesContext(connection) as queries:
            result = round_completeness(status_round, today=dt.date(2024, 9, 1))
        assert result.requested == n
        counts.append(len(queries))
    assert counts[0] == counts[1]
