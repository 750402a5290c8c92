"""Spreadsheet files (CSV, XLSX, JSON arrays) -> a header and rows, each row with its number."""

import codecs
import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from .errors import IngestError
from .safety import Upload

DELIMITERS = [";", ",", "\t"]


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


def _delimiter(text: str) -> str:
    first = next(csv.reader(io.StringIO(text, newline=""), delimiter="\x00"), [""])
    header = first[0] if first else ""
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(upload: Upload) -> Table:
    text, encoding = decode(upload.data)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        headers = [h.strip() for h in next(reader)]
    except StopIteration:
        raise IngestError(_("The file is empty."), file=upload.name) from None
    except csv.Error as exc:
        raise IngestError(str(exc), file=upload.name, row=1) from exc
    _check_headers(upload.name, headers)
    table = Table(upload.name, headers, encoding=encoding, delimiter=delimiter)
    number, start = 1, reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise IngestError(
                _("the file cannot be read as CSV here: %(error)s") % {"error": exc},
                file=upload.name,
                row=number + 1,
                line=start,
            ) from exc
        number += 1
        if not any(cell.strip() for cell in record):
            start = reader.line_num + 1
            continue
        if len(record) != len(headers):
            raise IngestError(
                _("the row has %(count)s columns, the header %(expected)s.")
                % {"count": len(record), "expected": len(headers)},
                file=upload.name,
                row=number,
                line=start,
            )
        table.rows.append(Row(number, dict(zip(headers, record, strict=True)), line=start))
        start = reader.line_num + 1
    return table


def read_xlsx(upload: Upload) -> Table:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(upload.data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise IngestError(
            _("the file cannot be read as XLSX: %(error)s") % {"error": exc}, file=upload.name
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        first = next(rows, None)
        if first is None:
            raise IngestError(_("The file is empty."), file=upload.name)
        headers = [str(h).strip() if h is not None else "" for h in first]
        while headers and not headers[-1]:
            headers.pop()
        _check_headers(upload.name, headers)
        table = Table(upload.name, headers)
        for number, values in enumerate(rows, start=2):
            cells = list(values)[: len(headers)]
            cells += [None] * (len(headers) - len(cells))
            if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                continue
            table.rows.append(Row(number, dict(zip(headers, cells, strict=True))))
        return table
    finally:
        workbook.close()


def read_json(upload: Upload) -> Table:
    text, _encoding = decode(upload.data)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(
            _("not valid JSON: %(error)s") % {"error": exc}, file=upload.name, line=exc.lineno
        ) from exc
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise IngestError(_("a JSON file must hold a list of objects."), file=upload.name)
    headers: list[str] = []
    for item in data:
        headers.extend(key for key in item if key not in headers)
    table = Table(upload.name, headers)
    table.rows = [Row(n, item) for n, item in enumerate(data, start=2)]
    return table


def _check_headers(name: str, headers: list[str]) -> None:
    seen = set()
    for header in headers:
        if not header:
            continue
        if header in seen:
            raise IngestError(
                _("the header “%(header)s” appears twice.") % {"header": header}, file=name, row=1
            )
        seen.add(header)
    if not seen:
        raise IngestError(_("the first row holds no column names."), file=name, row=1)


def read_table(upload: Upload) -> Table:
    readers = {"csv": read_csv, "xlsx": read_xlsx, "json": read_json, "text": read_csv}
    if upload.kind not in readers:
        raise IngestError(
            _("%(kind)s files hold no project list; use CSV, XLSX or JSON.")
            % {"kind": upload.kind.upper()},
            file=upload.name,
        )
    return readers[upload.kind](upload)
