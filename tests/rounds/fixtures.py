"""Fixtures of a plan with one open status round, two projects and their leads; shared by
the round tests and the workspace round pages."""

import datetime as dt

import pytest

from actionplan.accounts.models import Role
from actionplan.projects.models import ProjectStatus
from actionplan.rounds.services import round_open
from tests import factories


@pytest.fixture
def region():
    return factories.organisation(kind="region")


@pytest.fixture
def plan(region):
    return factories.plan(organisation=region)


@pytest.fixture
def area(plan):
    return factories.focus_area(factories.theme(plan))


@pytest.fixture
def project_a(area):
    return factories.project(focus_areas=[area], title="Projekt A", status=ProjectStatus.STARTED)


@pytest.fixture
def project_b(area):
    return factories.project(focus_areas=[area], title="Projekt B", status=ProjectStatus.GRANTED)


@pytest.fixture
def editor(region):
    return factories.user(role=Role.EDITOR, organisation=region)


@pytest.fixture
def lead_a(project_a):
    return factories.user(role=Role.REPORTER, project=project_a)


@pytest.fixture
def lead_b(project_b):
    return factories.user(role=Role.REPORTER, project=project_b)


@pytest.fixture
def status_round(plan, editor, project_a, project_b, lead_a, lead_b):
    return round_open(
        actor=editor,
        plan=plan,
        name="Status 2024",
        slug="status-2024",
        reference_date=dt.date(2024, 9, 1),
        deadline=dt.date(2024, 9, 15),
    )
