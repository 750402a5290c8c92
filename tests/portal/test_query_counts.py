"""Every list-like portal page makes the same number of queries for 1 and for 50 projects."""

import datetime as dt
from decimal import Decimal

import pytest

from actionplan.core.services import SYSTEM
from actionplan.organisations.models import FundingSource
from actionplan.projects import services as projects
from actionplan.projects.models import CoFunding, Participation, ProjectStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    plan = factories.plan()
    area = factories.focus_area(factories.theme(plan))
    org = factories.organisation(name="Tælleorganisation")
    pool = factories.funding_source(kind=FundingSource.Kind.REGIONAL_POOL)
    return {"plan": plan, "area": area, "org": org, "pool": pool}


def add_projects(world, count):
    for _ in range(count):
        project = factories.project(
            [world["area"]], lead=world["org"], description="tælling", start="2021"
        )
        factories.grant(project, "100000", source=world["pool"])
        projects.cofunding_create(
            actor=SYSTEM,
            project=project,
            source=world["pool"],
            status=CoFunding.Status.GRANTED,
            amount=Decimal(5000),
        )
        projects.participation_add(
            actor=SYSTEM,
            project=project,
            organisation=world["org"],
            role=Participation.Role.IMPLEMENTING,
        )
        factories.status_update(project, date=dt.date(2021, 5, 1), status=ProjectStatus.STARTED)


def urls(world):
    return [
        f"/planer/{world['plan'].slug}/",
        f"/planer/{world['plan'].slug}/{world['area'].slug}/",
        "/projekter/",
        "/projekter/?q=t%C3%A6lling&sort=-granted",
        f"/projekter/?organisation={world['org'].slug}&sort=-start",
        f"/organisationer/{world['org'].slug}/",
    ]


@pytest.mark.parametrize("index", range(6))
def test_queries_do_not_grow_with_projects(
    client, world, index, django_assert_max_num_queries, django_assert_num_queries
):
    url = urls(world)[index]
    add_projects(world, 1)
    with django_assert_max_num_queries(30) as one:
        assert client.get(url).status_code == 200
    add_projects(world, 49)
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


def _published_round(world, name):
    from actionplan.rounds import services as rounds

    status_round = rounds.round_open(
        actor=SYSTEM,
        plan=world["plan"],
        name=name,
        slug=name.lower().replace(" ", "-"),
        reference_date=dt.date(2021, 12, 31),
    )
    rounds.round_close(actor=SYSTEM, round=status_round)
    return rounds.round_publish(actor=SYSTEM, round=status_round)


def test_a_published_memo_costs_the_same_queries_for_1_and_50_projects(
    client, world, django_assert_max_num_queries, django_assert_num_queries
):
    add_projects(world, 1)
    small = _published_round(world, "Status A")
    add_projects(world, 49)
    large = _published_round(world, "Status B")
    base = f"/planer/{world['plan'].slug}/statusnotat/"
    with django_assert_max_num_queries(15) as one:
        response = client.get(f"{base}{small.slug}.html")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(f"{base}{large.slug}.html").status_code == 200
