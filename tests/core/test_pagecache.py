"""Public pages and API answers kept whole for callers who are not logged in."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from actionplan.core.services import SYSTEM
from actionplan.projects import services as projects
from tests import factories

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def world():
    plan = factories.plan()
    area = factories.focus_area(factories.theme(plan))
    project = factories.project([area], title="Cykelstier i Nordsjælland")
    factories.grant(project, "250000")
    return {"plan": plan, "area": area, "project": project}


def page_urls(world):
    return [
        f"/planer/{world['plan'].slug}/",
        f"/planer/{world['plan'].slug}/{world['area'].slug}/",
        f"/projekter/{world['project'].slug}/",
        "/projekter/?q=cykelstier&sort=-granted",
        "/api/v1/projects",
        f"/api/v1/projects/{world['project'].slug}",
    ]


def without_token(response) -> str:
    return TOKEN.sub("", response.content.decode())


@pytest.mark.parametrize("index", range(6))
def test_a_second_visitor_gets_the_same_answer_for_one_query(
    world, index, django_assert_num_queries
):
    url = page_urls(world)[index]
    first = Client().get(url)
    with django_assert_num_queries(1):
        second = Client().get(url)
    assert second.status_code == 200
    assert without_token(second) == without_token(first)
    assert second["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize("index", range(6))
def test_a_change_through_a_service_shows_at_the_next_request(client, world, index, settings):
    url = page_urls(world)[index]
    before = without_token(client.get(url))
    projects.project_update(actor=SYSTEM, project=world["project"], title="Cykelstier og ruter")
    factories.grant(world["project"], "1000000")
    after = without_token(client.get(url))
    settings.ACTIONPLAN_PUBLIC_CACHE_SECONDS = 0
    assert after != before and after == without_token(client.get(url))


def test_a_logged_in_user_is_never_served_the_public_copy(client, world, staff):
    url = "/en" + page_urls(world)[0]
    assert "Staff login" in client.get(url).content.decode()
    client.force_login(staff)
    content = client.get(url).content.decode()
    assert "Workspace" in content and "Staff login" not in content


def test_each_visitor_gets_a_csrf_token_of_their_own_that_works(world):
    url = page_urls(world)[0]
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_token = TOKEN.search(first.get(url).content.decode()).group(1)
    served = second.get(url)
    second_token = TOKEN.search(served.content.decode()).group(1)
    assert second_token != first_token and "csrftoken" in served.cookies
    answer = second.post(
        "/i18n/setlang/", {"language": "en", "next": url, "csrfmiddlewaretoken": second_token}
    )
    assert answer.status_code == 302


def test_a_token_caller_and_a_conditional_request_are_answered_by_the_view(
    world, django_assert_num_queries
):
    url = "/api/v1/projects"
    etag = Client().get(url)["ETag"]
    with django_assert_num_queries(1):
        assert Client().get(url)["ETag"] == etag
    with django_assert_num_queries(1):  # the view's own 304: the version, no copy
        assert Client().get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    with CaptureQueriesContext(connection) as counted:
        answer = Client().get(url, HTTP_AUTHORIZATION="Bearer not-a-token")
    assert answer.status_code == 200 and len(counted) > 1


def test_an_htmx_partial_is_kept_apart_from_the_whole_page(client, world):
    url = "/projekter/?q=cykelstier"
    whole = client.get(url).content.decode()
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    again = client.get(url).content.decode()
    assert "<html" in whole and "<html" not in partial and "<html" in again


def test_languages_are_kept_apart(client, world):
    danish = client.get(page_urls(world)[0]).content.decode()
    english = client.get("/en" + page_urls(world)[0]).content.decode()
    assert 'lang="da"' in danish and 'lang="en"' in english


def test_nothing_is_kept_when_turned_off(world, settings):
    settings.ACTIONPLAN_PUBLIC_CACHE_SECONDS = 0
    url = page_urls(world)[0]
    Client().get(url)
    with CaptureQueriesContext(connection) as counted:
        Client().get(url)
    assert len(counted) > 1
