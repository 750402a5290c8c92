"""CSV downloads: one table per file, UTF-8 with a byte-order mark so that Excel reads the
Danish letters, comma-separated (RFC 4180), amounts as plain numbers."""

import csv
from collections.abc import Iterator

from actionplan.opendata.tables import PROJECTS, Table, safe_cell, table_rows
from actionplan.plans.models import ActionPlan

BOM = "\ufeff"


class _Line:
    """A file-like object that hands back what csv.writer writes."""

    def write(self, text: str) -> str:
        return text


def iter_csv(table: Table = PROJECTS, plan: ActionPlan | None = None) -> Iterator[str]:
    """The table as CSV text, one line at a time."""
    writer = csv.writer(_Line())
    yield BOM + writer.writerow(table.headers)
    for row in table_rows(table, plan):
        yield writer.writerow([safe_cell("" if cell is None else cell) for cell in row])
