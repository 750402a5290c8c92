"""The audit trail as sentences a staff member reads:
"Beløb ændret fra 1.000.000 kr. til 1.100.000 kr. af anna den 22. november 2026 kl. 14.05"."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.db import models
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import AuditEvent, MoneyField
from .money import format_dkk


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


def events_for(instance: models.Model) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        object_type=instance._meta.label_lower, object_id=str(instance.pk)
    ).select_related("actor")


def _field(model: type[models.Model] | None, attname: str) -> models.Field | None:
    if model is None:
        return None
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field
    return None


def _show(field: models.Field | None, value) -> str:
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
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return formats.date_format(dt.date.fromisoformat(value), "j. F Y")
    if field.is_relation:
        target = field.related_model._default_manager.filter(pk=value).first()
        return str(target) if target else f"#{value}"
    return str(value)


def entry(event: AuditEvent) -> HistoryEntry:
    try:
        model = apps.get_model(event.object_type)
    except LookupError:
        model = None
    label = str(model._meta.verbose_name).capitalize() if model else event.object_type
    changes = []
    for attname, (before, after) in event.changes.items():
        field = _field(model, attname)
        name = str(field.verbose_name).capitalize() if field else attname
        changes.append(Change(name, _show(field, before), _show(field, after)))
    when = formats.date_format(timezone.localtime(event.at), "j. F Y \\k\\l. H.i")
    params = {"object": label, "who": event.actor_label, "when": when}
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
    return HistoryEntry(event.at, event.actor_label, event.action, changes, sentence)


def history(instance: models.Model) -> list[HistoryEntry]:
    return [entry(event) for event in events_for(instance).order_by("at", "id")]
