"""Every URL and API route, with the answer each role gets.

The table below is the specification: a new route that is not in it fails
test_every_route_is_in_the_matrix, so whoever adds a page decides who may open it.
Requests are made with each route's main method and no body; a POST-only route is
therefore checked for whether the role gets through to the form validation (400/200/302)
or is stopped before it (302 to login, 401, 403, 404).
"""

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "reporter", "reader", "editor", "admin"]


def answers(anonymous, outsider, reporter, reader, editor, admin) -> dict[str, int]:
    return dict(zip(ROLES, [anonymous, outsider, reporter, reader, editor, admin], strict=True))


# The kinds of route, by who gets through. 302 for the anonymous is the way to the login page;
# 404 means the object is outside the user's roles (its existence is not revealed); 403 means
# the user may see it but not do this; 200/400 on a POST without a body means the request got
# through to the form's validation; 302 for a POST means it was carried out.
PUBLIC = answers(200, 200, 200, 200, 200, 200)
REDIRECT = answers(302, 302, 302, 302, 302, 302)
LOGIN = answers(200, 302, 302, 302, 302, 302)  # logged-in users go on to the workspace
ANY_ROLE = answers(302, 200, 200, 200, 200, 200)
ADMINS = answers(302, 403, 403, 403, 403, 200)
# The log of every change covers every organisation's data and people: system administrators
# (superusers) only, not an organisation's administrators.
SUPERUSERS = answers(302, 403, 403, 403, 403, 403)
EDITORS = answers(302, 200, 403, 403, 200, 200)  # editors anywhere: new plans, shared registers
API_WRITE = answers(401, 401, 401, 401, 401, 401)  # the API takes tokens, never cookies
GONE = answers(404, 404, 404, 404, 404, 404)
PLAN_READ = answers(302, 404, 404, 200, 200, 200)
PLAN_FORM = answers(302, 404, 404, 403, 200, 200)
PLAN_WRITE = answers(302, 404, 404, 403, 302, 302)
PROJECT_READ = answers(302, 404, 200, 200, 200, 200)
PROJECT_FORM = answers(302, 404, 403, 403, 200, 200)
PROJECT_WRITE = answers(302, 404, 403, 403, 302, 302)
PROJECT_REPORT = answers(302, 404, 200, 403, 200, 200)
# A file that is not public: its project's readers only; the rest get a plain 404.
INTERNAL_FILE = answers(404, 404, 200, 200, 200, 200)
UNKNOWN_DRAFT = answers(302, 404, 404, 404, 404, 404)
UNKNOWN_DRAFT_POST = answers(302, 404, 403, 403, 404, 404)


# route name (with "#variant" where one name has several patterns)
#   -> (method, url kwargs from the world, answers per role)
NONE = lambda w: {}  # noqa: E731
PLAN = lambda w: {"slug": w.plan.slug}  # noqa: E731
PROJECT = lambda w: {"pk": w.project.pk}  # noqa: E731
ROUND = lambda w: {"pk": w.round.pk}  # noqa: E731
FACT = lambda w: {  # noqa: E731
    "slug": w.plan.slug,
    "area": w.area.pk,
    "kind": "fakta",
    "pk": w.area.facts.first().pk,
}
NO_ID = 2**31

MATRIX = {
    # The language switch, the portal and the open data: everyone, the same.
    "set_language": ("POST", NONE, REDIRECT),
    "healthz": ("GET", NONE, PUBLIC),  # for load balancers: no login
    "portal:home": ("GET", NONE, PUBLIC),  # the own organisation's current plan
    "portal:plan": ("GET", PLAN, PUBLIC),
    "portal:plans": ("GET", NONE, PUBLIC),
    "portal:national": ("GET", NONE, PUBLIC),
    "portal:national_chart": ("GET", lambda w: {"key": "kort", "fmt": "csv"}, PUBLIC),
    "portal:search": ("GET", NONE, PUBLIC),
    "portal:plan_feed": ("GET", PLAN, PUBLIC),
    "portal:plan_map": ("GET", PLAN, PUBLIC),
    "portal:plan_memo": (
        "GET",
        lambda w: {"slug": w.plan.slug, "round_slug": w.published_round.slug, "fmt": "html"},
        PUBLIC,
    ),
    "portal:plan_memo#unpublished": (
        "GET",
        lambda w: {"slug": w.plan.slug, "round_slug": w.round.slug, "fmt": "html"},
        GONE,
    ),
    "portal:plan_map_data": ("GET", lambda w: {"slug": w.plan.slug, "fmt": "xlsx"}, PUBLIC),
    "portal:plan_chart": (
        "GET",
        lambda w: {"slug": w.plan.slug, "key": "penge-pr-tema", "fmt": "excel.csv"},
        PUBLIC,
    ),
    "portal:focus_area_feed": (
        "GET",
        lambda w: {"plan_slug": w.plan.slug, "area_slug": w.area.slug},
        PUBLIC,
    ),
    "portal:focus_area_map": (
        "GET",
        lambda w: {"plan_slug": w.plan.slug, "area_slug": w.area.slug},
        PUBLIC,
    ),
    "portal:focus_area_map_data": (
        "GET",
        lambda w: {"plan_slug": w.plan.slug, "area_slug": w.area.slug, "fmt": "csv"},
        PUBLIC,
    ),
    "portal:focus_area_chart": (
        "GET",
        lambda w: {"plan_slug": w.plan.slug, "area_slug": w.area.slug, "key": "x", "fmt": "csv"},
        GONE,  # no such chart
    ),
    "portal:projects_download": ("GET", lambda w: {"fmt": "csv"}, PUBLIC),
    "portal:project_feed": ("GET", lambda w: {"slug": w.project.slug}, PUBLIC),
    "portal:focus_area": (
        "GET",
        lambda w: {"plan_slug": w.plan.slug, "area_slug": w.area.slug},
        PUBLIC,
    ),
    "portal:projects": ("GET", NONE, PUBLIC),
    "portal:project": ("GET", lambda w: {"slug": w.project.slug}, PUBLIC),
    "portal:organisation": ("GET", lambda w: {"slug": w.organisation.slug}, PUBLIC),
    "portal:accessibility": ("GET", NONE, PUBLIC),
    "web:method": ("GET", NONE, PUBLIC),
    "opendata:index": ("GET", NONE, PUBLIC),
    "opendata:dcat": ("GET", NONE, PUBLIC),
    "opendata:dcat_ttl": ("GET", NONE, PUBLIC),
    "opendata:datapackage": ("GET", NONE, PUBLIC),
    "opendata:json_schema": ("GET", NONE, PUBLIC),
    "opendata:table_schema": ("GET", lambda w: {"table": "projekter"}, PUBLIC),
    "opendata:json": ("GET", NONE, PUBLIC),
    "opendata:json#plan": ("GET", PLAN, PUBLIC),
    "opendata:xlsx": ("GET", NONE, PUBLIC),
    "opendata:xlsx#plan": ("GET", PLAN, PUBLIC),
    "opendata:iati": ("GET", NONE, PUBLIC),
    "opendata:iati#plan": ("GET", PLAN, PUBLIC),
    "opendata:csv": ("GET", lambda w: {"table": "projekter"}, PUBLIC),
    "opendata:csv#plan": ("GET", lambda w: {"slug": w.plan.slug, "table": "projekter"}, PUBLIC),
    # The API: public reads; writes need a token (tests/api covers token scopes).
    "api-v1:api-root": ("GET", NONE, GONE),
    "api-v1:openapi-json": ("GET", NONE, PUBLIC),
    "api-v1:openapi-view": ("GET", NONE, PUBLIC),
    "api-v1:plan_list": ("GET", NONE, PUBLIC),
    "api-v1:plan_detail": ("GET", PLAN, PUBLIC),
    "api-v1:theme_list": ("GET", NONE, PUBLIC),
    "api-v1:theme_detail": ("GET", lambda w: {"theme_id": w.theme.pk}, PUBLIC),
    "api-v1:focus_area_list": ("GET", NONE, PUBLIC),
    "api-v1:focus_area_detail": ("GET", lambda w: {"focus_area_id": w.area.pk}, PUBLIC),
    "api-v1:goal_list": ("GET", NONE, PUBLIC),
    "api-v1:goal_detail": ("GET", lambda w: {"goal_id": w.goal.pk}, PUBLIC),
    "api-v1:indicator_list": ("GET", NONE, PUBLIC),
    "api-v1:indicator_detail": ("GET", lambda w: {"indicator_id": w.indicator.pk}, PUBLIC),
    "api-v1:project_list": ("GET", NONE, PUBLIC),
    "api-v1:project_create": ("POST", NONE, API_WRITE),
    "api-v1:project_detail": ("GET", lambda w: {"slug": w.project.slug}, PUBLIC),
    "api-v1:project_update": ("PATCH", lambda w: {"slug": w.project.slug}, API_WRITE),
    "api-v1:organisation_index": ("GET", NONE, PUBLIC),
    "api-v1:organisation_detail": ("GET", lambda w: {"slug": w.organisation.slug}, PUBLIC),
    "api-v1:funding_source_index": ("GET", NONE, PUBLIC),
    "api-v1:funding_source_detail": ("GET", lambda w: {"slug": "rus-puljen"}, PUBLIC),
    "api-v1:round_list": ("GET", NONE, PUBLIC),
    "api-v1:round_detail": ("GET", lambda w: {"round_id": w.published_round.pk}, PUBLIC),
    "api-v1:round_detail#open": ("GET", lambda w: {"round_id": w.round.pk}, GONE),
    "api-v1:assessment_list": ("GET", NONE, PUBLIC),
    "api-v1:grant_create": ("POST", lambda w: {"slug": w.project.slug}, API_WRITE),
    "api-v1:grant_update": ("PATCH", lambda w: {"grant_id": w.grant.pk}, API_WRITE),
    "api-v1:cofunding_create": ("POST", lambda w: {"slug": w.project.slug}, API_WRITE),
    "api-v1:status_update": ("POST", lambda w: {"slug": w.project.slug}, API_WRITE),
    "api-v1:attachment_create": ("POST", lambda w: {"slug": w.project.slug}, API_WRITE),
    "api-v1:observation_add": (
        "POST",
        lambda w: {"indicator_id": w.indicator.pk},
        API_WRITE,
    ),
    # Accounts and the workspace's own pages.
    "accounts:accept_invitation": ("GET", lambda w: {"token": "no-such-token"}, GONE),
    "workspace:login": ("GET", NONE, LOGIN),
    "workspace:logout": ("POST", NONE, REDIRECT),
    "workspace:home": ("GET", NONE, ANY_ROLE),
    "workspace:users": ("GET", NONE, ADMINS),
    "workspace:membership_revoke": (
        "POST",
        lambda w: {"pk": NO_ID},
        answers(302, 403, 403, 403, 403, 404),
    ),
    "api_tokens": ("GET", NONE, EDITORS),
    "api_token_create": ("GET", NONE, EDITORS),
    "api_token_revoke": (
        "POST",
        lambda w: {"token_id": NO_ID},
        answers(302, 404, 403, 403, 404, 404),
    ),
    # Plans: the organisation's roles; readers read.
    "workspace:plans": ("GET", NONE, ANY_ROLE),
    "workspace:plan_create": ("GET", NONE, EDITORS),
    "workspace:plan": ("GET", PLAN, PLAN_READ),
    "workspace:plan_edit": ("GET", PLAN, PLAN_READ),
    "workspace:plan_duplicate": ("GET", PLAN, PLAN_READ),
    "workspace:theme_create": ("GET", PLAN, PLAN_READ),
    "workspace:theme_edit": ("GET", lambda w: {"slug": w.plan.slug, "pk": w.theme.pk}, PLAN_READ),
    "workspace:focus_area_create": (
        "GET",
        lambda w: {"slug": w.plan.slug, "theme": w.theme.pk},
        PLAN_READ,
    ),
    "workspace:focus_area": ("GET", lambda w: {"slug": w.plan.slug, "pk": w.area.pk}, PLAN_READ),
    "workspace:focus_area_move": (
        "POST",
        lambda w: {"slug": w.plan.slug, "pk": w.area.pk},
        answers(302, 404, 404, 403, 400, 400),  # no direction given
    ),
    "workspace:item_create": (
        "GET",
        lambda w: {"slug": w.plan.slug, "area": w.area.pk, "kind": "fakta"},
        PLAN_READ,
    ),
    "workspace:item_edit": ("GET", FACT, PLAN_READ),
    "workspace:item_delete": ("POST", FACT, PLAN_WRITE),
    "workspace:indicator_create": (
        "GET",
        lambda w: {"slug": w.plan.slug, "goal": w.goal.pk},
        PLAN_READ,
    ),
    "workspace:indicator": (
        "GET",
        lambda w: {"slug": w.plan.slug, "pk": w.indicator.pk},
        PLAN_READ,
    ),
    "workspace:observation_create": (
        "POST",
        lambda w: {"slug": w.plan.slug, "pk": w.indicator.pk},
        PLAN_FORM,
    ),
    "workspace:bulk_entry": ("GET", PLAN, PLAN_READ),
    "workspace:bulk_csv": ("POST", PLAN, PLAN_FORM),
    # Projects: the plan's roles, and the project's own reporter.
    "workspace:projects": ("GET", NONE, ANY_ROLE),
    "workspace:project_create": ("GET", NONE, EDITORS),
    "workspace:project": ("GET", PROJECT, PROJECT_READ),
    "workspace:project_edit": ("GET", PROJECT, PROJECT_FORM),
    "workspace:partner_add": ("POST", PROJECT, PROJECT_FORM),
    "workspace:partner_remove": (
        "POST",
        lambda w: {"pk": w.project.pk, "participation_pk": w.participation.pk},
        PROJECT_WRITE,
    ),
    "workspace:grant_add": ("POST", PROJECT, PROJECT_FORM),
    "workspace:grant_edit": (
        "GET",
        lambda w: {"pk": w.project.pk, "grant_pk": w.grant.pk},
        PROJECT_FORM,
    ),
    "workspace:grant_delete": (
        "POST",
        lambda w: {"pk": w.project.pk, "grant_pk": w.grant.pk},
        PROJECT_WRITE,
    ),
    "workspace:cofunding_add": ("POST", PROJECT, PROJECT_FORM),
    "workspace:cofunding_edit": (
        "GET",
        lambda w: {"pk": w.project.pk, "cofunding_pk": w.cofunding.pk},
        PROJECT_FORM,
    ),
    "workspace:cofunding_delete": (
        "POST",
        lambda w: {"pk": w.project.pk, "cofunding_pk": w.cofunding.pk},
        PROJECT_WRITE,
    ),
    "workspace:update_add": ("POST", PROJECT, PROJECT_REPORT),
    "workspace:attachment_add": ("POST", PROJECT, PROJECT_FORM),
    "workspace:attachment_publish": (
        "POST",
        lambda w: {"pk": w.project.pk, "attachment_pk": w.attachment.pk},
        PROJECT_WRITE,
    ),
    "workspace:attachment_remove": (
        "POST",
        lambda w: {"pk": w.project.pk, "attachment_pk": w.attachment.pk},
        PROJECT_WRITE,
    ),
    "attachments:download": ("GET", lambda w: {"pk": w.attachment.pk}, INTERNAL_FILE),
    # Organisations are a shared register: editors anywhere keep it.
    "workspace:organisations": ("GET", NONE, ANY_ROLE),
    "workspace:organisation_create": ("GET", NONE, EDITORS),
    "workspace:organisation_edit": ("GET", lambda w: {"pk": w.organisation.pk}, EDITORS),
    # Status rounds: staff run them; a project's reporter fills in its update request.
    "workspace:rounds": ("GET", NONE, ANY_ROLE),
    # Histories: whoever may read the object; the log of everything: superusers only.
    "workspace:history": ("GET", lambda w: {"kind": "plan", "pk": w.plan.pk}, PLAN_READ),
    "workspace:log": ("GET", NONE, SUPERUSERS),
    "workspace:round_new": ("GET", NONE, EDITORS),
    "workspace:round": ("GET", ROUND, PLAN_READ),
    "workspace:round_request_updates": ("POST", ROUND, PLAN_WRITE),
    "workspace:round_close": ("POST", ROUND, PLAN_WRITE),
    "workspace:round_publish": ("POST", ROUND, PLAN_WRITE),  # refused: not closed yet
    # The memo is rendered as a job: plan readers are sent on to the job's page.
    "workspace:round_memo": (
        "GET",
        lambda w: {"pk": w.round.pk, "fmt": "html"},
        answers(302, 404, 404, 302, 302, 302),
    ),
    # A job's pages: its owner's only (tests/jobs); someone else's job is not found.
    "jobs:detail": ("GET", lambda w: {"pk": NO_ID}, UNKNOWN_DRAFT),
    "jobs:download": ("GET", lambda w: {"pk": NO_ID}, UNKNOWN_DRAFT),
    "jobs:retry": ("POST", lambda w: {"pk": NO_ID}, UNKNOWN_DRAFT),
    "workspace:round_assessments": ("GET", ROUND, PLAN_READ),
    "workspace:round_assessment": (
        "GET",
        lambda w: {"pk": w.round.pk, "area_pk": w.area.pk},
        PLAN_READ,
    ),
    "workspace:my_update_requests": ("GET", NONE, ANY_ROLE),
    "workspace:update_request": (
        "GET",
        lambda w: {"pk": w.request.pk},
        answers(302, 404, 200, 404, 200, 200),
    ),
    "workspace:update_request_review": (
        "POST",
        lambda w: {"pk": w.request.pk},
        answers(302, 404, 403, 404, 400, 400),  # no decision given
    ),
    # The cockpit's lists: each shows only what the user's roles cover (tests/workspace).
    "workspace:cockpit_requests": ("GET", NONE, ANY_ROLE),
    "workspace:cockpit_indicators": ("GET", NONE, ANY_ROLE),
    "workspace:cockpit_projects": ("GET", NONE, ANY_ROLE),
    "workspace:cockpit_goals": ("GET", NONE, ANY_ROLE),
    # Notices: a logged-in user's own; following a published project is open to any of them.
    "notices:list": ("GET", NONE, ANY_ROLE),
    "notices:settings": ("GET", NONE, ANY_ROLE),
    "notices:mark_read": ("POST", NONE, REDIRECT),
    "notices:open": ("GET", lambda w: {"pk": NO_ID}, answers(302, 404, 404, 404, 404, 404)),
    "notices:follow": ("POST", lambda w: {"kind": "projekt", "pk": w.project.pk}, REDIRECT),
    # Imports: editors make drafts in their own organisation; project lists are superusers'.
    "workspace:imports": ("GET", NONE, ANY_ROLE),
    "workspace:import_plan": ("POST", NONE, answers(302, 400, 403, 403, 400, 400)),
    "workspace:import_memo": ("POST", NONE, answers(302, 400, 403, 403, 400, 400)),
    "workspace:import_draft": ("GET", lambda w: {"pk": NO_ID}, UNKNOWN_DRAFT),
    "workspace:import_draft_commit": ("POST", lambda w: {"pk": NO_ID}, UNKNOWN_DRAFT_POST),
    "workspace:import_draft_discard": ("POST", lambda w: {"pk": NO_ID}, UNKNOWN_DRAFT_POST),
    "workspace:import_draft_area": (
        "GET",
        lambda w: {"pk": NO_ID, "theme": 0, "area": 0},
        UNKNOWN_DRAFT,
    ),
    "workspace:import_draft_section": (
        "GET",
        lambda w: {"pk": NO_ID, "index": 0},
        UNKNOWN_DRAFT,
    ),
    "workspace:import_sheet_upload": ("POST", NONE, answers(302, 400, 403, 403, 400, 400)),
    "workspace:import_sheet": ("GET", NONE, REDIRECT),  # nothing uploaded: back to the form
    "workspace:import_sheet_cancel": ("POST", NONE, REDIRECT),
    "workspace:import_draft_restructure": (
        "POST",
        lambda w: {"pk": NO_ID, "theme": 0, "area": 0},
        UNKNOWN_DRAFT_POST,
    ),
    "workspace:import_sheet_template": ("GET", lambda w: {"kind": "xlsx"}, ANY_ROLE),
    # The words for a plan's parts: each sees and edits those of the organisations they own.
    "workspace:import_labels": ("GET", NONE, ANY_ROLE),
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


def _answer(client, method: str, url: str) -> int:
    """The status code, with whatever the request changed rolled back, so that one role's
    successful delete does not turn the next role's answer into a 404."""
    with transaction.atomic():
        status = client.generic(method, url).status_code
        transaction.set_rollback(True)
    return status


def routes() -> set[str]:
    return {name for name in _walk(get_resolver().url_patterns) if not name.startswith("admin:")}


def _names() -> set[str]:
    return {key.split("#")[0] for key in MATRIX}


def test_every_route_is_in_the_matrix():
    missing = sorted(routes() - _names())
    assert missing == [], f"routes without an entry in the permission matrix: {missing}"


def test_the_matrix_names_no_route_that_is_gone():
    assert sorted(_names() - routes()) == []


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_the_expected_answer(client, world, name):
    method, kwargs, expected = MATRIX[name]
    url = reverse(name.split("#")[0], kwargs=kwargs(world))
    got = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role])
        got[role] = _answer(client, method, url)
    assert got == expected, url
