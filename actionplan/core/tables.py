"""The one reader of spreadsheet input: CSV and XLSX bytes -> a header and numbered rows.

CSV text may be UTF-16/UTF-32 with a byte order mark ("Unicode text" from Excel), UTF-8 with
or without the BOM Danish Excel writes, else Windows-1252 (Latin-1 where it differs); the
delimiter is sniffed from the header (";" as Danish Excel saves, ",", or a tab). XLSX is read
with openpyxl, first sheet. Rows are numbered as a spreadsheet shows them: the header is
row 1. A refusal is a TableError that names the file, the row (and the text line where a CSV
record starts elsewhere) and the column.
"""

import codecs
import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from actionplan.core.errors import ActionplanError

DELIMITERS = [";", ",", "\t"]
XLSX_MAGIC = b"PK\x03\x04"  # a zip archive, as every XLSX file is


class TableError(ActionplanError):
    """A file that cannot be read, said with where: file, row, column and reason."""

    def __init__(
        self,
        reason: str,
        *,
        file: str = "",
        row: int | None = None,
        column: str = "",
        line: int | None = None,
    ):
        self.reason, self.file, self.row, self.column, self.line = reason, file, row, column, line
        super().__init__(self.describe())

    def describe(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            if self.line is not None and self.line != self.row:
                where.append(
                    _("row %(row)s (line %(line)s)") % {"row": self.row, "line": self.line}
                )
            else:
                where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("column “%(column)s”") % {"column": self.column})
        return ": ".join([", ".join(where), self.reason]) if where else self.reason


@dataclass
class Row:
    number: int  # as a spreadsheet shows it: the header is row 1
    values: dict[str, Any]
    line: int | None = None  # the text line a CSV record starts on, when that differs


@dataclass
class Table:
    name: str
    headers: list[str]
    rows: list[Row] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""


# Byte order marks of the Unicode encodings besides UTF-8 that spreadsheet programs write
# ("Unicode text" from Excel is UTF-16 LE with a BOM). UTF-32 first: its LE BOM begins with
# UTF-16 LE's.
UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> tuple[str, str]:
    """UTF-16 or UTF-32 when the text starts with their byte order mark, UTF-8 (with or
    without BOM), else Latin-1 (Windows-1252 where it differs)."""
    for bom, encoding in UNICODE_BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break  # not what its first bytes said: read on as 8-bit text
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(
            b"\xef\xbb\xbf"
        ) else "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    """The delimiter the header row uses most (";", "," or a tab); "," when it has none."""
    first = next(csv.reader(io.StringIO(text, newline=""), delimiter="\x00"), [""])
    header = first[0] if first else ""
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _blank(cells) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def read_csv(data: bytes, name: str = "", *, ragged: bool = False) -> Table:
    """A CSV file's header and non-blank rows. A row with another number of cells than the
    header is refused, unless ragged: then it is cut or padded with ""."""
    text, encoding = decode(data)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        headers = [h.strip() for h in next(reader)]
    except StopIteration:
        raise TableError(_("The file is empty."), file=name) from None
    except csv.Error as exc:
        raise TableError(str(exc), file=name, row=1) from exc
    check_headers(name, headers)
    table = Table(name, headers, encoding=encoding, delimiter=delimiter)
    number, start = 1, reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise TableError(
                _("the file cannot be read as CSV here: %(error)s") % {"error": exc},
                file=name,
                row=number + 1,
                line=start,
            ) from exc
        number += 1
        if _blank(record):
            start = reader.line_num + 1
            continue
        if len(record) != len(headers):
            if not ragged:
                raise TableError(
                    _("the row has %(count)s columns, the header %(expected)s.")
                    % {"count": len(record), "expected": len(headers)},
                    file=name,
                    row=number,
                    line=start,
                )
            record = (record + [""] * len(headers))[: len(headers)]
        table.rows.append(Row(number, dict(zip(headers, record, strict=True)), line=start))
        start = reader.line_num + 1
    return table


def read_xlsx(data: bytes, name: str = "") -> Table:
    """The first sheet's header and non-blank rows; cells as openpyxl gives them."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise TableError(
            _("the file cannot be read as XLSX: %(error)s") % {"error": exc}, file=name
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        first = next(rows, None)
        if first is None:
            raise TableError(_("The file is empty."), file=name)
        headers = [str(h).strip() if h is not None else "" for h in first]
        while headers and not headers[-1]:
            headers.pop()
        check_headers(name, headers)
        table = Table(name, headers)
        for number, values in enumerate(rows, start=2):
            cells = list(values)[: len(headers)]
            cells += [None] * (len(headers) - len(cells))
            if _blank(cells):
                continue
            table.rows.append(Row(number, dict(zip(headers, cells, strict=True))))
        return table
    finally:
        workbook.close()


def read_spreadsheet(data: bytes, name: str = "", *, ragged: bool = False) -> Table:
    """XLSX when the bytes are a zip archive, else CSV."""
    if data.startswith(XLSX_MAGIC):
        return read_xlsx(data, name)
    return read_csv(data, name, ragged=ragged)


def check_headers(name: str, headers: list[str]) -> None:
    seen = set()
    for header in headers:
        if not header:
            continue
        if header in seen:
            raise TableError(
                _("the header “%(header)s” appears twice.") % {"header": header}, file=name, row=1
            )
        seen.add(header)
    if not seen:
        raise TableError(_("the first row holds no column names."), file=name, row=1)
