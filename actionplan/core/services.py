"""The shared write path: validate, save, and record who did what.

Every app's services call these, so each change is validated the same way and leaves
an AuditEvent behind.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import ConflictError
from .history import events_for
from .models import AuditEvent

M = TypeVar("M", bound=models.Model)
Actor = AbstractBaseUser | AnonymousUser | None

SYSTEM_ACTOR_LABEL = "system"

Authorizer = Callable[[Actor, str, models.Model], None]
_authorizer: Authorizer | None = None


def set_authorizer(authorizer: Authorizer) -> None:
    """Installed by the accounts app: every create, update and delete below asks it first."""
    global _authorizer
    _authorizer = authorizer


def authorize(actor: Actor, action: str, instance: models.Model) -> None:
    if _authorizer is None:
        raise RuntimeError("No authorizer installed; is actionplan.accounts in INSTALLED_APPS?")
    _authorizer(actor, action, instance)


def _plain(value: Any) -> Any:
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _actor_fields(actor: Actor) -> dict[str, Any]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor": None, "actor_label": SYSTEM_ACTOR_LABEL}
    return {"actor": actor, "actor_label": actor.get_username()}


def _event(*, actor: Actor, action: str, instance: models.Model, changes: dict) -> AuditEvent:
    return AuditEvent(
        **_actor_fields(actor),
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        changes=changes,
    )


def record(*, actor: Actor, action: str, instance: models.Model, changes: dict) -> AuditEvent:
    event = _event(actor=actor, action=action, instance=instance, changes=changes)
    event.save(force_insert=True)
    return event


def _field_values(instance: models.Model) -> dict[str, Any]:
    return {
        field.attname: _plain(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if not field.primary_key
        and field.attname not in {"created_at", "updated_at"}
        # Sums kept from other rows (projects' money totals) are no edit of their own.
        and not getattr(field, "derived", False)
    }


def _created(instance: models.Model) -> dict:
    values = _field_values(instance)
    return {name: [None, value] for name, value in values.items() if value not in (None, "")}


def create(instance: M, *, actor: Actor) -> M:
    """Validate and insert a new row."""
    authorize(actor, AuditEvent.Action.CREATE, instance)
    instance.full_clean()
    instance.save(force_insert=True)
    record(
        actor=actor, action=AuditEvent.Action.CREATE, instance=instance, changes=_created(instance)
    )
    return instance


BATCH = 2000


@transaction.atomic
def create_many(instances: list[M], *, actor: Actor, known: tuple[str, ...] = ()) -> list[M]:
    """create() for many new rows of one model in a few statements (bulk imports): each is
    authorized and its fields validated as create() does them, then all are inserted and
    audited in batches. Left to the database, which enforces them on insert anyway: unique
    and check constraints (an IntegrityError rolls the whole transaction back), and the
    foreign keys named in `known`, which the caller has just read or written itself."""
    if not instances:
        return instances
    for instance in instances:
        authorize(actor, AuditEvent.Action.CREATE, instance)
        instance.full_clean(exclude=known, validate_unique=False, validate_constraints=False)
    type(instances[0])._default_manager.bulk_create(instances, batch_size=BATCH)
    AuditEvent.objects.bulk_create(
        [
            _event(
                actor=actor,
                action=AuditEvent.Action.CREATE,
                instance=instance,
                changes=_created(instance),
            )
            for instance in instances
        ],
        batch_size=BATCH,
    )
    return instances


def version_of(instance: models.Model) -> str:
    """A short fingerprint of the stored values, handed out with an edit form and given back
    with the save, so that a save based on stale values can be refused (optimistic locking)."""
    text = json.dumps(_field_values(instance), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _check_version(instance: models.Model, expected: str) -> None:
    stored = type(instance)._default_manager.select_for_update().filter(pk=instance.pk).first()
    if stored is None:
        raise ConflictError(_("Someone else has deleted this in the meantime."))
    if version_of(stored) == expected:
        return
    last = events_for(stored).order_by("-at", "-pk").first()
    if last is None:
        raise ConflictError(_("Someone else has changed this in the meantime."))
    raise ConflictError(
        _(
            "%(who)s changed this at %(when)s, after you opened it. Your changes were not "
            "saved; open it again to see the new values."
        )
        % {"who": last.actor_label, "when": timezone.localtime(last.at).strftime("%d.%m.%Y %H:%M")}
    )


@transaction.atomic
def update(instance: M, *, actor: Actor, expected_version: str | None = None, **values: Any) -> M:
    """Set the given fields, validate, and save only those that changed.

    With expected_version (from version_of when the edit began), a row that has changed since
    is refused with ConflictError instead of being overwritten."""
    authorize(actor, AuditEvent.Action.UPDATE, instance)
    if expected_version is not None:
        _check_version(instance, expected_version)
    before = _field_values(instance)
    for name, value in values.items():
        setattr(instance, name, value)
    after = _field_values(instance)
    changes = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    if not changes:
        return instance
    instance.full_clean()
    fields = [instance._meta.get_field(name).name for name in changes]
    if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
        fields.append("updated_at")
    instance.save(update_fields=fields)
    record(actor=actor, action=AuditEvent.Action.UPDATE, instance=instance, changes=changes)
    return instance


def delete(instance: models.Model, *, actor: Actor) -> None:
    authorize(actor, AuditEvent.Action.DELETE, instance)
    changes = {name: [value, None] for name, value in _field_values(instance).items()}
    record(actor=actor, action=AuditEvent.Action.DELETE, instance=instance, changes=changes)
    instance.delete()
