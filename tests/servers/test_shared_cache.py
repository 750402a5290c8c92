"""Two gunicorn servers, one database, one Redis: what a load balancer in front of them needs.

A change saved through one server is on the other's cached public page at the next request;
login throttling counts failures at either; /healthz reports the database and Redis."""

import re

import requests

from .conftest import (
    EDITOR,
    PASSWORD,
    TIMEOUT,
    csrf_token,
    patch_project,
    redis_or_skip,
)


def without_tokens(html: str) -> str:
    """The page less the CSRF token put back for each visitor."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def public_page_keys(redis_client) -> set[bytes]:
    return set(redis_client.scan_iter(match="*public-page:*"))


def test_a_change_through_one_server_is_on_the_others_cached_page(two_servers, token):
    redis_client = redis_or_skip()
    one, other = two_servers
    project = one.get("/api/v1/projects").json()["items"][0]
    slug = project["id"]  # the API names a project by its slug, as "id"
    page = f"/projekter/{slug}/"

    first = other.get(page)
    assert first.status_code == 200
    kept = public_page_keys(redis_client)
    assert kept, "the public page was not kept in Redis"
    # The copy the other server kept is the one this server answers from: nothing new is kept.
    assert without_tokens(one.get(page).text) == without_tokens(first.text)
    assert public_page_keys(redis_client) == kept

    title = "Shared cache title 17"
    assert title not in first.text
    saved = patch_project(one, slug, token, {"title": title})
    assert saved.status_code == 200, saved.text

    shown = other.get(page)
    assert shown.status_code == 200 and title in shown.text
    # Kept anew under the new version, and answered from it by the first server too.
    assert without_tokens(one.get(page).text) == without_tokens(shown.text)


def test_the_filter_options_are_kept_once_for_both(two_servers):
    redis_client = redis_or_skip()
    one, other = two_servers
    assert one.get("/projekter/?q=shared-cache-probe").status_code == 200
    assert list(redis_client.scan_iter(match="*portal:filter-options:*"))
    assert other.get("/projekter/?q=shared-cache-probe-2").status_code == 200


def test_login_failures_are_counted_across_both_servers(two_servers, token, deployment):
    one, other = two_servers

    def log_in(server, password: str) -> bool:
        session = requests.Session()
        form = session.get(f"{server.url}/log-ind/", timeout=TIMEOUT)
        answer = session.post(
            f"{server.url}/log-ind/",
            data={
                "csrfmiddlewaretoken": csrf_token(form.text),
                "username": EDITOR,
                "password": password,
            },
            headers={"Referer": f"{server.url}/log-ind/"},
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        return answer.status_code == 302

    # ACTIONPLAN_LOGIN_MAX_FAILURES is 5: three wrong here, two there, and the right password
    # is refused at either.
    for server in (one, one, one, other, other):
        assert not log_in(server, "wrong password")
    assert not log_in(one, PASSWORD)
    assert not log_in(other, PASSWORD)
    deployment.python(
        "from actionplan.accounts.models import LoginFailure\nLoginFailure.objects.all().delete()"
    )
    assert log_in(other, PASSWORD)


def test_healthz_reports_the_database_and_redis(two_servers, deployment):
    one, _ = two_servers
    answer = one.get("/healthz")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "database": "ok", "migrations": "ok", "cache": "ok"}


def test_a_server_whose_redis_is_gone_still_serves_and_reports_it(deployment):
    # Nothing listens on port 9 (discard) of the loopback.
    server = deployment.start_server(ACTIONPLAN_REDIS_URL="redis://127.0.0.1:9/0")
    try:
        health = server.get("/healthz")
        assert health.status_code == 200
        assert health.json()["status"] == "degraded"
        assert health.json()["cache"].startswith("error")
        assert server.get("/projekter/").status_code == 200
    finally:
        server.stop()
        deployment.servers.remove(server)


def test_a_server_whose_database_is_gone_answers_503(deployment):
    if deployment.url.startswith("sqlite"):
        missing = "sqlite:////nonexistent-folder/none.sqlite3"
    else:
        missing = deployment.url.rsplit("/", 1)[0] + "/no_such_database_servers"
    server = deployment.start_server(DATABASE_URL=missing)
    try:
        health = server.get("/healthz")
        assert health.status_code == 503
        assert health.json()["database"].startswith("error")
        assert health.json()["cache"] == "ok"
    finally:
        server.stop()
        deployment.servers.remove(server)
