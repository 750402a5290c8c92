"""Public reads: published content only, filters, sorting and paging."""

import pytest

from actionplan.core.services import SYSTEM
from actionplan.projects import services as projects
from tests import factories

pytestmark = pytest.mark.django_db


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_project_list_shows_published_projects_only(client, world):
    # Filtered by plan: other tests' demo plan may be in the database too.
    plan = world["plan"].slug
    ids = [p["id"] for p in get(client, f"/api/v1/projects?plan={plan}")["items"]]
    hidden = get(client, f"/api/v1/projects?plan={world['hidden_plan'].slug}")["items"]
    assert (ids, hidden) == ([world["project"].slug], [])
    assert world["hidden"].slug not in [p["id"] for p in get(client, "/api/v1/projects")["items"]]


def test_an_unpublished_project_is_not_found(client, world):
    response = client.get(f"/api/v1/projects/{world['hidden'].slug}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": []}


def test_a_draft_plan_is_not_listed(client, world):
    slugs = [p["slug"] for p in get(client, "/api/v1/plans")["items"]]
    assert world["plan"].slug in slugs and world["hidden_plan"].slug not in slugs


def test_a_draft_plans_focus_areas_are_not_listed(client, world):
    ids = [a["id"] for a in get(client, "/api/v1/focus-areas?page_size=100")["items"]]
    assert world["area"].pk in ids and world["hidden_area"].pk not in ids


def test_project_detail_carries_grants_with_amounts(client, world):
    detail = get(client, f"/api/v1/projects/{world['project'].slug}")
    assert [g["amount_dkk"] for g in detail["grants"]] == [250000]
    assert detail["granted_dkk"] == 250000


def test_no_contact_names_or_emails_in_public_output(client, world):
    contact = factories.contact(world["project"], name="Hemmelig Person", email="hp@example.dk")
    text = client.get(f"/api/v1/projects/{world['project'].slug}").content.decode()
    assert contact.email not in text and "Hemmelig Person" not in text


def test_filter_by_amount_range(client, world):
    other = factories.project([world["area"]])
    factories.grant(other, "5000000")
    small = get(client, f"/api/v1/projects?plan={world['plan'].slug}&amount_max=1000000")["items"]
    large = get(client, f"/api/v1/projects?plan={world['plan'].slug}&amount_min=1000000")["items"]
    assert [p["id"] for p in small] == [world["project"].slug]
    assert [p["id"] for p in large] == [other.slug]


def test_filter_by_sdg(client, world):
    tagged = factories.project([world["area"]], sdgs=[13])
    items = get(client, f"/api/v1/projects?plan={world['plan'].slug}&sdg=13")["items"]
    assert [p["id"] for p in items] == [tagged.slug]


def test_filter_by_funding_source(client, world):
    source = factories.funding_source(slug="interreg-test")
    other = factories.project([world["area"]])
    factories.grant(other, "1", source=source)
    items = get(client, "/api/v1/projects?funding_source=interreg-test")["items"]
    assert [p["id"] for p in items] == [other.slug]


def test_search_folds_danish_letters(client, world):
    projects.project_update(actor=SYSTEM, project=world["project"], title="Østerbro grønne tage")
    items = get(client, "/api/v1/projects?search=%C3%B8sterbro+gr%C3%B8nne")["items"]
    assert [p["id"] for p in items] == [world["project"].slug]


def test_paging_is_stable_with_equal_sort_keys(client, world):
    plan = world["plan"].slug
    for _ in range(4):
        factories.project([world["area"]], title="Samme titel")
    pages = [
        get(client, f"/api/v1/projects?plan={plan}&sort=title&page_size=2&page={n}")["items"]
        for n in (1, 2, 3)
    ]
    ids = [p["id"] for page in pages for p in page]
    assert len(ids) == len(set(ids)) == 5


def test_page_counts(client, world):
    data = get(client, f"/api/v1/projects?plan={world['plan'].slug}&page_size=1&page=5")
    assert (data["count"], data["pages"], data["items"]) == (1, 1, [])


def test_sort_by_granted_descending(client, world):
    bigger = factories.project([world["area"]])
    factories.grant(bigger, "900000")
    items = get(client, f"/api/v1/projects?plan={world['plan'].slug}&sort=-granted")["items"]
    assert [p["id"] for p in items] == [bigger.slug, world["project"].slug]


def test_indicators_carry_observations_and_computed_status(client, world):
    import datetime as dt

    goal = factories.goal(world["area"])
    factories.indicator(
        goal,
        baseline_value=0,
        baseline_year=2020,
        target_value=10,
        target_year=2021,
        observations=[(dt.date(2021, 12, 31), 10)],
    )
    item = get(client, f"/api/v1/indicators?plan={world['plan'].slug}")["items"][0]
    assert item["observations"][0]["value"] == 10
    assert item["status"] == "achieved"


def test_unknown_sort_is_refused_with_where(client, world):
    response = client.get("/api/v1/projects?sort=secret")
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", "sort"]
