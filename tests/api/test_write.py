"""Writes act as the token's owner, through the services, within the owner's roles."""

import datetime as dt

import pytest

from actionplan.accounts.models import Role
from actionplan.accounts.services import membership_grant
from actionplan.api.services import token_revoke
from actionplan.core.models import AuditEvent
from actionplan.core.services import SYSTEM
from actionplan.indicators.models import Indicator, Observation
from actionplan.projects.models import CoFunding, Grant, Project
from actionplan.rounds.models import StatusUpdate, UpdateRequest
from tests import factories

from .conftest import bearer

pytestmark = pytest.mark.django_db


def post(client, url, data, auth=None):
    return client.post(url, data=data, content_type="application/json", **(auth or {}))


def patch(client, url, data, auth=None, if_match="*"):
    """A PATCH; these tests are not about versions, so If-Match is `*` (any)."""
    headers = {"HTTP_IF_MATCH": if_match} if if_match else {}
    return client.patch(url, data=data, content_type="application/json", **headers, **(auth or {}))


def test_an_editor_creates_a_project_in_their_plan(client, world, editor, editor_auth):
    response = post(
        client,
        "/api/v1/projects",
        {"title": "Nyt projekt", "slug": "nyt-projekt", "focus_areas": [world["area"].pk]},
        editor_auth,
    )
    assert response.status_code == 201, response.content
    assert response.json()["focus_areas"][0]["id"] == world["area"].pk
    event = AuditEvent.objects.filter(object_type="projects.project", action="create").latest("id")
    assert (event.actor, event.object_repr) == (editor, "Nyt projekt")


def test_a_project_outside_the_owners_plans_is_refused(client, world, editor_auth):
    response = post(
        client,
        "/api/v1/projects",
        {"title": "Forkert", "slug": "forkert", "focus_areas": [world["hidden_area"].pk]},
        editor_auth,
    )
    # The draft plan's focus area is invisible to this editor.
    assert response.status_code == 422
    assert not Project.objects.filter(slug="forkert").exists()


def test_writing_to_a_published_project_of_another_plan_is_forbidden(client, world):
    other_plan_editor = factories.user(is_staff=True, role=Role.EDITOR, plan=world["hidden_plan"])
    response = patch(
        client,
        f"/api/v1/projects/{world['project'].slug}",
        {"title": "Kapret"},
        bearer(other_plan_editor),
    )
    assert response.status_code == 403
    world["project"].refresh_from_db()
    assert world["project"].title != "Kapret"


def test_anonymous_writes_are_refused(client, world):
    response = patch(client, f"/api/v1/projects/{world['project'].slug}", {"title": "X"})
    assert response.status_code == 401


def test_a_wrong_token_is_refused(client, world):
    auth = {"HTTP_AUTHORIZATION": "Bearer ap_not-a-real-token"}
    response = patch(client, f"/api/v1/projects/{world['project'].slug}", {"title": "X"}, auth)
    assert response.status_code == 401


def test_a_revoked_token_is_refused(client, world, editor):
    auth = bearer(editor)
    from actionplan.api.models import ApiToken

    token_revoke(actor=editor, token=ApiToken.objects.get(owner=editor))
    response = patch(client, f"/api/v1/projects/{world['project'].slug}", {"title": "X"}, auth)
    assert response.status_code == 401


def test_an_editor_updates_only_the_fields_given(client, world, editor_auth):
    response = patch(
        client, f"/api/v1/projects/{world['project'].slug}", {"status": "completed"}, editor_auth
    )
    assert response.status_code == 200, response.content
    world["project"].refresh_from_db()
    assert world["project"].status == "completed"
    assert world["project"].description == "Offentligt projekt"


def test_an_editor_adds_a_grant(client, world, editor_auth):
    source = factories.funding_source(slug="rus-puljen-test")
    response = post(
        client,
        f"/api/v1/projects/{world['project'].slug}/grants",
        {"source": source.slug, "amount_dkk": 1100000, "decided": "2021-08"},
        editor_auth,
    )
    assert response.status_code == 201, response.content
    grant = Grant.objects.get(pk=response.json()["id"])
    assert (str(grant.amount), grant.decided.iso()) == ("1100000.00", "2021-08")


def test_an_editor_changes_a_grant(client, world, editor_auth):
    grant = world["project"].grants.get()
    response = patch(client, f"/api/v1/grants/{grant.pk}", {"amount_dkk": "300000.50"}, editor_auth)
    assert response.status_code == 200, response.content
    grant.refresh_from_db()
    assert str(grant.amount) == "300000.50"


def test_an_editor_adds_co_funding(client, world, editor_auth):
    source = factories.funding_source(slug="life-test")
    response = post(
        client,
        f"/api/v1/projects/{world['project'].slug}/cofunding",
        {"source": source.slug, "status": "applied", "amount_dkk": 2000000, "year": 2022},
        editor_auth,
    )
    assert response.status_code == 201, response.content
    assert CoFunding.objects.get(pk=response.json()["id"]).status == "applied"


def test_a_token_can_report_on_a_project_its_owner_reports_on_but_not_grant_money(client, world):
    # Tokens are for staff, so the owner edits elsewhere and only reports on this project.
    reporter = factories.user(role=Role.EDITOR, organisation=factories.organisation())
    membership_grant(actor=SYSTEM, user=reporter, role=Role.REPORTER, project=world["project"])
    auth = bearer(reporter)
    update = post(
        client,
        f"/api/v1/projects/{world['project'].slug}/updates",
        {"date": "2021-09-01", "status": "started", "progress": 40, "text": "Godt i gang"},
        auth,
    )
    source = factories.funding_source()
    grant = post(
        client,
        f"/api/v1/projects/{world['project'].slug}/grants",
        {"source": source.slug, "amount_dkk": 1},
        auth,
    )
    assert (update.status_code, grant.status_code) == (201, 403)
    submitted = UpdateRequest.objects.get(pk=update.json()["id"])
    assert (update.json()["state"], submitted.submitted_by) == ("submitted", reporter)
    assert not StatusUpdate.objects.filter(project=world["project"], author=reporter).exists()


def test_an_editor_records_an_observation(client, world, editor_auth):
    indicator = factories.indicator(factories.goal(world["area"]))
    response = post(
        client,
        f"/api/v1/indicators/{indicator.pk}/observations",
        {"date": "2021-12-31", "value": 42.5},
        editor_auth,
    )
    assert response.status_code == 201, response.content
    observation = Observation.objects.get(pk=response.json()["id"])
    assert (observation.date, str(observation.value)) == (dt.date(2021, 12, 31), "42.5000")


def test_a_qualitative_indicator_refuses_a_number_with_where(client, world, editor_auth):
    indicator = factories.indicator(
        factories.goal(world["area"]), measure=Indicator.Measure.QUALITATIVE
    )
    response = post(
        client,
        f"/api/v1/indicators/{indicator.pk}/observations",
        {"date": "2021-12-31", "value": 1},
        editor_auth,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "data", "text"]


def test_a_duplicate_slug_is_refused_and_nothing_is_written(client, world, editor_auth):
    before = Project.objects.count()
    response = post(
        client,
        "/api/v1/projects",
        {"title": "Igen", "slug": world["project"].slug, "focus_areas": [world["area"].pk]},
        editor_auth,
    )
    assert response.status_code == 422
    assert Project.objects.count() == before


def test_a_nul_character_is_refused(client, world, editor_auth):
    response = patch(
        client, f"/api/v1/projects/{world['project'].slug}", {"title": "a\u0000b"}, editor_auth
    )
    assert response.status_code == 422
