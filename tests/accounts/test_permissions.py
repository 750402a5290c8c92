import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from actionplan.accounts.models import Role
from actionplan.accounts.permissions import plans_for, projects_for
from actionplan.accounts.services import membership_grant
from actionplan.core.services import SYSTEM
from actionplan.plans import services as plans
from actionplan.plans.models import ActionPlan
from actionplan.projects import services as projects
from actionplan.rounds.services import status_update_create
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return factories.organisation(name="Region", kind="region")


@pytest.fixture
def plan(region):
    return factories.plan(organisation=region, status=ActionPlan.Status.DRAFT)


@pytest.fixture
def project(plan):
    return factories.project(focus_areas=[factories.focus_area(factories.theme(plan))])


def user_with(django_user_model, role, **scope):
    user = django_user_model.objects.create_user(username=f"u{django_user_model.objects.count()}")
    if role:
        membership_grant(actor=SYSTEM, user=user, role=role, **scope)
    return user


def test_the_public_sees_published_plans_only(plan, django_user_model):
    published = factories.plan(status=ActionPlan.Status.PUBLISHED)
    anonymous_plans = set(plans_for(None))
    assert published in anonymous_plans and plan not in anonymous_plans
    nobody = user_with(django_user_model, None)
    assert plan not in set(plans_for(nobody))


def test_a_reader_sees_drafts_of_their_organisation_but_changes_nothing(
    plan, region, project, django_user_model
):
    reader = user_with(django_user_model, Role.READER, organisation=region)
    assert plan in set(plans_for(reader))
    with pytest.raises(PermissionDenied):
        plans.plan_update(actor=reader, plan=plan, title="Ændret")
    with pytest.raises(PermissionDenied):
        projects.project_update(actor=reader, project=project, status="completed")
    plan.refresh_from_db()
    assert plan.title != "Ændret"


def test_an_editor_changes_plans_and_projects_of_their_organisation(
    plan, region, project, django_user_model
):
    editor = user_with(django_user_model, Role.EDITOR, organisation=region)
    plans.plan_update(actor=editor, plan=plan, title="Ny titel")
    factories.grant(project)  # by the system
    projects.grant_create(
        actor=editor, project=project, source=factories.funding_source(), amount=Decimal(5)
    )
    assert project.grants.count() == 2


def test_an_editor_of_another_organisation_is_refused(plan, project, django_user_model):
    other = user_with(django_user_model, Role.EDITOR, organisation=factories.organisation())
    assert plan not in set(plans_for(other))
    with pytest.raises(PermissionDenied):
        plans.theme_create(actor=other, plan=plan, title="x", slug="x")
    with pytest.raises(PermissionDenied):
        projects.grant_create(
            actor=other, project=project, source=factories.funding_source(), amount=Decimal(5)
        )


def test_published_projects_of_others_are_visible_but_not_the_users_own(
    plan, project, django_user_model
):
    other = user_with(django_user_model, Role.EDITOR, organisation=factories.organisation())
    assert project.is_published
    assert project in set(projects_for(other))
    assert project not in set(projects_for(other, published=False))
    editor = user_with(django_user_model, Role.EDITOR, organisation=plan.organisation)
    assert project in set(projects_for(editor, published=False))


def test_a_plan_editor_cannot_touch_another_plan_of_the_same_organisation(
    plan, region, django_user_model
):
    editor = user_with(django_user_model, Role.EDITOR, plan=plan)
    sibling = factories.plan(organisation=region)
    plans.theme_create(actor=editor, plan=plan, title="ok", slug="ok")
    with pytest.raises(PermissionDenied):
        plans.theme_create(actor=editor, plan=sibling, title="no", slug="no")


def test_a_reporter_sees_and_reports_on_their_own_project_only(project, plan, django_user_model):
    mine = project
    theirs = factories.project(
        focus_areas=[factories.focus_area(factories.theme(plan))], is_published=False
    )
    reporter = user_with(django_user_model, Role.REPORTER, project=mine)
    visible = set(projects_for(reporter))
    assert mine in visible and theirs not in visible
    status_update_create(
        actor=reporter,
        project=mine,
        date=dt.date(2021, 9, 1),
        status="started",
        narrative="I gang",
    )
    with pytest.raises(PermissionDenied):
        status_update_create(
            actor=reporter, project=theirs, date=dt.date(2021, 9, 1), status="started"
        )
    with pytest.raises(PermissionDenied):
        projects.project_update(actor=reporter, project=mine, title="Nyt navn")


def test_logged_out_users_change_nothing(project):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        projects.project_update(actor=AnonymousUser(), project=project, title="x")


def test_only_organisation_editors_create_plans(region, django_user_model):
    editor = user_with(django_user_model, Role.EDITOR, organisation=region)
    strategy = plans.strategy_create(actor=editor, title="S", slug="s", organisation=region)
    plans.plan_create(
        actor=editor,
        strategy=strategy,
        title="P",
        slug="p-new",
        period_start=dt.date(2022, 1, 1),
        period_end=dt.date(2023, 12, 31),
    )
    outsider = user_with(django_user_model, Role.EDITOR, organisation=factories.organisation())
    with pytest.raises(PermissionDenied):
        plans.plan_create(
            actor=outsider,
            strategy=strategy,
            title="P2",
            slug="p-2",
            period_start=dt.date(2022, 1, 1),
            period_end=dt.date(2023, 12, 31),
        )


def test_only_administrators_grant_roles(region, django_user_model):
    admin = user_with(django_user_model, Role.ADMIN, organisation=region)
    editor = user_with(django_user_model, Role.EDITOR, organisation=region)
    newcomer = django_user_model.objects.create_user(username="newcomer")
    membership_grant(actor=admin, user=newcomer, role=Role.READER, organisation=region)
    with pytest.raises(PermissionDenied):
        membership_grant(actor=editor, user=newcomer, role=Role.ADMIN, organisation=region)
