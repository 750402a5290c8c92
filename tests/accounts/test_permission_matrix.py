"""Every URL and API route, with the answer each role gets.

The table below is the specification: a new route that is not in it fails
test_every_route_is_in_the_matrix, so whoever adds a page decides who may open it.
Requests are made with each route's main method and no body; a POST-only route is
therefore checked for whether the role gets through to the form validation (400/200/302)
or is stopped before it (302 to login, 401, 403, 404).
"""

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from actionplan.accounts.models import Role
from actionplan.organisations.models import Organisation
from actionplan.projects.models import Project
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "reporter", "reader", "editor", "admin"]


def answers(anonymous, outsider, reporter, reader, editor, admin) -> dict[str, int]:
    return dict(zip(ROLES, [anonymous, outsider, reporter, reader, editor, admin], strict=True))


# The kinds of route, by who gets through.
PUBLIC = answers(200, 200, 200, 200, 200, 200)
LOGIN = answers(200, 302, 302, 302, 302, 302)  # logged-in users go on to the workspace
ANY_ROLE = answers(302, 200, 200, 200, 200, 200)
ADMINS = answers(302, 403, 403, 403, 403, 200)
API_WRITE = answers(401, 401, 401, 401, 401, 401)  # the API takes tokens, never cookies
POST_ONLY = answers(405, 405, 405, 405, 405, 405)


@dataclass
class World:
    """The demo plan, and one user per role: organisation roles on Region Hovedstaden,
    a reporter on one demo project, an editor of another organisation."""

    plan: object
    area: object
    project: object
    organisation: object
    users: dict


@pytest.fixture
def world(demo) -> World:
    region = Organisation.objects.get(slug="region-hovedstaden")
    project = Project.objects.get(slug="power-to-x-overskudsvarme")
    users = {
        "outsider": factories.user(role=Role.EDITOR, organisation=factories.organisation()),
        "reporter": factories.user(role=Role.REPORTER, project=project),
        "reader": factories.user(role=Role.READER, organisation=region),
        "editor": factories.user(role=Role.EDITOR, organisation=region),
        "admin": factories.user(role=Role.ADMIN, organisation=region),
    }
    return World(demo, project.focus_areas.first(), project, region, users)


# route name -> (method, url kwargs from the world, answers per role)
MATRIX = {
    "set_language": ("POST", lambda w: {}, answers(302, 302, 302, 302, 302, 302)),
    "portal:home": ("GET", lambda w: {}, answers(302, 302, 302, 302, 302, 302)),
    "portal:plan": ("GET", lambda w: {"slug": w.plan.slug}, PUBLIC),
    "portal:focus_area": (
        "GET",
        lambda w: {"plan_slug": w.plan.slug, "area_slug": w.area.slug},
        PUBLIC,
    ),
    "portal:projects": ("GET", lambda w: {}, PUBLIC),
    "portal:project": ("GET", lambda w: {"slug": w.project.slug}, PUBLIC),
    "portal:organisation": ("GET", lambda w: {"slug": w.organisation.slug}, PUBLIC),
    "portal:accessibility": ("GET", lambda w: {}, PUBLIC),
    "web:method": ("GET", lambda w: {}, PUBLIC),
    "accounts:accept_invitation": (
        "GET",
        lambda w: {"token": "no-such-token"},
        answers(404, 404, 404, 404, 404, 404),
    ),
    "workspace:login": ("GET", lambda w: {}, LOGIN),
    "workspace:logout": ("POST", lambda w: {}, answers(302, 302, 302, 302, 302, 302)),
    "workspace:home": ("GET", lambda w: {}, ANY_ROLE),
    "workspace:users": ("GET", lambda w: {}, ADMINS),
    "workspace:membership_revoke": (
        "POST",
        lambda w: {"pk": 2**31},
        answers(302, 403, 403, 403, 403, 404),
    ),
}


def _walk(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            if inner and namespace:
                inner = f"{namespace}:{inner}"
            yield from _walk(pattern.url_patterns, inner or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def routes() -> set[str]:
    return {name for name in _walk(get_resolver().url_patterns) if not name.startswith("admin:")}


def test_every_route_is_in_the_matrix():
    missing = sorted(routes() - MATRIX.keys())
    assert missing == [], f"routes without an entry in the permission matrix: {missing}"


def test_the_matrix_names_no_route_that_is_gone():
    assert sorted(MATRIX.keys() - routes()) == []


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_the_expected_answer(client, world, name):
    from django.urls import reverse

    method, kwargs, expected = MATRIX[name]
    url = reverse(name, kwargs=kwargs(world))
    got = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role])
        response = client.generic(method, url)
        got[role] = response.status_code
    assert got == expected, url
