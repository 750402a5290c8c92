"""Spreadsheet files (CSV, XLSX, JSON arrays) -> a header and rows, each row with its number;
CSV and XLSX through the one reader, core.tables."""

import json

from django.utils.translation import gettext as _

from actionplan.core import tables
from actionplan.core.tables import Row, Table, decode

from .errors import IngestError
from .safety import Upload

__all__ = ["Row", "Table", "decode", "read_table"]


def read_csv(upload: Upload) -> Table:
    return tables.read_csv(upload.data, upload.name)


def read_xlsx(upload: Upload) -> Table:
    return tables.read_xlsx(upload.data, upload.name)


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


def read_table(upload: Upload) -> Table:
    readers = {"csv": read_csv, "xlsx": read_xlsx, "json": read_json, "text": read_csv}
    if upload.kind not in readers:
        raise IngestError(
            _("%(kind)s files hold no project list; use CSV, XLSX or JSON.")
            % {"kind": upload.kind.upper()},
            file=upload.name,
        )
    return readers[upload.kind](upload)
