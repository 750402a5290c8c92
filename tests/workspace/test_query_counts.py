"""Every workspace page a role opens daily makes the same number of queries whatever the size
of the data: rendered once with a little, then again after more projects, partners,
organisations, update requests, roles and audit events (issue 21: at 1.000.000 projects a
page whose queries grow with the data cannot answer in time)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.accounts.models import Role
from actionplan.core.services import SYSTEM
from actionplan.organisations.models import Organisation
from actionplan.projects import services as projects
from actionplan.projects.models import Participation
from actionplan.rounds import services as rounds
from actionplan.rounds.models import UpdateRequest
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    region = factories.organisation(name="Region Test", kind=Organisation.Kind.REGION)
    plan = factories.plan(organisation=region)
    area = factories.focus_area(factories.theme(plan))
    goal = factories.goal(area)
    indicator = factories.indicator(goal, baseline_value=1, baseline_year=2020)
    first = factories.project([area], lead=region)
    status_round = rounds.round_open(
        actor=SYSTEM,
        plan=plan,
        name="Status 2024",
        slug="status-2024",
        reference_date=dt.date(2024, 9, 1),
        deadline=dt.date(2024, 9, 15),
    )
    reporter = factories.user("rita", role=Role.REPORTER, project=first)
    return {
        "region": region,
        "plan": plan,
        "area": area,
        "indicator": indicator,
        "project": first,
        "round": status_round,
        "reporter": reporter,
        "admin": factories.user("root", is_superuser=True),
        "editor": factories.user("edna", role=Role.EDITOR, organisation=region),
    }


def grow(world, count: int) -> None:
    """count more projects in the plan, each with two partners, a grant, an update request
    (half of them submitted), a reporter and the audit events all this writes."""
    area, status_round = world["area"], world["round"]
    for n in range(count):
        lead = factories.organisation()
        project = factories.project([area], lead=lead)
        for org in (lead, factories.organisation()):
            projects.participation_add(
                actor=SYSTEM, project=project, organisation=org, role=Participation.Role.FUNDING
            )
        factories.grant(project, "250000")
        reporter = factories.user(role=Role.REPORTER, project=project)
        factories.user(role=Role.READER, organisation=world["region"])
        rounds.round_request_updates(actor=SYSTEM, round=status_round)
        if n % 2 == 0:
            request = UpdateRequest.objects.get(round=status_round, project=project)
            rounds.update_submit(actor=reporter, request=request, status="started", narrative="Ok")
    rounds.round_request_updates(actor=SYSTEM, round=status_round)


def pages(world, role: str) -> list[str]:
    plan, project, status_round = world["plan"], world["project"], world["round"]
    request = UpdateRequest.objects.get(round=status_round, project=project)
    staff = [
        reverse("workspace:home"),
        reverse("workspace:projects"),
        reverse("workspace:projects") + f"?status=started&plan={plan.pk}",
        reverse("workspace:project", args=[project.pk]),
        reverse("workspace:project_edit", args=[project.pk]),
        reverse("workspace:organisations") + "?q=organisation",
        reverse("workspace:plans"),
        reverse("workspace:plan", args=[plan.slug]),
        reverse("workspace:rounds"),
        reverse("workspace:round", args=[status_round.pk]),
        reverse("workspace:cockpit_requests") + f"?runde={status_round.pk}&tilstand=submitted",
        reverse("workspace:round_assessments", args=[status_round.pk]),
        reverse("workspace:history", args=["plan", plan.pk]),
        reverse("workspace:imports"),
        reverse("notices:list"),
    ]
    if role == "admin":
        # The log names the objects its events point to with one query per kind of object
        # (a bounded number, but it depends on the page's mix): one kind of event here.
        log = reverse("workspace:log") + "?what=projects.project"
        return [*staff, reverse("workspace:users"), log]
    if role == "editor":
        return staff
    return [
        reverse("workspace:home"),
        reverse("workspace:projects"),
        reverse("workspace:project", args=[project.pk]),
        reverse("workspace:my_update_requests"),
        reverse("workspace:update_request", args=[request.pk]),
        reverse("notices:list"),
    ]


def queries(client, urls: list[str]) -> dict[str, list[str]]:
    result = {}
    for url in urls:
        client.get(url)  # the per-process caches (filter options, grants) warm
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        # Not the session's own writes: the idle timeout refreshes the session now and then
        # (on a slow machine between any two requests), whatever the page.
        result[url] = [
            q["sql"]
            for q in captured.captured_queries
            if "django_session" not in q["sql"] and "SAVEPOINT" not in q["sql"]
        ]
    return result


@pytest.mark.parametrize("role", ["admin", "editor", "reporter"])
def test_every_workspace_page_makes_as_many_queries_with_more_data(client, world, role):
    client.force_login(world[role])
    grow(world, 1)
    small = queries(client, pages(world, role))
    grow(world, 4)
    large = queries(client, pages(world, role))
    grown = {url: "\n".join(large[url]) for url in large if len(large[url]) != len(small[url])}
    assert not grown, grown
