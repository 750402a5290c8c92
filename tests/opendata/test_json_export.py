import json

import pytest

from actionplan.core.services import SYSTEM
from actionplan.opendata import json_export
from actionplan.plans.models import ActionPlan
from actionplan.projects.services import participation_add
from actionplan.rounds.models import StatusRound
from actionplan.rounds.services import round_create, status_update_create
from tests import factories

pytestmark = pytest.mark.django_db

CONTRACT_PLAN = {"slug", "title", "organisation", "period_start", "period_end", "strategy"}
CONTRACT_PROJECT = {
    "id",
    "title",
    "focus_areas",
    "status",
    "start",
    "end",
    "budget_dkk",
    "lead",
    "partners",
    "grants",
    "cofunding",
    "updates",
}


@pytest.fixture
def plan_with_project(staff):
    area = factories.focus_area(slug="grundvand")
    project = factories.project(
        focus_areas=[area],
        title="Drikkevand på tværs",
        start="2020",
        end="2021-12",
        lead=factories.organisation(name="Region Hovedstaden"),
    )
    participation_add(
        actor=SYSTEM,
        project=project,
        organisation=factories.organisation(name="HOFOR"),
        role="implementing",
    )
    factories.grant(project, amount="1500000", decided="2020")
    published = round_create(
        actor=SYSTEM,
        plan=area.plan,
        name="Status 2021",
        slug="s21",
        reference_date=project.start,
        state=StatusRound.State.PUBLISHED,
    )
    factories.status_update(
        project,
        actor=staff,
        round=published,
        date=project.start,
        status="started",
        narrative="Godt i gang.",
    )
    return area.plan, project


def test_a_plan_document_has_the_contract_keys(plan_with_project):
    plan, _ = plan_with_project
    document = json_export.build(plan)
    assert set(document) >= {"plan", "themes", "projects", "assessments"}
    assert set(document["plan"]) >= CONTRACT_PLAN
    project = document["projects"][0]
    assert set(project) >= CONTRACT_PROJECT
    assert project["focus_areas"] == ["grundvand"]
    assert project["start"] == "2020" and project["end"] == "2021-12"
    assert project["grants"][0]["amount_dkk"] == 1500000
    assert project["grants"][0]["decided"] == "2020"
    assert project["partners"] == [{"name": "HOFOR", "roles": ["implementing"]}]
    assert project["updates"] == [
        {"date": "2020-01-01", "status": "started", "progress": None, "text": "Godt i gang."}
    ]


def test_the_document_holds_no_personal_data(plan_with_project, staff):
    plan, _ = plan_with_project
    text = json.dumps(json_export.build(plan), ensure_ascii=False)
    assert staff.username not in text and "author" not in text


def test_unpublished_projects_and_rounds_stay_out(plan_with_project):
    plan, project = plan_with_project
    hidden = factories.project(focus_areas=[project.focus_areas.get()], is_published=False)
    draft_round = round_create(
        actor=SYSTEM, plan=plan, name="Status 2022", slug="s22", reference_date=project.start
    )
    status_update_create(
        actor=SYSTEM,
        project=project,
        round=draft_round,
        date=project.start.replace(year=2022),
        status="completed",
        narrative="Kladde",
    )
    document = json_export.build(plan)
    assert [p["id"] for p in document["projects"]] == [project.slug]
    assert "Kladde" not in json.dumps(document, ensure_ascii=False)
    assert hidden.slug not in json.dumps(document)


def test_without_a_plan_every_published_plan_and_project_is_included(plan_with_project):
    plan, project = plan_with_project
    other = factories.plan()
    factories.theme(other, title="Andet tema")
    loose = factories.project(focus_areas=[])
    draft = factories.plan(status=ActionPlan.Status.DRAFT)
    factories.theme(draft)
    document = json_export.build()
    assert document["plan"] is None
    plans = {p["slug"] for p in document["plans"]}
    assert {plan.slug, other.slug} <= plans and draft.slug not in plans
    assert {t["plan"] for t in document["themes"]} == plans
    assert {p["id"] for p in document["projects"]} >= {project.slug, loose.slug}


def test_export_queries_do_not_grow_with_the_number_of_projects(
    plan_with_project, django_assert_max_num_queries
):
    plan, project = plan_with_project
    area = project.focus_areas.get()
    with django_assert_max_num_queries(30) as one:
        json_export.build(plan)
    for _ in range(20):
        p = factories.project(focus_areas=[area])
        factories.grant(p)
    with django_assert_max_num_queries(len(one.captured_queries)):
        document = json_export.build(plan)
    assert len(document["projects"]) == 21
