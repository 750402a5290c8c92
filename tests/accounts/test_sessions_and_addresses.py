"""The idle timeout never ends an active user's session early (a controlled clock), and the
client address comes from X-Forwarded-For only through configured trusted proxies."""

import datetime as dt

import pytest
from django.test import RequestFactory

from actionplan.accounts import security
from actionplan.accounts.security import client_address

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


class Clock:
    def __init__(self):
        self.now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)

    def __call__(self):
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(security.timezone, "now", clock)
    return clock


def _logged_in(client, staff) -> bool:
    return client.get("/admin/").status_code == 200


def test_an_active_users_session_never_ends_before_the_idle_limit(client, staff, clock, settings):
    settings.ACTIONPLAN_SESSION_IDLE_SECONDS = 600
    client.post("/admin/login/", {"username": "staff", "password": PASSWORD, "next": "/admin/"})
    assert _logged_in(client, staff)
    # Requests every 59 s (just under the stamp's refresh), then silence just short of the
    # idle limit after the last one: before the fix the session ended up to 60 s early.
    for _ in range(20):
        clock.advance(59)
        assert _logged_in(client, staff)
    clock.advance(600 - 1)
    assert _logged_in(client, staff)


def test_an_idle_session_ends_at_most_a_refresh_late(client, staff, clock, settings):
    settings.ACTIONPLAN_SESSION_IDLE_SECONDS = 600
    client.post("/admin/login/", {"username": "staff", "password": PASSWORD, "next": "/admin/"})
    assert _logged_in(client, staff)
    clock.advance(600 + security.SEEN_REFRESH_SECONDS + 1)
    assert not _logged_in(client, staff)


def _request(remote: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.ACTIONPLAN_TRUSTED_PROXIES = []
    assert client_address(_request("10.0.0.5", "198.51.100.7")) == "10.0.0.5"


def test_behind_a_trusted_proxy_the_client_is_the_rightmost_untrusted_hop(settings):
    settings.ACTIONPLAN_TRUSTED_PROXIES = ["10.0.0.0/8", "192.0.2.10"]
    # The client wrote "1.2.3.4" itself; the load balancer appended the real address.
    request = _request("10.0.0.5", "1.2.3.4, 198.51.100.7, 192.0.2.10")
    assert client_address(request) == "198.51.100.7"


def test_a_request_not_from_a_trusted_proxy_keeps_its_own_address(settings):
    settings.ACTIONPLAN_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(_request("203.0.113.9", "198.51.100.7")) == "203.0.113.9"


def test_garbage_in_the_header_stops_at_the_last_proxy(settings):
    settings.ACTIONPLAN_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(_request("10.0.0.5", "not-an-address")) == "10.0.0.5"
    assert client_address(_request("10.0.0.5", "[2001:db8::1]:443")) == "2001:db8::1"


def test_visitors_behind_one_load_balancer_are_throttled_apart(client, staff, settings):
    settings.ACTIONPLAN_TRUSTED_PROXIES = ["10.0.0.1"]
    settings.ACTIONPLAN_LOGIN_MAX_FAILURES_PER_ADDRESS = 3

    def attempt(user: str, address: str, password: str = "wrong"):  # noqa: S107
        client.post(
            "/admin/login/",
            {"username": user, "password": password, "next": "/admin/"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=address,
        )

    for n in range(3):
        attempt(f"guess{n}", "198.51.100.7")
    attempt("staff", "203.0.113.50", PASSWORD)  # another visitor, same load balancer
    assert "_auth_user_id" in client.session
