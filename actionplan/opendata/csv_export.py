"""CSV downloads: one table per file, UTF-8 with a byte-order mark so that Excel reads the
Danish letters, comma-separated (RFC 4180), amounts as plain numbers."""

import csv
import io
from collections.abc import Iterator

from actionplan.opendata.stream import Progress
from actionplan.opendata.tables import PROJECTS, Table, safe_cell, table_chunks
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
        csv.writer(text).writerows(
            [safe_cell("" if cell is None else cell) for cell in row] for row in rows
        )
        yield text.getvalue()
