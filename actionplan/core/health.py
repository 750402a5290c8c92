"""`/healthz` for a load balancer: 200 when the database answers and every migration is
applied, 503 with what is wrong otherwise. With a shared cache (ACTIONPLAN_REDIS_URL) it
reports whether Redis answers too, but a Redis that does not is no reason to take a server
out: every server shares it, and pages are then made afresh (actionplan.core.cache), so the
answer stays 200 with status "degraded". No login, never cached."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger("actionplan.health")


@never_cache
@require_GET
def healthz(request):
    checks: dict[str, str] = {}
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:
        log.error("health: the database does not answer: %s", exc)
        checks["database"] = f"error: {type(exc).__name__}"
        checks["migrations"] = "unknown"
    else:
        try:
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
            checks["migrations"] = "ok" if not plan else f"{len(plan)} not applied"
        except Exception as exc:
            log.error("health: the migrations cannot be read: %s", exc)
            checks["migrations"] = f"error: {type(exc).__name__}"
    healthy = all(value == "ok" for value in checks.values())
    status = "ok" if healthy else "unavailable"
    if settings.REDIS_URL:
        checks["cache"] = _cache_check()
        if healthy and checks["cache"] != "ok":
            status = "degraded"
    return JsonResponse({"status": status, **checks}, status=200 if healthy else 503)


def _cache_check() -> str:
    try:
        cache.ping()  # type: ignore[attr-defined]  # RedisCache's client (core.cache)
    except Exception as exc:
        log.error("health: the cache (Redis) does not answer: %s", exc)
        return f"error: {type(exc).__name__}"
    return "ok"
