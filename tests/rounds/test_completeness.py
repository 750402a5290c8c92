import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionplan.core.services import SYSTEM
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
    rows = {row.project_title: row for row in section.rows}
    assert rows["Projekt A"].reported and not rows["Projekt A"].late
    assert rows["Projekt B"].late and not rows["Projekt B"].reported
    assert (section.reported, section.late, after.late) == (1, 1, 1)


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
