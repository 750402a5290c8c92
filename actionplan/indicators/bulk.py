"""Many observations at once: numbers as Danish staff write them, and CSV files as Danish
spreadsheets save them.

A CSV file has a header row naming its columns (Danish or English, any order, any case):
indicator ("indikator", "id", "navn"; an indicator's id or its name), date ("dato"), value
("værdi"), and optionally source ("kilde") and note ("note", "bemærkning"). It may be UTF-8
(with or without the byte-order mark Excel writes) or Latin-1/Windows-1252, separated by ";"
(Danish Excel) or ",", or an XLSX workbook: read by core.tables, the one spreadsheet reader.
Rows are numbered as a spreadsheet shows them: the header is row 1.
Either every row is recorded or none is; the refusal lists every problem as
"række N, kolonne X: ...".
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from actionplan.core.dates import Precision
from actionplan.core.errors import ActionplanError
from actionplan.core.l10n import parse_number, parse_partial_date
from actionplan.core.services import Actor
from actionplan.core.tables import TableError, read_spreadsheet

from .models import Indicator, Observation
from .services import ObservationEntry, ObservationEntryErrors, observations_create_many

MAX_ROWS = 5000

COLUMNS: dict[str, tuple[str, ...]] = {
    "indicator": (
        "indikator",
        "indicator",
        "id",
        "indikator-id",
        "indikator id",
        "indicator id",
        "navn",
        "name",
    ),
    "date": ("dato", "date"),
    "value": ("værdi", "vaerdi", "value"),
    "source": ("kilde", "source"),
    "note": ("note", "bemærkning", "bemaerkning", "kommentar", "comment"),
}
REQUIRED = ("indicator", "date", "value")


def number_text(text: str, measure: str = "") -> str:
    """A number as typed the Danish way, made readable for the services: "14,5" -> "14.5",
    "1.234,5" -> "1234.5", "120 000" -> "120000"; a percentage may end in "%". Anything else
    is passed on unchanged, so the service can refuse it by name ("N/A" is not a number)."""
    value = " ".join(str(text).split())
    if measure == Indicator.Measure.PERCENTAGE and value.endswith("%"):
        value = value[:-1].strip()
    try:
        return str(parse_number(value, "da"))
    except ValueError:
        return value


def full_date(text: str):
    """A day ("31.12.2021", "2021-12-31", "31. december 2021"); a year or month alone is
    refused, since an observation is for one date."""
    parsed = parse_partial_date(text)
    if parsed.precision != Precision.DAY:
        raise ValidationError(
            _("“%(value)s” is not a whole date; write e.g. 31.12.2021.") % {"value": text},
            code="invalid_date",
        )
    return parsed.date


class CsvImportError(ActionplanError):
    """The file was refused; messages lists every problem, one a line."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages))


@dataclass(frozen=True)
class CsvRow:
    row: int  # as a spreadsheet numbers it; the header is row 1
    entry: ObservationEntry


def _where(row: int, column: str | None, message: str) -> str:
    if column is None:
        return _("row %(row)d: %(message)s") % {"row": row, "message": message}
    return _("row %(row)d, column %(column)s: %(message)s") % {
        "row": row,
        "column": column,
        "message": message,
    }


def _header(cells: list[str]) -> tuple[dict[str, int], dict[str, str], list[str]]:
    """Column positions and names as written, by the field each one fills."""
    positions: dict[str, int] = {}
    names: dict[str, str] = {}
    errors: list[str] = []
    for index, cell in enumerate(cells):
        key = " ".join(cell.strip().casefold().split())
        field = next((f for f, aliases in COLUMNS.items() if key in aliases), None)
        if field is None:
            continue
        if field in positions:
            errors.append(
                _("row 1: the columns “%(first)s” and “%(second)s” both give the %(field)s.")
                % {"first": names[field], "second": cell.strip(), "field": _column_label(field)}
            )
            continue
        positions[field], names[field] = index, cell.strip()
    for field in REQUIRED:
        if field not in positions:
            errors.append(
                _(
                    "row 1: the column “%(column)s” is missing; the first row must name the "
                    "columns indicator, date and value (or indikator, dato, værdi)."
                )
                % {"column": _column_label(field)}
            )
    return positions, names, errors


def _column_label(field: str) -> str:
    return {
        "indicator": _("indicator"),
        "date": _("date"),
        "value": _("value"),
        "source": _("source"),
        "note": _("note"),
    }[field]


class _Indicators:
    def __init__(self, indicators: Sequence[Indicator]):
        self.by_id = {indicator.pk: indicator for indicator in indicators}
        self.by_name: dict[str, list[Indicator]] = {}
        for indicator in indicators:
            self.by_name.setdefault(" ".join(indicator.name.casefold().split()), []).append(
                indicator
            )

    def find(self, text: str) -> Indicator:
        key = " ".join(text.casefold().split())
        if not key:
            raise ValidationError(_("Give the indicator's id or name."))
        if key.isdigit() and int(key) in self.by_id:
            return self.by_id[int(key)]
        named = self.by_name.get(key, [])
        if len(named) == 1:
            return named[0]
        if named:
            raise ValidationError(
                _("several indicators are called “%(name)s”; give the id instead.")
                % {"name": text.strip()}
            )
        raise ValidationError(
            _("no indicator in this plan has the id or name “%(name)s”.") % {"name": text.strip()}
        )


@dataclass
class CsvRead:
    rows: list[CsvRow]
    errors: list[tuple[int, str]]  # (row, message)
    names: dict[str, str]  # column names as the file writes them, by field

    @property
    def messages(self) -> list[str]:
        return [message for _row, message in sorted(self.errors, key=lambda e: e[0])]


def read_observations_csv(data: bytes, indicators: Sequence[Indicator], name: str = "") -> CsvRead:
    """The rows that could be read and the problems with the others (never half a row).
    An XLSX file is read too (its first sheet)."""
    result = CsvRead([], [], {})
    try:
        table = read_spreadsheet(data, name, ragged=True)
    except TableError as error:
        row = error.row or 0
        message = _where(row, error.column or None, error.reason) if row else error.reason
        result.errors.append((row, message))
        return result
    positions, result.names, header_errors = _header(table.headers)
    if header_errors:
        result.errors.extend((1, message) for message in header_errors)
        return result
    known = _Indicators(indicators)
    for line in table.rows:
        if len(result.rows) + len(result.errors) >= MAX_ROWS:
            too_many = _("The file has more than %(max)d rows; split it up.")
            result.errors.append((line.number, too_many % {"max": MAX_ROWS}))
            break
        cells = list(line.values.values())
        read, row_errors = _read_row(line.number, cells, positions, result.names, known)
        result.errors.extend((line.number, message) for message in row_errors)
        if read is not None:
            result.rows.append(read)
    return result


def _text(value) -> str:
    """A cell as text: XLSX gives numbers and dates, CSV text."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    return str(value).strip()


def _read_row(number, cells, positions, names, known) -> tuple[CsvRow | None, list[str]]:
    def cell(field: str) -> str:
        index = positions.get(field)
        return _text(cells[index]) if index is not None and index < len(cells) else ""

    errors: list[str] = []
    indicator = date = None
    try:
        indicator = known.find(cell("indicator"))
    except ValidationError as error:
        errors.append(_where(number, names["indicator"], " ".join(error.messages)))
    try:
        if not cell("date"):
            raise ValidationError(_("A date is required."))
        date = full_date(cell("date"))
    except ValidationError as error:
        errors.append(_where(number, names["date"], " ".join(error.messages)))
    if not cell("value"):
        errors.append(_where(number, names["value"], _("A value is required.")))
    if errors or indicator is None or date is None:
        return None, errors
    raw = cell("value")
    typed = cells[positions["value"]]
    qualitative = indicator.measure == Indicator.Measure.QUALITATIVE
    if qualitative:
        value = None
    elif isinstance(typed, int | float | Decimal):  # an XLSX number is no Danish text
        value = str(parse_number(typed))
    else:
        value = number_text(raw, indicator.measure)
    entry = ObservationEntry(
        indicator=indicator,
        date=date,
        value=value,
        text=raw if qualitative else "",
        source=cell("source"),
        note=cell("note"),
    )
    return CsvRow(number, entry), []


# Which column of the file a service's error is about.
_SERVICE_FIELD_COLUMN = {"value": "value", "text": "value", "date": "date", "source": "source"}


def import_observations_csv(
    *, actor: Actor, data: bytes, indicators: Sequence[Indicator], name: str = ""
) -> list[Observation]:
    """Record every row of the file, or none of them (CsvImportError lists every problem)."""
    read = read_observations_csv(data, indicators, name)
    if not read.rows and not read.errors:
        raise CsvImportError([_("The file has no rows below the header.")])
    with transaction.atomic():
        created: list[Observation] = []
        try:
            created = observations_create_many(actor=actor, entries=[r.entry for r in read.rows])
        except ObservationEntryErrors as refused:
            for position, by_field in refused.errors.items():
                row = read.rows[position]
                for field, texts in by_field.items():
                    column = _SERVICE_FIELD_COLUMN.get(field)
                    heading = read.names.get(column) if column else None
                    for text in texts:
                        read.errors.append((row.row, _where(row.row, heading, text)))
        if read.errors:
            # Raised inside the transaction, so rows already recorded are rolled back.
            raise CsvImportError(read.messages)
    return created
