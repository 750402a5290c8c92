"""The shared cache (ACTIONPLAN_REDIS_URL): Django's RedisCache, which finds and keeps nothing
instead of failing while Redis does not answer; /healthz reports it. The two-server tests
with a real Redis are in tests/servers/."""

import pytest
from django.core.cache import caches
from django.test import override_settings

from actionplan.core.cache import SharedRedisCache

# Nothing listens on the loopback's discard port.
NOWHERE = "redis://127.0.0.1:9/0"
SHARED = {
    "default": {
        "BACKEND": "actionplan.core.cache.SharedRedisCache",
        "LOCATION": NOWHERE,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def test_a_redis_that_does_not_answer_finds_and_keeps_nothing():
    cache = SharedRedisCache(NOWHERE, {"OPTIONS": {"socket_connect_timeout": 1}})
    assert cache.get("key") is None
    assert cache.get("key", "default") == "default"
    cache.set("key", "value")
    assert cache.add("key", "value") is False
    assert cache.get_or_set("key", lambda: "made") == "made"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.delete("key") is False
    with pytest.raises(Exception, match=r"(?i)connect"):
        cache.ping()


@pytest.mark.django_db
def test_healthz_without_a_shared_cache_says_nothing_of_one(client):
    assert "cache" not in client.get("/healthz").json()


@pytest.mark.django_db
def test_healthz_reports_a_redis_that_does_not_answer_as_degraded_but_up(client):
    with override_settings(REDIS_URL=NOWHERE, CACHES=SHARED):
        assert isinstance(caches["default"], SharedRedisCache)
        response = client.get("/healthz")
        # Pages are still served, rendered afresh.
        assert client.get("/projekter/").status_code == 200
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["cache"].startswith("error: ")
    assert response.json()["database"] == "ok"
