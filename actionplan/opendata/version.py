"""Which version of the public data a download shows, for ETag and Last-Modified.

Every write goes through a service that records an audit event, so the newest event tells
when anything last changed; the number of events also moves when old events are pruned.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db.models import Count, Max

from actionplan.core.models import AuditEvent


@dataclass(frozen=True)
class DataVersion:
    token: str
    modified: dt.datetime | None

    def etag(self, *parts: str) -> str:
        digest = hashlib.sha256("|".join((self.token, *parts)).encode()).hexdigest()[:32]
        return f'"{digest}"'


def data_version() -> DataVersion:
    latest = AuditEvent.objects.aggregate(last=Max("id"), at=Max("at"), events=Count("id"))
    return DataVersion(token=f"{latest['last']}:{latest['events']}", modified=latest["at"])
