import pytest
from django.urls import reverse

from actionplan.accounts.models import Role
from actionplan.core.errors import ConflictError
from actionplan.core.services import SYSTEM, update, version_of
from actionplan.plans.models import ActionPlan
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def test_the_workspace_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get(reverse("workspace:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("workspace:login"))


def test_a_user_without_any_role_is_refused(client):
    client.force_login(factories.user())
    assert client.get(reverse("workspace:home")).status_code == 403


def test_logging_in_opens_the_workspace_with_the_users_own_draft_plans(client):
    region = factories.organisation()
    draft = factories.plan(organisation=region, status=ActionPlan.Status.DRAFT, title="Udkast")
    factories.plan(title="Andres plan")  # published, but not this user's
    factories.user("anna", password=PASSWORD, role=Role.EDITOR, organisation=region)
    response = client.post(
        reverse("workspace:login"), {"username": "anna", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("workspace:home")
    plans = list(response.context["overview"].plans)
    assert plans == [draft]
    assert "no-store" in response["Cache-Control"]


def test_a_save_based_on_stale_values_is_refused_and_the_first_save_survives():
    plan = factories.plan(title="Handlingsplan")
    opened_by_both = version_of(plan)
    update(plan, actor=SYSTEM, expected_version=opened_by_both, title="Først")
    second = ActionPlan.objects.get(pk=plan.pk)
    second.title = "Handlingsplan"  # the second editor's stale copy
    with pytest.raises(ConflictError):
        update(second, actor=SYSTEM, expected_version=opened_by_both, title="Anden")
    assert ActionPlan.objects.get(pk=plan.pk).title == "Først"


def test_a_save_with_the_current_version_goes_through():
    plan = factories.plan(title="Handlingsplan")
    update(plan, actor=SYSTEM, expected_version=version_of(plan), title="Ny titel")
    assert ActionPlan.objects.get(pk=plan.pk).title == "Ny titel"


def test_a_project_reporter_sees_their_own_projects_on_the_overview(client):
    mine = factories.project(title="Mit projekt")
    factories.project(title="Et andet projekt")
    client.force_login(factories.user(role=Role.REPORTER, project=mine))
    response = client.get(reverse("workspace:home"))
    assert list(response.context["overview"].reported_projects) == [mine]
    assert reverse("workspace:project", args=[mine.pk]) in response.content.decode()


def test_a_project_reporter_is_not_offered_the_staff_menus(client):
    project = factories.project()
    client.force_login(factories.user(role=Role.REPORTER, project=project))
    page = client.get(reverse("workspace:home")).content.decode()
    assert reverse("workspace:projects") in page
    for staff_only in ("workspace:plans", "workspace:imports", "workspace:users", "api_tokens"):
        assert f'href="{reverse(staff_only)}"' not in page, staff_only


def test_an_editor_is_offered_plans_imports_and_api_keys(client):
    region = factories.organisation()
    client.force_login(factories.user(role=Role.EDITOR, organisation=region))
    page = client.get(reverse("workspace:home")).content.decode()
    for url in ("workspace:plans", "workspace:imports", "api_tokens"):
        assert f'href="{reverse(url)}"' in page, url
    assert f'href="{reverse("workspace:users")}"' not in page
