"""The shared write path: validate, save, and record who did what.

Every app's services call these, so each change is validated the same way and leaves
an AuditEvent behind.
"""

import contextlib
import datetime as dt
import json
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import connection, connections, models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from . import version, xmltext
from .errors import ConflictError
from .history import events_for, format_moment
from .models import AuditEvent

M = TypeVar("M", bound=models.Model)

SYSTEM_ACTOR_LABEL = "system"


@dataclass(frozen=True)
class SystemActor:
    """The installation itself acting (the demo loader, the command line, scheduled jobs,
    migrations): allowed everything, recorded as "system". It is always named explicitly
    (SYSTEM or system("demo loader")); a service given actor=None refuses, so a missing user
    can never pass as the system."""

    purpose: str = ""
    is_authenticated = False
    is_active = True

    def get_username(self) -> str:
        return SYSTEM_ACTOR_LABEL


SYSTEM = SystemActor()


def system(purpose: str) -> SystemActor:
    """The system actor, saying what acts (for the reader of the code and of logs)."""
    return SystemActor(purpose)


def is_system(actor: object) -> bool:
    return isinstance(actor, SystemActor)


Actor = AbstractBaseUser | AnonymousUser | SystemActor


def acting_user(actor: Actor) -> User | None:
    """The user who acts, for the *_by fields: None for the system and anonymous callers."""
    return actor if isinstance(actor, User) and actor.is_authenticated else None


class MissingActor(TypeError):
    """A service was called without saying who acts."""

    def __init__(self) -> None:
        super().__init__(
            "actor=None: pass the user who acts, or core.services.SYSTEM for the system itself."
        )


def require_actor(actor: object) -> None:
    if actor is None:
        raise MissingActor


Authorizer = Callable[[Actor, str, models.Model], None]
_authorizer: Authorizer | None = None


def set_authorizer(authorizer: Authorizer) -> None:
    """Installed by the accounts app: every create, update and delete below asks it first."""
    global _authorizer
    _authorizer = authorizer


def authorize(actor: Actor, action: str, instance: models.Model) -> None:
    require_actor(actor)
    if _authorizer is None:
        raise RuntimeError("No authorizer installed; is actionplan.accounts in INSTALLED_APPS?")
    _authorizer(actor, action, instance)


_AS_IS = frozenset({str, int, bool, type(None)})


def _plain(value: Any, field: models.Field | None = None) -> Any:
    if type(value) in _AS_IS:
        return value
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal):
        # 1100000 and 1100000.00 are one amount: the stored number of places, so that a
        # save of the same amount is no change (and records no event).
        places = getattr(field, "decimal_places", None)
        if places is not None and value.is_finite():
            with contextlib.suppress(InvalidOperation):
                value = value.quantize(Decimal(1).scaleb(-places))
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _actor_fields(actor: Actor) -> dict[str, Any]:
    require_actor(actor)
    if not getattr(actor, "is_authenticated", False):
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
    version.changed()
    return event


_recorded: dict[type[models.Model], list[tuple[str, models.Field]]] = {}


def _recorded_fields(model: type[models.Model]) -> list[tuple[str, models.Field]]:
    """The fields whose values an audit event records and a version covers (per model, once:
    imports ask it for every row)."""
    if model not in _recorded:
        _recorded[model] = [
            (field.attname, field)
            for field in model._meta.concrete_fields
            if not field.primary_key
            and field.attname not in {"created_at", "updated_at"}
            # Sums kept from other rows (projects' money totals) are no edit of their own.
            and not getattr(field, "derived", False)
        ]
    return _recorded[model]


def _field_values(instance: models.Model) -> dict[str, Any]:
    return {
        name: value if type(value) in _AS_IS else _plain(value, field)
        for name, field in _recorded_fields(type(instance))
        for value in (getattr(instance, name),)
    }


def _created(instance: models.Model) -> dict:
    values = _field_values(instance)
    return {name: [None, value] for name, value in values.items() if value not in (None, "")}


def create(instance: M, *, actor: Actor) -> M:
    """Validate and insert a new row."""
    authorize(actor, AuditEvent.Action.CREATE, instance)
    instance.full_clean()
    xmltext.validate_instance(instance)
    instance.save(force_insert=True)
    record(
        actor=actor, action=AuditEvent.Action.CREATE, instance=instance, changes=_created(instance)
    )
    return instance


BATCH = 2000


class Refused(Exception):
    """One of many rows (create_many, update_many and the bulk services on them) refused:
    `index` says which, so that the caller can name it (a file's row); `error` is the
    refusal itself, a ValidationError or PermissionDenied."""

    def __init__(self, index: int, error: ValidationError | PermissionDenied):
        super().__init__(f"item {index}: {error}")
        self.index = index
        self.error = error


# Values whose check a Checker remembers: hashable and compared by what validation sees
# (Decimal by its text: 1.0 and 1.00 are equal but not the same number of digits).
_REMEMBERED = frozenset({str, int, bool, dt.date, Decimal})


class Checker:
    """check_new for many rows at once (create_many and the bulk services on it): the same
    checks, full_clean's (exclude `known`, no unique or constraint checks: the database
    makes those) and the XML-safe text, with each field's check of a value it has passed
    once remembered. An import gives thousands of rows the same status, role, source and
    dates; a field's check is a function of the value alone (a foreign key's asks the
    database, which does not change within the one transaction a Checker lives in)."""

    def __init__(self) -> None:
        self.passed: set[tuple] = set()
        self.fields: dict[tuple[type[models.Model], tuple[str, ...]], list[models.Field]] = {}

    def _fields(self, model: type[models.Model], known: tuple[str, ...]) -> list[models.Field]:
        key = (model, known)
        if key not in self.fields:
            self.fields[key] = [
                field
                for field in model._meta.fields
                if field.name not in known and not field.generated
            ]
        return self.fields[key]

    def check(self, instance: models.Model, *, known: tuple[str, ...] = ()) -> None:
        errors: dict[str, Any] = {}
        for field in self._fields(type(instance), known):
            # As Model.clean_fields, value for value.
            raw = getattr(instance, field.attname)
            if field.blank and raw in field.empty_values:
                continue
            if isinstance(raw, models.expressions.DatabaseDefault):
                continue
            # A TextChoices member is checked as its text.
            kind = str if isinstance(raw, str) else type(raw)
            key = (field, kind, str(raw) if kind is Decimal else raw)
            if kind in _REMEMBERED and key in self.passed:
                continue
            try:
                cleaned = field.clean(raw, instance)
            except ValidationError as exc:
                errors[field.name] = exc.error_list
                continue
            if cleaned is not raw:
                setattr(instance, field.attname, cleaned)
            if kind in _REMEMBERED and type(cleaned) is type(raw) and str(cleaned) == str(raw):
                self.passed.add(key)  # the check leaves the value as it is
        if errors:
            errors = ValidationError(errors).update_error_dict({})
        try:
            instance.clean()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
        xmltext.validate_instance(instance)


def check_new(
    instance: models.Model, *, known: tuple[str, ...] = (), checker: Checker | None = None
) -> None:
    """What create_many checks of each new row besides the actor's right: fields valid, text
    XML-safe (see create_many for `known`). A Checker shared by the calls of one bulk write
    checks each field's repeated values once."""
    (checker or Checker()).check(instance, known=tuple(known))


# Fields whose get_db_prep_save gives back a value of these types as it is: the driver
# takes it straight (a CharField's int would become text, so only exactly these types).
_AS_GIVEN: dict[type[models.Field], frozenset[type]] = {
    **dict.fromkeys(
        (models.CharField, models.TextField, models.SlugField), frozenset({str, type(None)})
    ),
    **dict.fromkeys(
        (
            models.IntegerField,
            models.PositiveIntegerField,
            models.PositiveSmallIntegerField,
            models.SmallIntegerField,
            models.BigIntegerField,
        ),
        frozenset({int, type(None)}),
    ),
    models.BooleanField: frozenset({bool, type(None)}),
}


def _max_parameters() -> int:
    """How many parameters one statement may have: SQLite's own limit (32.766 since 3.32,
    where Django assumes the old 999), PostgreSQL's 65.535."""
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return connection.features.max_query_params or 65535


def _converter(field: models.Field, db: Any) -> Callable[[Any], Any]:
    """How a field's value goes to the database `db` (a connection itself, not the proxy
    `connection`, which looks itself up at each use): the field's own get_db_prep_save,
    skipped for the plain values it gives back as they are."""
    prep = field.get_db_prep_save
    if isinstance(field, models.CharField | models.TextField) and type(field) in _AS_GIVEN:
        # CharField.to_python gives any str back (a TextChoices member too).
        return lambda value: value if value is None or isinstance(value, str) else prep(value, db)
    given = _AS_GIVEN.get(type(field))
    # AutoField: BigAutoField and SmallAutoField too.
    if isinstance(field, models.ForeignKey) and isinstance(field.target_field, models.AutoField):
        given = frozenset({int, type(None)})
    if given is not None:
        return lambda value: value if type(value) in given else prep(value, db)
    if isinstance(field, models.DecimalField | models.DateField):
        # An import repeats amounts, dates and (auto_now) moments: each converted once.
        # Keyed by the text too: 1.0 and 1.00 are equal Decimals, not the same places.
        done: dict[tuple, Any] = {}

        def remembered(value: Any) -> Any:
            if type(value) not in (Decimal, dt.date, dt.datetime):
                return prep(value, db)
            key = (value, str(value))
            if key not in done:
                done[key] = prep(value, db)
            return done[key]

        return remembered
    return lambda value: prep(value, db)


def _insert(
    db: Any,
    table: str,
    fields: Sequence[models.Field],
    rows: Sequence[Sequence[Any]],
    returning: str | None = None,
) -> list:
    """INSERT rows of values (prepared for the database) into `fields`' columns, BATCH rows
    per statement, as bulk_create writes them: on PostgreSQL one array per column
    (UNNEST: a short statement to parse and plan however many rows), elsewhere a VALUES
    list within the database's limit on parameters. Returns the `returning` column's
    values in the order of the rows."""
    quote = db.ops.quote_name
    head = "INSERT INTO {} ({}) ".format(  # nosec B608: names from the model
        quote(table), ", ".join(quote(f.column) for f in fields)
    )
    tail = f" RETURNING {quote(returning)}" if returning else ""
    found: list = []
    if db.vendor == "postgresql":
        # The type without its size (varchar, not varchar(50)), as Django's bulk insert.
        arrays = ", ".join(f"%s::{(f.db_type(db) or '').split('(')[0]}[]" for f in fields)
        sql = f"{head}SELECT * FROM UNNEST({arrays}){tail}"  # noqa: S608  # nosec B608
        with db.cursor() as cursor:
            for start in range(0, len(rows), BATCH):
                columns = zip(*rows[start : start + BATCH], strict=True)
                cursor.execute(sql, [list(column) for column in columns])
                if returning:
                    found += [row[0] for row in cursor.fetchall()]
        return found
    row_sql = "({})".format(", ".join(["%s"] * len(fields)))
    size = max(1, min(BATCH, _max_parameters() // len(fields)))
    with db.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            cursor.execute(
                head + "VALUES " + ", ".join([row_sql] * len(batch)) + tail,
                [value for row in batch for value in row],
            )
            if returning:
                found += [row[0] for row in cursor.fetchall()]
    return found


def insert_many(instances: Sequence[models.Model]) -> None:
    """INSERT new rows of one model, many per statement, and give each its id (RETURNING):
    what bulk_create does, without building the statement anew for every few rows. Fields
    as bulk_create sets them (auto_now and auto_now_add to one moment, foreign keys to the
    ids of objects saved since they were assigned); no signals, no checks (create_many)."""
    if not instances:
        return
    model = type(instances[0])
    meta = model._meta
    if (
        not connection.features.can_return_rows_from_bulk_insert
        or any(instance.pk is not None for instance in instances)
        or not isinstance(meta.pk, models.AutoField)
        or meta.parents  # (bulk_create refuses a model inheriting another's table)
    ):
        model._default_manager.bulk_create(instances, batch_size=BATCH)
        return
    fields = [f for f in meta.concrete_fields if not f.primary_key and not f.generated]
    now = timezone.now()
    stamped = [
        f.attname
        for f in fields
        if isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add)
    ]
    relations = [f for f in fields if isinstance(f, models.ForeignKey)]
    db = connections[connection.alias]
    converters = [_converter(f, db) for f in fields]
    read = operator.attrgetter(*(f.attname for f in fields))
    rows = []
    for instance in instances:
        for name in stamped:
            setattr(instance, name, now)
        for relation in relations:
            # As Model._prepare_related_fields_for_save: an object assigned before it was
            # saved gives its id now.
            if relation.is_cached(instance):
                related = relation.get_cached_value(instance)
                if related is not None:
                    if related.pk is None:
                        raise ValueError(
                            f"insert_many() prohibited to prevent data loss due to unsaved "
                            f"related object '{relation.name}'."
                        )
                    if getattr(instance, relation.attname) in relation.empty_values:
                        setattr(instance, relation.attname, related.pk)
        values = read(instance)
        if len(fields) == 1:
            values = (values,)
        rows.append([convert(value) for convert, value in zip(converters, values, strict=True)])
    ids = _insert(db, meta.db_table, fields, rows, returning=meta.pk.column)
    for instance, pk in zip(instances, ids, strict=True):
        instance.pk = pk
        instance._state.adding = False
        instance._state.db = connection.alias


@transaction.atomic
def create_many(
    instances: list[M], *, actor: Actor, known: tuple[str, ...] = (), checked: bool = False
) -> list[M]:
    """create() for many new rows of one model in a few statements (bulk imports): each is
    authorized and its fields validated as create() does them (check_new; checked: the
    caller did that already, when it had the rows at hand), then all are inserted and
    audited in batches. Left to the database, which enforces them on insert anyway: unique
    and check constraints (an IntegrityError rolls the whole transaction back), and the
    foreign keys named in `known`, which the caller has just read or written itself. A
    refused row raises Refused."""
    if not instances:
        return instances
    checker = Checker()
    for index, instance in enumerate(instances):
        try:
            # Authorized here, not with the checks: a new row's right may depend on rows
            # this write makes first (a participation on the project, by its links' plans).
            authorize(actor, AuditEvent.Action.CREATE, instance)
            if not checked:
                checker.check(instance, known=tuple(known))
        except (ValidationError, PermissionDenied) as exc:
            raise Refused(index, exc) from exc
    insert_many(instances)
    record_many(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        changes=[(instance, _created(instance)) for instance in instances],
    )
    return instances


def record_many(*, actor: Actor, action: str, changes: Sequence[tuple[models.Model, dict]]) -> int:
    """record() for many rows at once: one AuditEvent each, the same as record() writes,
    many rows per INSERT. Who, when, what action and (per model) what type are the same for
    every event, so they are prepared once and only the object's id, name and changes per
    row: for an import that is half the values it writes. Returns how many were written."""
    if not changes:
        return 0
    meta = AuditEvent._meta
    fields = {field.name: field for field in meta.concrete_fields}
    names = ["at", "actor", "actor_label", "action", "object_type"]
    written = [fields[name] for name in [*names, "object_id", "object_repr", "changes"]]
    who = _actor_fields(actor)
    fixed: dict[str, Any] = {
        "at": timezone.now(),
        "actor": who["actor"].pk if who["actor"] is not None else None,
        "actor_label": who["actor_label"],
        "action": action,
    }
    db = connections[connection.alias]
    as_json = _converter(fields["changes"], db)
    heads: dict[str, list] = {}
    rows = []
    for instance, change in changes:
        label = instance._meta.label_lower
        if label not in heads:
            values = {**fixed, "object_type": label}
            heads[label] = [fields[name].get_db_prep_save(values[name], db) for name in names]
        rows.append(
            (
                *heads[label],
                str(instance.pk),
                str(instance)[:300],
                as_json(change),
            )
        )
    _insert(db, meta.db_table, written, rows)
    version.changed()
    return len(rows)


@transaction.atomic
def update_many(
    changes: list[tuple[M, dict[str, Any]]], *, actor: Actor, known: tuple[str, ...] = ()
) -> list[tuple[M, dict]]:
    """update() for many rows of one model: each row given with the values to set; those whose
    values really change are authorized and validated as update() does it, saved in batches
    and audited. Returns the rows that changed with their changes ({field: [before, after]}).
    Left to the database, as in create_many: unique and check constraints, and the foreign
    keys named in `known`. No expected_version: a bulk write runs inside the caller's
    transaction on rows it has just read. A refused row raises Refused with its position."""
    changed: list[tuple[M, dict]] = []
    fields: set[str] = set()
    for index, (instance, values) in enumerate(changes):
        try:
            authorize(actor, AuditEvent.Action.UPDATE, instance)
        except PermissionDenied as exc:
            raise Refused(index, exc) from exc
        before = _field_values(instance)
        for name, value in values.items():
            setattr(instance, name, _typed(instance, name, value))
        after = _field_values(instance)
        diff = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
        if not diff:
            continue
        try:
            instance.full_clean(exclude=known, validate_unique=False, validate_constraints=False)
            xmltext.validate_instance(instance)
        except ValidationError as exc:
            raise Refused(index, exc) from exc
        changed.append((instance, diff))
        fields.update(instance._meta.get_field(name).name for name in diff)
    if not changed:
        return changed
    model = type(changed[0][0])
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        now = timezone.now()
        for instance, _diff in changed:
            instance.updated_at = now  # type: ignore[attr-defined]
        fields.add("updated_at")
    model._default_manager.bulk_update(
        [instance for instance, _diff in changed], sorted(fields), batch_size=BATCH // 4
    )
    record_many(actor=actor, action=AuditEvent.Action.UPDATE, changes=changed)
    return changed


def version_of(instance: models.Model) -> str:
    """A short fingerprint of the stored values, handed out with an edit form (and as the
    API's ETag) and given back with the save, so that a save based on stale values can be
    refused (optimistic locking). Keyed with the secret key: a public fingerprint must not
    let anyone test guesses of a field they cannot see."""
    text = json.dumps(_field_values(instance), sort_keys=True, default=str)
    return salted_hmac("actionplan.version", text, algorithm="sha256").hexdigest()[:20]


def _locked(instance: M) -> M | None:
    """The stored row, locked until the transaction ends, so that of two saves checking the
    same version one waits for the other and then sees its change."""
    manager = type(instance)._default_manager
    if connection.vendor == "sqlite":
        # SQLite has no row locks (select_for_update is ignored): a write to the row takes
        # the database's write lock now, before the row is read.
        table = connection.ops.quote_name(instance._meta.db_table)
        column = connection.ops.quote_name(instance._meta.pk.column)  # type: ignore[arg-type]
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {column} = {column} WHERE {column} = %s",  # noqa: S608  # nosec B608
                [instance.pk],
            )
    # Only this row: a manager that joins nullable relations cannot lock their side.
    of = ("self",) if connection.features.has_select_for_update_of else ()
    return manager.select_for_update(of=of).filter(pk=instance.pk).first()


def _check_version(instance: models.Model, expected: str) -> None:
    stored = _locked(instance)
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
        % {"who": last.actor_label, "when": format_moment(last.at)}
    )


def _typed(instance: models.Model, name: str, value: Any) -> Any:
    """A plain value as the field holds it ("2021-08-01" a date, "5" a Decimal), so that the
    comparison with the stored value sees what really changes; full_clean reports bad ones."""
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return value
    if value is None or not field.concrete or field.is_relation:
        return value
    try:
        return field.to_python(value)
    except ValidationError:
        return value


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
        setattr(instance, name, _typed(instance, name, value))
    after = _field_values(instance)
    changes = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    if not changes:
        return instance
    instance.full_clean()
    xmltext.validate_instance(instance)
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
