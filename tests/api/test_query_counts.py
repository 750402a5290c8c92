"""Every list endpoint makes the same number of queries for 1 and for 50 rows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionplan.core.services import SYSTEM
from actionplan.organisations.models import FundingSource
from actionplan.projects import services as projects
from actionplan.projects.models import CoFunding, Participation, ProjectStatus
from actionplan.rounds import services as rounds
from actionplan.rounds.models import StatusRound
from tests import factories

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/plans",
    "/api/v1/themes",
    "/api/v1/focus-areas",
    "/api/v1/goals",
    "/api/v1/indicators",
    "/api/v1/projects",
    "/api/v1/projects?search=t%C3%A6lling&sort=-granted&sdg=3&amount_min=1",
    "/api/v1/organisations",
    "/api/v1/funding-sources",
    "/api/v1/rounds",
    "/api/v1/assessments",
]


def add_rows(count: int) -> None:
    """`count` rows of every kind the lists show, each with its children."""
    for n in range(count):
        pool = factories.funding_source(
            kind=FundingSource.Kind.REGIONAL_POOL, organisation=factories.organisation()
        )
        plan = factories.plan()
        theme = factories.theme(plan)
        area = factories.focus_area(theme)
        goal = factories.goal(area)
        factories.indicator(
            goal,
            baseline_value=1,
            baseline_year=2020,
            target_value=5,
            target_year=2030,
            observations=[(dt.date(2021, 1, 1), 2), (dt.date(2022, 1, 1), 3)],
        )
        org = factories.organisation()
        project = factories.project([area], lead=org, description="tælling", sdgs=[3])
        factories.grant(project, "100000", source=pool)
        projects.cofunding_create(
            actor=SYSTEM,
            project=project,
            source=pool,
            status=CoFunding.Status.GRANTED,
            amount=Decimal(5000),
        )
        projects.participation_add(
            actor=SYSTEM, project=project, organisation=org, role=Participation.Role.IMPLEMENTING
        )
        status_round = rounds.round_create(
            actor=SYSTEM,
            plan=plan,
            name=f"Status {n}",
            slug=f"status-{n}",
            reference_date=dt.date(2021, 9, 1),
            state=StatusRound.State.PUBLISHED,
        )
        rounds.assessment_create(
            actor=SYSTEM, round=status_round, focus_area=area, text="Fortsat", still_relevant=True
        )
        factories.status_update(project, date=dt.date(2021, 5, 1), status=ProjectStatus.STARTED)


def queries(client) -> dict[str, tuple[int, int]]:
    """For each list: (queries made, rows shown)."""
    counts = {}
    for url in LISTS:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url + ("&" if "?" in url else "?") + "page_size=100")
        assert response.status_code == 200, response.content
        counts[url] = (len(captured), len(response.json()["items"]))
    return counts


def test_every_list_makes_the_same_number_of_queries_for_1_and_50_rows(client):
    # One test for all lists: the 50 rows of every kind take long to make.
    add_rows(1)
    one = queries(client)
    add_rows(49)
    fifty = queries(client)
    assert all(rows >= 1 for _, rows in one.values())
    assert all(rows >= 50 for _, rows in fifty.values())
    assert {url: n for url, (n, _) in one.items()} == {url: n for url, (n, _) in fifty.items()}


def test_a_project_detail_makes_a_fixed_number_of_queries(client):
    add_rows(1)
    slug = client.get("/api/v1/projects").json()["items"][0]["id"]
    with CaptureQueriesContext(connection) as captured:
        client.get(f"/api/v1/projects/{slug}")
    # 8, and the project's version for its ETag (If-Match), read before a 304 can be decided.
    assert len(captured) <= 9
