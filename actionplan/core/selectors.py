"""Reads of the audit trail: the workspace log, newest first, filtered by who, what and when,
paged by key (the last row's moment and id) so that page 1.000 costs what page 1 costs."""

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone

from .history import HistoryEntry, entries
from .models import AuditEvent

LOG_PAGE_SIZE = 50
CURSOR_SEPARATOR = "_"


@dataclass(frozen=True)
class LogFilter:
    who: str = ""  # the user name as recorded
    object_type: str = ""  # "projects.grant"
    action: str = ""  # AuditEvent.Action
    since: dt.date | None = None  # from this day, inclusive
    until: dt.date | None = None  # to this day, inclusive


@dataclass(frozen=True)
class LogPage:
    entries: list[HistoryEntry]
    next_cursor: str  # "" on the last page


def logged_types() -> list[tuple[str, str]]:
    """(object type, its name) for every kind of object the application records, by name."""
    models = [
        model
        for model in apps.get_models()
        if model.__module__.startswith("actionplan.") and model is not AuditEvent
    ]
    models.append(apps.get_model("auth", "user"))
    named = {m._meta.label_lower: str(m._meta.verbose_name).capitalize() for m in models}
    return sorted(named.items(), key=lambda item: item[1].lower())


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def log_events(filters: LogFilter) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    if filters.who:
        events = events.filter(actor_label=filters.who)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.since:
        events = events.filter(at__gte=_day_start(filters.since))
    if filters.until:
        events = events.filter(at__lt=_day_start(filters.until + dt.timedelta(days=1)))
    return events.order_by("-at", "-id")


def encode_cursor(event: AuditEvent) -> str:
    return f"{event.at.isoformat()}{CURSOR_SEPARATOR}{event.pk}"


def decode_cursor(cursor: str) -> tuple[dt.datetime, int] | None:
    at, _sep, pk = (cursor or "").rpartition(CURSOR_SEPARATOR)
    try:
        moment = dt.datetime.fromisoformat(at)
        return (moment if timezone.is_aware(moment) else timezone.make_aware(moment)), int(pk)
    except ValueError:
        return None


def audit_log(filters: LogFilter, *, after: str = "", size: int = LOG_PAGE_SIZE) -> LogPage:
    """One page of the log after the cursor of the previous page's last row. One query for
    the events, plus one per kind of object their changes refer to."""
    events = log_events(filters)
    position = decode_cursor(after)
    if position is not None:
        at, pk = position
        # "at <= X" first: a range the (…, at, id) indexes read in order; the rest is a
        # cheap check on the rows read (an OR alone made SQLite sort half the table).
        events = events.filter(Q(at__lte=at), Q(at__lt=at) | Q(id__lt=pk))
    rows = list(events[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return LogPage(entries=entries(rows), next_cursor=encode_cursor(rows[-1]) if more else "")
