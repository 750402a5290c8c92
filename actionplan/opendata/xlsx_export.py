"""XLSX download: one sheet per entity, Danish headers, formula-like texts escaped.

The workbook is written in openpyxl's write-only mode, one pass over the projects feeding
every project sheet, so memory stays flat however many projects there are.
"""

from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from actionplan.opendata import stream
from actionplan.opendata.tables import (
    PLAN_TABLES,
    PROJECT_TABLES,
    plan_rows,
    project_rows,
    safe_cell,
)
from actionplan.plans.models import ActionPlan


def write_xlsx(
    output: BinaryIO, plan: ActionPlan | None = None, *, progress: stream.Progress | None = None
) -> None:
    workbook = Workbook(write_only=True)
    sheets = {}
    bold = Font(bold=True)
    for table in PROJECT_TABLES + PLAN_TABLES:
        sheet = workbook.create_sheet(title=table.title)
        header = []
        for title in table.headers:
            cell = WriteOnlyCell(sheet, value=title)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        sheets[table.name] = sheet
    for chunk in stream.iter_project_chunks(plan, progress=progress):
        for project in chunk:
            for name, rows in project_rows(project).items():
                append = sheets[name].append
                for row in rows:
                    append([safe_cell(cell) for cell in row])
    plans = stream.scope_plans(plan)
    for name, rows in plan_rows(
        list(stream.iter_themes(plans)), list(stream.iter_assessments(plans))
    ).items():
        for row in rows:
            sheets[name].append([safe_cell(cell) for cell in row])
    if progress is not None:
        progress("saving", 0, None)
    workbook.save(output)
