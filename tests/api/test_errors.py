"""Every error answers with the same body: {"detail": str, "errors": [{loc, msg, type}]}."""

import pytest

pytestmark = pytest.mark.django_db


def shape(response):
    body = response.json()
    assert set(body) == {"detail", "errors"} and isinstance(body["detail"], str)
    return body


def test_400_for_a_body_that_is_not_json(client, world, editor_auth):
    response = client.post(
        "/api/v1/projects", data="{not json", content_type="application/json", **editor_auth
    )
    assert response.status_code == 400
    shape(response)


def test_401_without_a_token(client, world):
    response = client.post("/api/v1/projects", data={}, content_type="application/json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    shape(response)


def test_403_outside_the_owners_roles(client, world, editor_auth):
    response = client.post(
        f"/api/v1/projects/{world['project'].slug}/grants",
        data={"source": "x"},
        content_type="application/json",
        **editor_auth,
    )
    # The editor's plan holds the project, but the source does not exist: 422, not 403.
    assert response.status_code == 422
    shape(response)


def test_404_for_an_unknown_plan(client, world):
    response = client.get("/api/v1/plans/no-such-plan")
    assert response.status_code == 404
    assert shape(response)["detail"] == "Not found."


def test_422_says_where(client, world):
    response = client.get("/api/v1/projects?page=0&page_size=1000")
    assert response.status_code == 422
    locs = [e["loc"] for e in shape(response)["errors"]]
    assert ["query", "page"] in locs and ["query", "page_size"] in locs
