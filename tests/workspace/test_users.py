import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.accounts.models import Invitation, Membership, Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return factories.organisation(name="Region Hovedstaden")


@pytest.fixture
def admin_client(client, region):
    client.force_login(factories.user("admin", role=Role.ADMIN, organisation=region))
    return client


def test_an_administrator_invites_an_editor_by_e_mail(
    admin_client, region, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("workspace:users"),
            {"email": "ny@region.dk", "role": Role.EDITOR, "scope": f"organisation:{region.pk}"},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.organisation) == (
        "ny@region.dk",
        Role.EDITOR,
        region,
    )
    assert "/invitation/" in mail.outbox[0].body


def test_a_reporter_must_be_invited_for_a_project(admin_client, region):
    response = admin_client.post(
        reverse("workspace:users"),
        {"email": "leder@kommune.dk", "role": Role.REPORTER, "scope": f"organisation:{region.pk}"},
    )
    assert response.status_code == 400
    assert "role" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_an_administrator_cannot_invite_into_another_organisation(admin_client):
    other = factories.organisation()
    response = admin_client.post(
        reverse("workspace:users"),
        {"email": "x@y.dk", "role": Role.EDITOR, "scope": f"organisation:{other.pk}"},
    )
    assert response.status_code == 400
    assert "scope" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_an_editor_does_not_manage_users(client, region):
    client.force_login(factories.user(role=Role.EDITOR, organisation=region))
    assert client.get(reverse("workspace:users")).status_code == 403


def test_taking_a_role_away(admin_client, region):
    editor = factories.user("editor", role=Role.EDITOR, organisation=region)
    membership = Membership.objects.get(user=editor)
    response = admin_client.post(reverse("workspace:membership_revoke", args=[membership.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(user=editor).exists()


def test_roles_elsewhere_cannot_be_taken_away(admin_client):
    stranger = factories.user(role=Role.EDITOR, organisation=factories.organisation())
    membership = Membership.objects.get(user=stranger)
    response = admin_client.post(reverse("workspace:membership_revoke", args=[membership.pk]))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_users_page_does_the_same_queries_for_1_and_50_roles(admin_client, region):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(reverse("workspace:users")).status_code == 200
        return len(queries)

    one = count()
    for _ in range(50):
        factories.user(role=Role.EDITOR, organisation=region)
    assert count() == one


def test_an_administrators_user_list_reads_the_roles_without_reading_every_project(client):
    """At a national scale the scope of an administrator's list is everything: filtering the
    roles by every organisation, plan and project read the whole project table (14 s)."""
    project = factories.project()
    factories.user("rita", role=Role.REPORTER, project=project)
    client.force_login(factories.user(is_superuser=True, is_staff=True))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("workspace:users"))
    assert response.status_code == 200
    assert "rita" in response.content.decode()
    role_queries = [q["sql"] for q in captured if 'FROM "accounts_membership"' in q["sql"]]
    assert role_queries
    assert not [sql for sql in role_queries if 'FROM "projects_project"' in sql]
