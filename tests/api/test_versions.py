"""A change names the version it is based on (If-Match): a stale one is refused with 409 and
nothing is saved, as the workspace refuses a stale form."""

import json

import pytest

from actionplan.core.services import SYSTEM
from actionplan.projects import services as projects

pytestmark = pytest.mark.django_db


def patch(client, url, data, auth, if_match=None):
    headers = {"HTTP_IF_MATCH": if_match} if if_match is not None else {}
    return client.patch(
        url, data=json.dumps(data), content_type="application/json", **headers, **auth
    )


def project_url(world) -> str:
    return f"/api/v1/projects/{world['project'].slug}"


def test_the_etag_of_a_project_read_is_accepted_as_if_match(client, world, editor_auth):
    etag = client.get(project_url(world))["ETag"]
    response = patch(client, project_url(world), {"title": "Nyt navn"}, editor_auth, etag)
    assert response.status_code == 200, response.content
    world["project"].refresh_from_db()
    assert world["project"].title == "Nyt navn"


def test_a_change_answers_the_new_version_which_the_next_change_can_use(client, world, editor_auth):
    first = patch(client, project_url(world), {"title": "Et"}, editor_auth, "*")
    assert first.status_code == 200
    assert first["ETag"] == f'"{first.json()["version"]}"'
    second = patch(client, project_url(world), {"title": "To"}, editor_auth, first["ETag"])
    assert second.status_code == 200, second.content
    assert second["ETag"] != first["ETag"]


def test_a_change_based_on_a_stale_version_is_refused_with_409(client, world, editor_auth):
    etag = client.get(project_url(world))["ETag"]
    projects.project_update(actor=SYSTEM, project=world["project"], title="Someone else's")
    response = patch(client, project_url(world), {"title": "Mine"}, editor_auth, etag)
    assert response.status_code == 409
    body = response.json()
    assert "If-Match" in body["detail"] and body["errors"][0]["loc"] == ["header", "If-Match"]
    world["project"].refresh_from_db()
    assert world["project"].title == "Someone else's"


def test_a_change_to_a_related_row_does_not_make_the_project_stale(client, world, editor_auth):
    """The ETag of a project's GET changes with its grants; the version it names does not."""
    etag = client.get(project_url(world))["ETag"]
    grant = world["project"].grants.get()
    projects.grant_update(actor=SYSTEM, grant=grant, note="Ny note")
    assert client.get(project_url(world))["ETag"] != etag
    response = patch(client, project_url(world), {"title": "Mine"}, editor_auth, etag)
    assert response.status_code == 200, response.content


def test_a_change_without_if_match_is_refused(client, world, editor_auth):
    response = patch(client, project_url(world), {"title": "Blindt"}, editor_auth)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["header", "If-Match"]
    world["project"].refresh_from_db()
    assert world["project"].title != "Blindt"


def test_two_changes_from_the_same_read_one_wins_the_other_gets_409(client, world, editor_auth):
    grant = world["project"].grants.get()
    version = next(g for g in client.get(project_url(world)).json()["grants"])["version"]
    url = f"/api/v1/grants/{grant.pk}"
    first = patch(client, url, {"note": "A"}, editor_auth, f'"{version}"')
    second = patch(client, url, {"note": "B"}, editor_auth, f'"{version}"')
    assert (first.status_code, second.status_code) == (200, 409)
    grant.refresh_from_db()
    assert grant.note == "A"


def test_a_grant_answer_names_its_version_as_etag(client, world, editor_auth):
    grant = world["project"].grants.get()
    response = patch(client, f"/api/v1/grants/{grant.pk}", {"amount_dkk": 5}, editor_auth, "*")
    assert response.status_code == 200
    assert response["ETag"] == f'"{response.json()["version"]}"'
    again = patch(
        client, f"/api/v1/grants/{grant.pk}", {"amount_dkk": 6}, editor_auth, response["ETag"]
    )
    assert again.status_code == 200, again.content


def test_a_forbidden_change_is_403_before_its_version_is_looked_at(client, world):
    from actionplan.accounts.models import Role
    from tests import factories

    from .conftest import bearer

    outsider = factories.user(is_staff=True, role=Role.EDITOR, plan=world["hidden_plan"])
    response = patch(client, project_url(world), {"title": "X"}, bearer(outsider), '"stale"')
    assert response.status_code == 403
