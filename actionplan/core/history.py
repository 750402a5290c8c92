"""The audit trail as sentences a staff member reads:
"Beløb ændret fra 1.000.000 kr. til 1.100.000 kr. af anna den 22. november 2026 kl. 14.05".

Every moment in a history is written one way (MOMENT_FORMAT), every day one way (DAY_FORMAT).
Building entries for many events costs one query per kind of object they refer to, not one per
event (entries())."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.db import connection, models
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .l10n import format_dkk
from .models import AuditEvent, MoneyField

DAY_FORMAT = "j. F Y"
MOMENT_FORMAT = "j. F Y \\k\\l. H.i"


def format_day(value: dt.date) -> str:
    return formats.date_format(value, DAY_FORMAT)


def format_moment(value: dt.datetime) -> str:
    """A moment as every history, log and conflict message writes it, in local time."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, MOMENT_FORMAT)


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    who: str
    action: str
    changes: list[Change]
    sentence: str
    event_id: int = 0
    object_type: str = ""
    object_id: str = ""
    object_label: str = ""  # what the event is about: "Bevilling: RUS-puljen, 2021"

    @property
    def when(self) -> str:
        return format_moment(self.at)


def events_for(instance: models.Model) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        object_type=instance._meta.label_lower, object_id=str(instance.pk)
    ).select_related("actor")


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, attname: str) -> models.Field | None:
    if model is None:
        return None
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field
    return None


def _show(field: models.Field | None, value, names: dict) -> str:
    if value in (None, ""):
        return _("(empty)")
    if field is None:
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, MoneyField):
        try:
            return format_dkk(Decimal(value))
        except InvalidOperation:
            return str(value)
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    try:
        if isinstance(field, models.DateTimeField):
            return format_moment(dt.datetime.fromisoformat(value))
        if isinstance(field, models.DateField):
            return format_day(dt.date.fromisoformat(value))
    except (TypeError, ValueError):
        return str(value)
    if field.is_relation and field.related_model is not None:
        shown = names.get(field.related_model, {}).get(str(value))
        return shown if shown is not None else f"#{value}"
    return str(value)


def _related_names(events: Sequence[AuditEvent]) -> dict:
    """The names of every object the events' changes point to, one query per model."""
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for event in events:
        model = _model(event.object_type)
        for attname, pair in (event.changes or {}).items():
            field = _field(model, attname)
            if field is None or not field.is_relation or field.related_model is None:
                continue
            for value in pair if isinstance(pair, list | tuple) else ():
                if value not in (None, ""):
                    wanted[field.related_model].add(value)
    names: dict = {}
    for model, pks in wanted.items():
        names[model] = {
            str(obj.pk): str(obj) for obj in model._default_manager.filter(pk__in=list(pks))
        }
    return names


def _entry(event: AuditEvent, names: dict) -> HistoryEntry:
    model = _model(event.object_type)
    label = str(model._meta.verbose_name).capitalize() if model else event.object_type
    changes = []
    for attname, pair in (event.changes or {}).items():
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            continue
        before, after = pair
        field = _field(model, attname)
        name = str(field.verbose_name).capitalize() if field else attname
        changes.append(Change(name, _show(field, before, names), _show(field, after, names)))
    params = {"object": label, "who": event.actor_label, "when": format_moment(event.at)}
    if event.action == AuditEvent.Action.UPDATE and len(changes) == 1:
        change = changes[0]
        sentence = _("%(field)s changed from %(before)s to %(after)s by %(who)s on %(when)s") % {
            **params,
            "field": change.field,
            "before": change.before,
            "after": change.after,
        }
    elif event.action == AuditEvent.Action.UPDATE:
        sentence = _("%(object)s changed by %(who)s on %(when)s") % params
    elif event.action == AuditEvent.Action.CREATE:
        sentence = _("%(object)s created by %(who)s on %(when)s") % params
    else:
        sentence = _("%(object)s deleted by %(who)s on %(when)s") % params
    return HistoryEntry(
        event.at,
        event.actor_label,
        event.action,
        changes,
        sentence,
        event_id=event.pk or 0,
        object_type=event.object_type,
        object_id=event.object_id,
        object_label=f"{label}: {event.object_repr}",
    )


def entries(events: Iterable[AuditEvent]) -> list[HistoryEntry]:
    events = list(events)
    names = _related_names(events)
    return [_entry(event, names) for event in events]


def entry(event: AuditEvent) -> HistoryEntry:
    return entries([event])[0]


def history(instance: models.Model) -> list[HistoryEntry]:
    return entries(events_for(instance).order_by("at", "id"))


# -- the history of an object and its parts ------------------------------------------------


@dataclass(frozen=True)
class Part:
    """Records that belong to an object and keep its id in their audit events' changes
    (a grant's `project_id`), so that their history is found after they are deleted."""

    object_type: str
    key: str


def part_events(instance: models.Model, parts: Sequence[Part]) -> QuerySet[AuditEvent]:
    """The events of an object and of its parts, deleted ones included: a part's create and
    delete events record the owner's id, and events outlive the part. Two queries."""
    pk = instance.pk
    wanted = Q(object_type=instance._meta.label_lower, object_id=str(pk))
    if parts:
        found = Q()
        for part in parts:
            if connection.vendor == "postgresql":
                # changes @> '{"project_id": [pk]}': the owner's id before or after, read
                # through the GIN index on changes (core migration 0004) instead of every
                # event of the part's type (millions in a national log).
                owner = Q(changes__contains={part.key: [pk]})
            else:
                owner = Q(**{f"changes__{part.key}__1": pk}) | Q(**{f"changes__{part.key}__0": pk})
            found |= Q(object_type=part.object_type) & owner
        ids: dict[str, set[str]] = defaultdict(set)
        for object_type, object_id in (
            AuditEvent.objects.filter(found).values_list("object_type", "object_id").distinct()
        ):
            ids[object_type].add(object_id)
        for object_type, object_ids in ids.items():
            wanted |= Q(object_type=object_type, object_id__in=object_ids)
    return AuditEvent.objects.filter(wanted).order_by("-at", "-id")


@dataclass(frozen=True)
class HistoryItem:
    entry: HistoryEntry
    object_label: str
    about_part: bool  # about one of the object's parts, not the object itself


HISTORY_SHOWN = 100


def object_history(instance: models.Model, parts: Sequence[Part] = ()) -> list[HistoryItem]:
    """The object's audit trail with its parts', newest first: the newest HISTORY_SHOWN
    events (a project edited daily for years has thousands; the log has them all)."""
    own = instance._meta.label_lower
    return [
        HistoryItem(entry=item, object_label=item.object_label, about_part=item.object_type != own)
        for item in entries(part_events(instance, parts)[:HISTORY_SHOWN])
    ]
