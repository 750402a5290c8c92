"""Which version of the content the public sees, for ETag, Last-Modified and caches.

Every write goes through a service that records an audit event, so the newest event tells
when anything last changed. Finding it is one index lookup whatever the size of the audit
table; its time also tells apart two events that got the same id (SQLite hands out the id
of a deleted or rolled-back newest row again).

The newest event alone misses a transaction that commits after a later-begun one: both
take their ids when they insert, so the one that commits last may hold the smaller id, and
the newest id does not change when it commits. Whoever records an event therefore also
draws a new generation once the transaction has committed (`changed`), kept in the cache
beside the pages: in Redis (ACTIONPLAN_REDIS_URL) every web server and worker reads the same
one, so a change saved through any of them is new to all at the next request.
"""

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from actionplan.core.models import AuditEvent


@dataclass(frozen=True)
class DataVersion:
    token: str
    modified: dt.datetime | None

    def etag(self, *parts: str) -> str:
        digest = hashlib.sha256("|".join((self.token, *parts)).encode()).hexdigest()[:32]
        return f'"{digest}"'


def data_version() -> DataVersion:
    # Plain SQL: a page from the public cache costs this query and little else, and building
    # it through the ORM took longer than running it.
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, at FROM {table} ORDER BY id DESC LIMIT 1")  # noqa: S608  # nosec B608
        newest = cursor.fetchone()
    generation = _generation()
    if newest is None:
        return DataVersion(token=f"::{generation}", modified=None)
    last, at = newest
    if timezone.is_naive(at):  # SQLite keeps UTC without saying so
        at = at.replace(tzinfo=dt.UTC)
    return DataVersion(token=f"{last}:{at.isoformat()}:{generation}", modified=at)


GENERATION_KEY = "data-version:generation"


def changed() -> None:
    """After the current transaction commits (at once outside one): a new generation, so
    every cached copy made before is stale on every server."""
    transaction.on_commit(_new_generation)


def _new_generation() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def _generation() -> str:
    # Random, never a counter: a generation lost from the cache (evicted, Redis restarted)
    # is replaced by one no earlier copy was kept under.
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        # None when the cache does not answer: then nothing is found under any key either.
        generation = cache.get(GENERATION_KEY) or uuid.uuid4().hex
    return generation
