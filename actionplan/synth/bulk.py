"""Row writers for the synthetic portfolio: plain tuples straight into the tables.

Model instances and bulk_create cost more per row than generating the row itself, so rows are
tuples in the models' column order: COPY on PostgreSQL, executemany on SQLite. Primary keys are
handed out here (after the current maximum), which lets children refer to parents before they
are written; PostgreSQL's sequences are moved past them at the end. The database still checks
every constraint: foreign keys, unique slugs, check constraints (amounts >= 0, end >= start, one
primary focus area). Nothing else may write to these tables while a synth run is going.
"""

import datetime as dt
import json
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max

# Columns some tables have on PostgreSQL only, outside the models, with their value when a
# row gives none: the projects' stored link ids (migration projects 0012), which the synth
# writes itself with the project, as the triggers would compute them.
POSTGRES_COLUMNS: dict[str, dict[str, Any]] = {
    "projects_project": {"organisation_ids": [], "focus_area_ids": []},
}
# The triggers that keep those columns, off while a synth run writes (in its transaction,
# which holds the tables' locks until it ends, so no other write can miss them): with them
# on, every project was written three times (its row, then once for its partners and once
# for its focus areas), a third of a 100.000-project run.
SYNTH_WRITES_ITSELF = ("projects_project", "projects_participation", "projects_projectfocusarea")


def postgres_only_columns(model: type[models.Model]) -> dict[str, Any]:
    if connection.vendor != "postgresql":
        return {}
    return POSTGRES_COLUMNS.get(model._meta.db_table, {})


class Table:
    def __init__(self, model: type[models.Model], now: dt.datetime) -> None:
        self.model = model
        fields = list(model._meta.concrete_fields)
        self.name = model._meta.db_table
        extra = postgres_only_columns(model)
        self.columns = [f.column for f in fields] + list(extra)
        self.index = {f.attname: i for i, f in enumerate(fields)}
        self.index.update({name: len(fields) + i for i, name in enumerate(extra)})
        self.json = {i for i, f in enumerate(fields) if isinstance(f, models.JSONField)}
        stamp = connection.ops.adapt_datetimefield_value(now)
        defaults: list[Any] = []
        for f in fields:
            if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
                defaults.append(stamp)
            elif f.primary_key:
                defaults.append(None)
            else:
                value = f.get_default()
                defaults.append(json.dumps(value) if isinstance(f, models.JSONField) else value)
        defaults.extend(extra.values())
        self.defaults = defaults
        self.next_id = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        self.rows: list[tuple] = []
        self.written = 0

    def add(self, **values: Any) -> int:
        """Queue one row; returns its primary key. Values of PostgreSQL-only columns are left
        out on SQLite."""
        pk = self.next_id
        self.next_id += 1
        row = self.defaults.copy()
        row[0] = pk
        index = self.index
        for name, value in values.items():
            i = index.get(name)
            if i is None and name in POSTGRES_COLUMNS.get(self.name, {}):
                continue
            if i is None:
                raise KeyError(name)
            row[i] = json.dumps(value) if i in self.json else value
        self.rows.append(tuple(row))
        return pk

    def flush(self) -> None:
        if not self.rows:
            return
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {self.name} ({columns}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                # Table and column names come from the models, never from input.
                sql = f"INSERT INTO {self.name} ({columns}) VALUES ({marks})"  # noqa: S608  # nosec B608
                cursor.executemany(sql, self.rows)
        self.written += len(self.rows)
        self.rows = []


class Writer:
    """Tables in dependency order; flushing writes parents before children."""

    def __init__(self, models_in_order: list[type[models.Model]], now: dt.datetime, batch: int):
        self.tables = {m: Table(m, now) for m in models_in_order}
        self.batch = batch
        self.pending = 0
        if connection.vendor == "postgresql":
            # Django's foreign keys are deferred; checking each batch as it lands keeps the
            # queue of pending checks from growing with the portfolio.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for table in self.tables.values():
                    if table.name in SYNTH_WRITES_ITSELF:
                        cursor.execute(f"ALTER TABLE {table.name} DISABLE TRIGGER USER")

    def add(self, model: type[models.Model], **values: Any) -> int:
        self.pending += 1
        pk = self.tables[model].add(**values)
        if self.pending >= self.batch:
            self.flush()
        return pk

    def flush(self) -> None:
        for table in self.tables.values():
            table.flush()
        self.pending = 0

    def finish(self) -> dict[str, int]:
        self.flush()
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.tables))
        if connection.vendor == "postgresql":
            statements += [
                f"ALTER TABLE {t.name} ENABLE TRIGGER USER"
                for t in self.tables.values()
                if t.name in SYNTH_WRITES_ITSELF
            ]
            # Fresh planner statistics, as after any bulk load (rows of this transaction
            # count). Without them PostgreSQL guessed 7.503 grants for the 20 projects of a
            # focus-area page at 1.000.000 projects and scanned the whole table: 70 ms.
            names = ", ".join(connection.ops.quote_name(t.name) for t in self.tables.values())
            statements.append(f"ANALYZE {names}")
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
        return {t.model.__name__: t.written for t in self.tables.values()}
