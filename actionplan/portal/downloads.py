"""Downloads of what a portal page shows: a (filtered) project list and every chart's numbers,
as machine CSV (comma, decimal point, codes), CSV for Danish Excel (semicolon, decimal comma,
UTF-8 with BOM, Danish labels) and XLSX (numbers as numbers, Danish labels)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from actionplan.core.l10n import format_excel_number
from actionplan.opendata.tables import safe_cell
from actionplan.organisations.municipalities import municipality_name
from actionplan.projects.models import Project, ProjectStatus
from actionplan.projects.selectors import focus_area_links

BOM = "\ufeff"
FORMATS = ("csv", "excel.csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "excel.csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class Column:
    key: str  # the machine CSV's header
    title: str  # the Danish header (Excel CSV and XLSX)
    numeric: bool = False
    labels: dict[str, str] | None = None  # code -> Danish label


@dataclass
class DataTable:
    name: str  # file name without extension
    columns: list[Column]
    rows: Iterable[list[Any]]


def _danish_labels(choices) -> dict[str, str]:
    with translation.override("da"):
        return {value: str(label) for value, label in choices}


def project_table(projects, name: str = "projekter") -> DataTable:
    """One row per project, streamed in chunks (the list may hold every project)."""
    columns = [
        Column("id", "Projekt-id"),
        Column("title", "Titel"),
        Column("status", "Status", labels=_danish_labels(ProjectStatus.choices)),
        Column("lead", "Projektleder (organisation)"),
        Column("start", "Start"),
        Column("end", "Slut"),
        Column("granted_dkk", "Bevilget (kr.)", numeric=True),
        Column("grants_without_amount", "Bevillinger uden oplyst beløb", numeric=True),
        Column("cofunding_dkk", "Medfinansiering bevilget (kr.)", numeric=True),
        Column("focus_areas", "Indsatsområder"),
        Column("municipalities", "Kommuner"),
        Column("url", "Adresse"),
    ]

    def rows() -> Iterator[list[Any]]:
        from django.db.models import Prefetch

        chosen = (
            projects.prefetch_related(None)
            .select_related("lead")
            .prefetch_related(
                Prefetch("focus_area_links", queryset=focus_area_links(public=True)),
                "municipality_links",
            )
            .iterator(chunk_size=2000)
        )
        for project in chosen:
            yield [
                project.slug,
                project.title,
                project.status,
                project.lead.name if project.lead else "",
                str(project.start_partial or ""),
                str(project.end_partial or ""),
                project.granted_dkk,
                project.granted_unknown,
                project.cofunding_dkk,
                "; ".join(link.focus_area.title for link in project.focus_area_links.all()),
                "; ".join(
                    municipality_name(link.code) for link in project.municipality_links.all()
                ),
                f"/projekter/{project.slug}/",
            ]

    return DataTable(name, columns, rows())


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return "" if value is None else value


def _machine_csv(table: DataTable) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.key for c in table.columns])
    for row in table.rows:
        writer.writerow([safe_cell(_plain(v)) for v in row])
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()


def _danish_cell(column: Column, value: Any) -> Any:
    if value is None:
        return ""
    if column.labels is not None:
        return column.labels.get(value, value)
    if column.numeric and isinstance(value, int | float | Decimal):
        return format_excel_number(value)
    return safe_cell(value)


def _excel_csv(table: DataTable) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    out.write(BOM)
    writer.writerow([c.title for c in table.columns])
    for row in table.rows:
        writer.writerow([_danish_cell(c, v) for c, v in zip(table.columns, row, strict=True)])
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()


def _xlsx(table: DataTable) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.name[:31])
    bold = Font(bold=True)
    header = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=column.title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        cells = []
        for column, value in zip(table.columns, row, strict=True):
            if column.labels is not None:
                value = column.labels.get(value, value)
            cells.append(safe_cell(_plain(value)) if value is not None else None)
        sheet.append(cells)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def respond(table: DataTable, fmt: str) -> HttpResponse | StreamingHttpResponse:
    filename = f"{table.name}-excel.csv" if fmt == "excel.csv" else f"{table.name}.{fmt}"
    if fmt == "xlsx":
        response: HttpResponse | StreamingHttpResponse = HttpResponse(
            _xlsx(table), content_type=CONTENT_TYPES[fmt]
        )
    else:
        lines = _machine_csv(table) if fmt == "csv" else _excel_csv(table)
        response = StreamingHttpResponse(lines, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def chart_table(chart: dict[str, Any], name: str) -> DataTable:
    """A chart's numbers (its spec's data rows) as a table."""
    data = chart["data"]
    columns = [
        Column(key, title, numeric=numeric)
        for key, title, numeric in zip(data["keys"], data["titles"], data["numeric"], strict=True)
    ]
    return DataTable(name, columns, data["rows"])


__all__ = ["FORMATS", "Project", "chart_table", "project_table", "respond"]
