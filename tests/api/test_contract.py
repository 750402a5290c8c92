"""The API takes what its OpenAPI document allows and refuses what it does not (the faults
issue 16 found by hand), and a failed write leaves nothing behind."""

import json
from decimal import ROUND_HALF_UP, Decimal

import pytest

from actionplan.core.models import AuditEvent
from actionplan.indicators.models import Observation
from actionplan.projects.models import Project
from tests import factories

pytestmark = pytest.mark.django_db


def send(client, method, url, body, auth, **headers):
    return getattr(client, method)(
        url, data=json.dumps(body), content_type="application/json", **headers, **auth
    )


def test_a_project_without_focus_areas_is_refused_and_nothing_is_saved(client, world, editor_auth):
    projects, events = Project.objects.count(), AuditEvent.objects.count()
    response = send(
        client, "post", "/api/v1/projects", {"title": "Uden", "slug": "uden"}, editor_auth
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "data", "focus_areas"]
    assert (Project.objects.count(), AuditEvent.objects.count()) == (projects, events)


def test_an_empty_focus_area_list_is_refused_too(client, world, editor_auth):
    body = {"title": "Uden", "slug": "uden", "focus_areas": []}
    response = send(client, "post", "/api/v1/projects", body, editor_auth)
    assert response.status_code == 422
    assert not Project.objects.filter(slug="uden").exists()


def test_a_project_in_a_plan_the_writer_may_not_edit_leaves_nothing(client, world, editor_auth):
    """The project row is written before its focus area link is refused: one transaction."""
    other = factories.focus_area(factories.theme(factories.plan()))
    body = {"title": "Fremmed", "slug": "fremmed", "focus_areas": [other.pk]}
    response = send(client, "post", "/api/v1/projects", body, editor_auth)
    assert response.status_code == 403
    assert not Project.objects.filter(slug="fremmed").exists()


def test_an_empty_optional_query_parameter_counts_as_absent(client, world):
    response = client.get("/api/v1/projects?amount_max=&amount_min=&theme=&sdg=&search=")
    assert response.status_code == 200, response.content
    assert response.json()["count"] == client.get("/api/v1/projects").json()["count"]


@pytest.mark.parametrize("body", [[None, None], [], "text", 1, None])
def test_a_body_that_is_not_an_object_is_refused(client, world, editor_auth, body):
    url = f"/api/v1/projects/{world['project'].slug}"
    response = send(client, "patch", url, body, editor_auth, HTTP_IF_MATCH="*")
    assert response.status_code == 422, response.content


def test_a_non_object_grant_change_is_refused(client, world, editor_auth):
    grant = world["project"].grants.get()
    url = f"/api/v1/grants/{grant.pk}"
    response = send(client, "patch", url, [None, None], editor_auth, HTTP_IF_MATCH="*")
    assert response.status_code == 422


@pytest.mark.parametrize("date", [0, 1_600_000_000, 2021.5, True])
def test_an_observation_dated_with_a_number_is_refused(client, world, editor_auth, date):
    indicator = factories.indicator(factories.goal(world["area"]))
    url = f"/api/v1/indicators/{indicator.pk}/observations"
    response = send(client, "post", url, {"date": date, "value": 1}, editor_auth)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "data", "date"]
    assert not Observation.objects.filter(indicator=indicator).exists()


def test_an_observation_dated_as_text_is_taken(client, world, editor_auth):
    indicator = factories.indicator(factories.goal(world["area"]))
    url = f"/api/v1/indicators/{indicator.pk}/observations"
    response = send(client, "post", url, {"date": "2021-06-30", "value": 1}, editor_auth)
    assert response.status_code == 201, response.content


def test_a_status_update_dated_with_a_number_is_refused(client, world, editor_auth):
    url = f"/api/v1/projects/{world['project'].slug}/updates"
    body = {"date": 0, "status": "started"}
    assert send(client, "post", url, body, editor_auth).status_code == 422


def test_whole_number_floats_are_taken_as_sdgs(client, world, editor_auth):
    body = {
        "title": "Verdensmål",
        "slug": "verdensmaal",
        "focus_areas": [world["area"].pk],
        "sdgs": [3.0, 13.0],
    }
    created = send(client, "post", "/api/v1/projects", body, editor_auth)
    assert created.status_code == 201, created.content
    assert created.json()["sdgs"] == [3, 13]
    url = "/api/v1/projects/verdensmaal"
    changed = send(client, "patch", url, {"sdgs": [7.0]}, editor_auth, HTTP_IF_MATCH="*")
    assert changed.status_code == 200 and changed.json()["sdgs"] == [7]


def test_a_fractional_sdg_is_refused(client, world, editor_auth):
    url = f"/api/v1/projects/{world['project'].slug}"
    response = send(client, "patch", url, {"sdgs": [3.5]}, editor_auth, HTTP_IF_MATCH="*")
    assert response.status_code == 422


@pytest.mark.parametrize("amount", [9_999_999_999_999, 0.001, 12.345, 1e-30])
def test_any_amount_in_range_is_taken_rounded_to_oere(client, world, editor_auth, amount):
    grant = world["project"].grants.get()
    url = f"/api/v1/grants/{grant.pk}"
    response = send(client, "patch", url, {"amount_dkk": amount}, editor_auth, HTTP_IF_MATCH="*")
    assert response.status_code == 200, response.content
    grant.refresh_from_db()
    assert grant.amount == Decimal(str(amount)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def test_an_amount_above_the_documented_maximum_is_refused(client, world, editor_auth):
    grant = world["project"].grants.get()
    url = f"/api/v1/grants/{grant.pk}"
    body = {"amount_dkk": 10**13}
    assert send(client, "patch", url, body, editor_auth, HTTP_IF_MATCH="*").status_code == 422
