"""The workspace project list's plan and focus-area filters offer what the user's roles
cover: the plans of their organisation or plan, and those of the projects a role names."""

import pytest

from actionplan.accounts.models import Role
from actionplan.workspace.projects import ProjectFilterForm
from tests import factories

pytestmark = pytest.mark.django_db


def offered(user) -> tuple[set[str], set[str]]:
    form = ProjectFilterForm(user=user)
    return (
        {plan.slug for plan in form.fields["plan"].queryset},
        {area.slug for area in form.fields["focus_area"].queryset},
    )


def test_an_editor_is_offered_the_plans_and_areas_of_the_organisation_only():
    region = factories.organisation()
    own = factories.plan(organisation=region)
    own_area = factories.focus_area(factories.theme(own))
    other_area = factories.focus_area()
    factories.project(focus_areas=[own_area])
    factories.project(focus_areas=[other_area])
    editor = factories.user(role=Role.EDITOR, organisation=region)

    plans, areas = offered(editor)

    assert plans == {own.slug}
    assert areas == {own_area.slug}


def test_a_reporter_is_offered_the_plans_and_areas_of_the_named_projects():
    area = factories.focus_area()
    second = factories.focus_area()
    factories.focus_area()  # a plan the reporter has nothing in
    project = factories.project(focus_areas=[area, second])
    reporter = factories.user(role=Role.REPORTER, project=project)

    plans, areas = offered(reporter)

    assert plans == {area.plan.slug, second.plan.slug}
    assert areas == {area.slug, second.slug}


def test_an_administrator_is_offered_every_plan():
    first, second = factories.focus_area(), factories.focus_area()
    admin = factories.user(is_superuser=True, is_staff=True)

    plans, areas = offered(admin)

    assert {first.plan.slug, second.plan.slug} <= plans
    assert {first.slug, second.slug} <= areas
