"""CSV downloads: one table per file, UTF-8 with a byte-order mark so that Excel reads the
Danish letters, comma-separated (RFC 4180), amounts as plain numbers."""

import csv
import io
from collections.abc import Iterator
from typing import Any, BinaryIO

from actionplan.opendata import stream
from actionplan.opendata.stream import Progress
from actionplan.opendata.tables import (
    PROJECT_TABLES,
    PROJECTS,
    TABLES,
    Table,
    plan_rows,
    project_rows,
    safe_cell,
    table_chunks,
)
from actionplan.plans.models import ActionPlan

BOM = "\ufeff"


class _Line:
    """A file-like object that hands back what csv.writer writes."""

    def write(self, text: str) -> str:
        return text


def iter_csv(
    table: Table = PROJECTS, plan: ActionPlan | None = None, *, progress: Progress | None = None
) -> Iterator[str]:
    """The table as CSV text: the header line, then the lines of a chunk of projects."""
    writer = csv.writer(_Line())
    yield BOM + writer.writerow(table.headers)
    for rows in table_chunks(table, plan, progress=progress):
        text = io.StringIO()
        csv.writer(text).writerows(_safe(row) for row in rows)
        yield text.getvalue()


def _safe(row: list[Any]) -> list[Any]:
    return [safe_cell("" if cell is None else cell) for cell in row]


def write_tables(
    outputs: dict[str, BinaryIO],
    plan: ActionPlan | None = None,
    *,
    progress: Progress | None = None,
) -> None:
    """Every table (outputs: a binary file per table name) in one pass over the projects:
    the same bytes as iter_csv(table, plan) gives for each."""
    writer = csv.writer(_Line())
    for name, output in outputs.items():
        output.write((BOM + writer.writerow(TABLES[name].headers)).encode())
    for chunk in stream.iter_project_chunks(plan, progress=progress):
        texts = {table.name: io.StringIO() for table in PROJECT_TABLES if table.name in outputs}
        writers = {name: csv.writer(text) for name, text in texts.items()}
        for project in chunk:
            for name, rows in project_rows(project).items():
                if name in writers:
                    writers[name].writerows(_safe(row) for row in rows)
        for name, text in texts.items():
            outputs[name].write(text.getvalue().encode())
    plans = stream.scope_plans(plan)
    rows = plan_rows(list(stream.iter_themes(plans)), list(stream.iter_assessments(plans)))
    for name, table_rows in rows.items():
        if name in outputs:
            text = io.StringIO()
            csv.writer(text).writerows(_safe(row) for row in table_rows)
            outputs[name].write(text.getvalue().encode())
