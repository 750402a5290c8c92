"""Which version of the content the public sees, for ETag, Last-Modified and caches.

Every write goes through a service that records an audit event, so the newest event tells
when anything last changed. Finding it is one index lookup whatever the size of the audit
table; its time also tells apart two events that got the same id (SQLite hands out the id
of a deleted or rolled-back newest row again).
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from actionplan.core.models import AuditEvent


@dataclass(frozen=True)
class DataVersion:
    token: str
    modified: dt.datetime | None

    def etag(self, *parts: str) -> str:
        digest = hashlib.sha256("|".join((self.token, *parts)).encode()).hexdigest()[:32]
        return f'"{digest}"'


def data_version() -> DataVersion:
    newest = AuditEvent.objects.order_by("-id").values_list("id", "at").first()
    if newest is None:
        return DataVersion(token="", modified=None)
    return DataVersion(token=f"{newest[0]}:{newest[1].isoformat()}", modified=newest[1])
