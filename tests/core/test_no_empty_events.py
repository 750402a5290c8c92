"""A save that changes nothing leaves no audit event: not the same values again, not the same
amount or date written another way, not the same milestones saved again."""

import datetime as dt
from decimal import Decimal

import pytest

from actionplan.core.dates import PartialDate
from actionplan.core.models import AuditEvent
from actionplan.projects import services as projects
from actionplan.rounds import services as rounds
from actionplan.rounds.models import UpdateRequest
from tests import factories

pytestmark = pytest.mark.django_db


def events() -> int:
    return AuditEvent.objects.count()


def test_the_same_amount_written_another_way_is_no_change(staff):
    grant = factories.grant(factories.project(), amount="1100000", decided="2021-08")
    count = events()
    projects.grant_update(
        actor=staff, grant=grant, decided=PartialDate.parse("2021-08"), amount=Decimal(1100000)
    )
    projects.grant_update(actor=staff, grant=grant, amount="1100000.00")
    assert events() == count


def test_the_same_date_as_text_is_no_change(staff):
    project = factories.project(start="2020-03-01")
    count = events()
    projects.project_update(actor=staff, project=project, start="2020-03-01")
    assert events() == count
    projects.project_update(actor=staff, project=project, start="2020-04-01")
    assert events() == count + 1


def test_saving_an_update_draft_again_unchanged_records_nothing(staff):
    plan = factories.plan()
    project = factories.project([factories.focus_area(factories.theme(plan))], status="started")
    rounds.round_open(
        actor=staff, plan=plan, name="S", slug="s", reference_date=dt.date(2022, 1, 1)
    )
    request = UpdateRequest.objects.get(project=project)
    values = {
        "status": "started",
        "progress": 30,
        "narrative": "I gang.",
        "spent_dkk": Decimal("250000"),
        "milestones": [{"date": "2022-03", "title": "Første spadestik"}],
    }
    rounds.update_save_draft(actor=staff, request=request, **values)
    count = events()
    rounds.update_save_draft(actor=staff, request=request, **values)
    assert events() == count
    rounds.update_save_draft(
        actor=staff, request=request, milestones=[{"date": "2022-04", "title": "Første spadestik"}]
    )
    assert events() == count + 2  # the old milestone deleted, the new one created


def test_rewriting_an_assessment_with_the_same_text_records_nothing(staff):
    plan = factories.plan()
    area = factories.focus_area(factories.theme(plan))
    status_round = rounds.round_open(
        actor=staff, plan=plan, name="S", slug="s", reference_date=dt.date(2022, 1, 1)
    )
    rounds.assessment_save(actor=staff, round=status_round, focus_area=area, text="Relevant.")
    count = events()
    rounds.assessment_save(actor=staff, round=status_round, focus_area=area, text=" Relevant. ")
    assert events() == count
