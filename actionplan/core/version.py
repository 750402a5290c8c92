"""Which version of the content the public sees, for ETag, Last-Modified and caches.

Every write goes through a service that records an audit event, so the newest event tells
when anything last changed. Finding it is one index lookup whatever the size of the audit
table; its time also tells apart two events that got the same id (SQLite hands out the id
of a deleted or rolled-back newest row again).
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db import connection
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
    if newest is None:
        return DataVersion(token="", modified=None)
    last, at = newest
    if timezone.is_naive(at):  # SQLite keeps UTC without saying so
        at = at.replace(tzinfo=dt.UTC)
    return DataVersion(token=f"{last}:{at.isoformat()}", modified=at)
