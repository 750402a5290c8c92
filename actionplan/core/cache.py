"""The shared cache: Django's own RedisCache, which while Redis does not answer finds nothing
and keeps nothing instead of failing the request.

Everything kept in the cache can be made again (public pages, filter options, the cockpit,
export sizes, the data version's generation), so a Redis that is down or restarting makes
pages slower, not wrong or broken; /healthz reports it (actionplan.core.health). Chosen by
ACTIONPLAN_REDIS_URL (config/settings.py)."""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger("actionplan.cache")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
# One warning a minute per process, not one a request.
WARN_EVERY_SECONDS = 60.0


def _tolerant(method, fallback):
    """`method`, answering fallback(*args, **kwargs) while Redis does not answer."""

    @functools.wraps(method)
    def tolerant(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as exc:
            self._failed(method.__name__, exc)
            return fallback(*args, **kwargs)

    return tolerant


def _nothing(*args, **kwargs):
    return None


def _not_done(*args, **kwargs):
    return False


def _given_default(key, default=None, version=None):
    return default


class SharedRedisCache(RedisCache):
    _warned_at = float("-inf")

    def _failed(self, operation: str, exc: Exception) -> None:
        now = time.monotonic()
        if now - SharedRedisCache._warned_at >= WARN_EVERY_SECONDS:
            SharedRedisCache._warned_at = now
            log.warning("cache: Redis does not answer (%s): %s", operation, exc)

    def ping(self) -> None:
        """Raises when Redis does not answer (for /healthz)."""
        self._cache.get_client(write=True).ping()

    # get_or_set is built on get and add.
    get = _tolerant(RedisCache.get, _given_default)
    get_many = _tolerant(RedisCache.get_many, lambda keys, version=None: {})
    has_key = _tolerant(RedisCache.has_key, _not_done)
    add = _tolerant(RedisCache.add, _not_done)
    set = _tolerant(RedisCache.set, _nothing)
    set_many = _tolerant(RedisCache.set_many, lambda data, *args, **kwargs: list(data))
    touch = _tolerant(RedisCache.touch, _not_done)
    delete = _tolerant(RedisCache.delete, _not_done)
    delete_many = _tolerant(RedisCache.delete_many, _nothing)
