"""An update written outside a round waits for staff approval exactly as a round's update
does: one path (UpdateRequest: draft -> submitted -> approved / returned) for the workspace,
the API and imports. Only approved updates reach the portal, the API and open data."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from actionplan.accounts.models import Role
from actionplan.accounts.services import membership_grant
from actionplan.core.models import AuditEvent
from actionplan.core.services import SYSTEM
from actionplan.opendata import json_export
from actionplan.projects.models import ProjectStatus
from actionplan.rounds import services as rounds
from actionplan.rounds.models import StatusUpdate, UpdateRequest
from tests import factories
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db

SECRET = "Kun til godkendelse"


@pytest.fixture
def setting():
    plan = factories.plan()
    area = factories.focus_area(factories.theme(plan))
    project = factories.project([area], title="Offentligt projekt", status=ProjectStatus.GRANTED)
    # Only staff hold API tokens: an editor elsewhere who reports on this project.
    reporter = factories.user("rita", role=Role.EDITOR, organisation=factories.organisation())
    membership_grant(actor=SYSTEM, user=reporter, role=Role.REPORTER, project=project)
    editor = factories.user("anna", role=Role.EDITOR, organisation=plan.organisation)
    return plan, project, reporter, editor


def public_texts(client, plan, project) -> str:
    return "\n".join(
        [
            client.get(f"/projekter/{project.slug}/").content.decode(),
            client.get(f"/api/v1/projects/{project.slug}").content.decode(),
            json.dumps(json_export.build(plan), ensure_ascii=False),
        ]
    )


def submit_by_api(client, project, user, **values):
    body = {"date": "2022-03-01", "status": "completed", "text": SECRET, **values}
    return client.post(
        f"/api/v1/projects/{project.slug}/updates",
        data=body,
        content_type="application/json",
        **bearer(user),
    )


@pytest.mark.parametrize("who", ["reporter", "editor"])
def test_an_api_update_outside_a_round_is_not_public_until_approved(client, setting, who):
    plan, project, reporter, editor = setting
    author = reporter if who == "reporter" else editor
    response = submit_by_api(client, project, author)
    assert response.status_code == 201, response.content
    assert response.json()["state"] == "submitted"
    assert SECRET not in public_texts(client, plan, project)
    project.refresh_from_db()
    assert project.status == ProjectStatus.GRANTED  # the status waits for approval too

    request = UpdateRequest.objects.get(pk=response.json()["id"])
    rounds.update_approve(actor=editor, request=request)
    assert SECRET in public_texts(client, plan, project)
    update = StatusUpdate.objects.get(project=project)
    assert (update.author, update.approved_by) == (author, editor)
    assert update.approved_at is not None and update.date == dt.date(2022, 3, 1)
    project.refresh_from_db()
    assert project.status == ProjectStatus.COMPLETED


def test_a_returned_update_stays_private_and_can_be_submitted_again(client, setting):
    plan, project, reporter, editor = setting
    request = UpdateRequest.objects.get(pk=submit_by_api(client, project, reporter).json()["id"])
    rounds.update_return(actor=editor, request=request, comment="Skriv mere.")
    assert SECRET not in public_texts(client, plan, project)
    rounds.update_submit(actor=reporter, request=request, narrative=SECRET + " og mere")
    rounds.update_approve(actor=editor, request=request)
    assert SECRET + " og mere" in public_texts(client, plan, project)


def test_a_reporter_cannot_approve_their_own_update(client, setting):
    from django.core.exceptions import PermissionDenied

    _plan, project, reporter, _editor = setting
    request = UpdateRequest.objects.get(pk=submit_by_api(client, project, reporter).json()["id"])
    with pytest.raises(PermissionDenied):
        rounds.update_approve(actor=reporter, request=request)


def test_an_update_into_a_closed_round_is_refused_by_the_api(client, setting):
    plan, project, reporter, editor = setting
    status_round = rounds.round_open(
        actor=editor, plan=plan, name="Status", slug="status", reference_date=dt.date(2022, 1, 1)
    )
    rounds.round_close(actor=editor, round=status_round)
    response = submit_by_api(client, project, reporter, round=status_round.pk)
    assert response.status_code in (400, 422), response.content
    assert not StatusUpdate.objects.exists()


def test_a_round_update_through_the_api_goes_into_the_rounds_request(client, setting):
    plan, project, reporter, editor = setting
    status_round = rounds.round_open(
        actor=editor, plan=plan, name="Status", slug="status", reference_date=dt.date(2022, 1, 1)
    )
    response = submit_by_api(client, project, reporter, round=status_round.pk)
    assert response.status_code == 201, response.content
    request = UpdateRequest.objects.get(round=status_round, project=project)
    assert (request.pk, request.state) == (response.json()["id"], "submitted")


def test_workspace_update_waits_for_approval_and_staff_approve_it_there(client, setting):
    plan, project, reporter, editor = setting
    client.force_login(reporter)
    response = client.post(
        reverse("workspace:update_add", args=[project.pk]),
        {
            "update-date": "2022-03-01",
            "update-status": "started",
            "update-progress": "40",
            "update-narrative": SECRET,
        },
    )
    assert response.status_code == 302
    request = UpdateRequest.objects.get(project=project)
    assert (request.state, request.submitted_by) == ("submitted", reporter)
    client.logout()
    assert SECRET not in public_texts(client, plan, project)

    client.force_login(editor)
    page = client.get(reverse("workspace:project", args=[project.pk])).content.decode()
    assert reverse("workspace:update_request", args=[request.pk]) in page
    response = client.post(
        reverse("workspace:update_request_review", args=[request.pk]),
        {"action": "approve", "review_comment": ""},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("workspace:project", args=[project.pk]))
    client.logout()
    assert SECRET in public_texts(client, plan, project)
    approved = AuditEvent.objects.filter(object_type="rounds.statusupdate", action="create").latest(
        "id"
    )
    assert approved.actor == editor
    assert approved.changes["author_id"][1] == reporter.pk
    assert approved.changes["approved_by_id"][1] == editor.pk


def test_migration_keeps_existing_public_updates_approved_and_records_it(setting):
    from importlib import import_module

    from django.apps import apps

    _plan, project, _reporter, _editor = setting
    update = factories.status_update(project)
    # As an update made outside a round before this migration: public, never reviewed.
    UpdateRequest.objects.filter(status_update=update).delete()
    StatusUpdate.objects.filter(pk=update.pk).update(approved_at=None, approved_by=None)
    migration = import_module(
        "actionplan.rounds.migrations.0004_update_approval_and_requests_outside_rounds"
    )
    migration.approve_existing_updates(apps, None)
    update.refresh_from_db()
    assert update.approved_at == update.created_at
    event = AuditEvent.objects.filter(object_id=str(update.pk), actor_label__contains="migration")
    assert event.get().changes["approved_at"][0] is None
