"""Checks every upload passes before a parser sees it, in bounded memory whatever its shape.

Uploads are handled in memory: nothing is written to disk, so a refused file leaves nothing
behind. A zip (XLSX, DOCX, ODT) is inspected entry by entry without unpacking it whole: its
XML is parsed as a stream (lxml's parser with a target: no tree is built), counting rows,
cells and nesting as it goes, so a decompression bomb is refused after a few megabytes.
Limits come from settings (defaults below):

ACTIONPLAN_INGEST_MAX_BYTES            size of the uploaded file (20 MB)
ACTIONPLAN_INGEST_MAX_ZIP_ENTRIES      entries in an XLSX/DOCX/ODT (2.000)
ACTIONPLAN_INGEST_MAX_UNZIPPED_BYTES   total uncompressed size of an XLSX/DOCX/ODT (200 MB)
ACTIONPLAN_INGEST_MAX_RATIO            how much one entry of over 1 MB may grow unpacked (100x)
ACTIONPLAN_INGEST_MAX_ROWS             rows in a spreadsheet, table rows in a document (100.000)
ACTIONPLAN_INGEST_MAX_CELLS            cells (and shared strings) (2.000.000)
ACTIONPLAN_INGEST_MAX_XML_DEPTH        nesting of XML elements (100)
ACTIONPLAN_INGEST_MAX_PDF_PAGES        pages in a PDF (1.000)
"""

import csv
import io
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree

from actionplan.core import tables

from .errors import UnsafeFile

KINDS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "text",
    ".json": "json",
    ".xlsx": "xlsx",
    ".docx": "docx",
    ".pdf": "pdf",
}
_ZIP_MAGIC = b"PK\x03\x04"
_EXECUTABLE_MAGIC = {
    b"MZ": "Windows",
    b"\x7fELF": "ELF",
    b"\xcf\xfa\xed\xfe": "Mach-O",
    b"\xca\xfe\xba\xbe": "Mach-O",
    b"#!": "script",
}


def max_bytes() -> int:
    return int(getattr(settings, "ACTIONPLAN_INGEST_MAX_BYTES", 20 * 1024 * 1024))


def max_zip_entries() -> int:
    return int(getattr(settings, "ACTIONPLAN_INGEST_MAX_ZIP_ENTRIES", 2000))


def max_unzipped_bytes() -> int:
    return int(getattr(settings, "ACTIONPLAN_INGEST_MAX_UNZIPPED_BYTES", 200 * 1024 * 1024))


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, f"ACTIONPLAN_INGEST_{name}", default))


# An entry smaller than this unpacked is never a bomb, however well it compresses.
RATIO_FLOOR = 1024 * 1024
ZIP_KINDS = {"xlsx", "docx", "odt", "ods"}
# Local XML names (namespace dropped) counted as rows and cells: XLSX sheets, DOCX tables,
# ODF tables; shared strings count as cells (openpyxl keeps them all in memory).
ROW_TAGS = {"row", "tr", "table-row"}
CELL_TAGS = {"c", "tc", "table-cell", "si"}


@dataclass(frozen=True)
class Upload:
    """A checked file: its safe base name, its kind (csv, xlsx, ...) and its bytes."""

    name: str
    kind: str
    data: bytes


def safe_name(name: str) -> str:
    """The uploaded name if it is a plain file name; refuse paths and control characters."""
    normalized = unicodedata.normalize("NFC", name or "").strip()
    if (
        not normalized
        or "/" in normalized
        or "\\" in normalized
        or normalized in {".", ".."}
        or normalized.startswith(".")
        or any(unicodedata.category(ch).startswith("C") for ch in normalized)
        or len(normalized) > 255
    ):
        raise UnsafeFile(
            _("“%(name)s” is not a plain file name; upload the file itself without a folder path.")
            % {"name": name}
        )
    return normalized


def kind_of(name: str) -> str:
    kind = KINDS.get(Path(name).suffix.lower())
    if kind is None:
        raise UnsafeFile(
            _("%(name)s: files of this type cannot be read; use %(kinds)s.")
            % {"name": name, "kinds": ", ".join(sorted(KINDS))}
        )
    return kind


def _refuse_executable(name: str, data: bytes) -> None:
    for magic, label in _EXECUTABLE_MAGIC.items():
        if data.startswith(magic):
            raise UnsafeFile(
                _("%(name)s is a program (%(kind)s), not a document; it was not read.")
                % {"name": name, "kind": label}
            )


def _mb(size: int) -> str:
    return f"{size / 2**20:.0f}"


class _Counted(io.RawIOBase):
    """A zip entry read in chunks, refused as soon as the archive has unpacked to more than
    its budget or the entry has grown more than the ratio allows: the sizes in a zip's
    directory can lie."""

    def __init__(self, handle, *, name: str, entry: zipfile.ZipInfo, used: int):
        self.handle, self.name, self.entry, self.used, self.read_here = handle, name, entry, used, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self.handle.read(64 * 1024 if size is None or size < 0 else min(size, 64 * 1024))
        self.used += len(chunk)
        self.read_here += len(chunk)
        if self.used > max_unzipped_bytes():
            raise UnsafeFile(
                _("%(name)s unpacks to more than %(limit)s MB (zip bomb?).")
                % {"name": self.name, "limit": _mb(max_unzipped_bytes())}
            )
        _check_ratio(self.name, self.entry, self.read_here)
        return chunk

    def readinto(self, buffer) -> int:
        chunk = self.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _check_ratio(name: str, entry: zipfile.ZipInfo, unpacked: int) -> None:
    limit = _limit("MAX_RATIO", 100)
    if unpacked > RATIO_FLOOR and unpacked > limit * max(entry.compress_size, 1):
        raise UnsafeFile(
            _(
                "%(name)s: the part %(entry)s grows more than %(limit)s times when unpacked "
                "(zip bomb?); at most %(limit)s times is allowed."
            )
            % {"name": name, "entry": entry.filename, "limit": limit}
        )


class _Scanner:
    """lxml parser target: sees each element's start and end, builds no tree, keeps counts."""

    def __init__(self, name: str, entry: zipfile.ZipInfo, counts: dict):
        self.name, self.entry, self.counts, self.depth = name, entry, counts, 0
        self.depth_limit = _limit("MAX_XML_DEPTH", 100)
        self.row_limit = _limit("MAX_ROWS", 100_000)
        self.cell_limit = _limit("MAX_CELLS", 2_000_000)

    def doctype(self, *args) -> None:
        raise UnsafeFile(
            _("%(name)s contains XML with entity or DTD declarations (%(entry)s); refused.")
            % {"name": self.name, "entry": self.entry.filename}
        )

    def start(self, tag, attrib, nsmap=None) -> None:
        self.depth += 1
        if self.depth > self.depth_limit:
            raise UnsafeFile(
                _("%(name)s nests its XML deeper than %(limit)s levels (%(entry)s); refused.")
                % {"name": self.name, "limit": self.depth_limit, "entry": self.entry.filename}
            )
        local = tag.rpartition("}")[2]
        if local in ROW_TAGS:
            self._count("rows", self.row_limit)
        elif local in CELL_TAGS:
            self._count("cells", self.cell_limit)

    def _count(self, what: str, limit: int) -> None:
        self.counts[what] += 1
        if self.counts[what] > limit:
            message = {
                "rows": _("%(name)s has more than %(limit)s rows; at most %(limit)s are allowed."),
                "cells": _(
                    "%(name)s has more than %(limit)s cells; at most %(limit)s are allowed."
                ),
            }[what]
            raise UnsafeFile(message % {"name": self.name, "limit": _thousands(limit)})

    def end(self, tag) -> None:
        self.depth -= 1

    def close(self) -> None:
        return None


def _thousands(number: int) -> str:
    from actionplan.core.l10n import format_number

    return format_number(number, places=0)


def _scan_xml(name: str, entry: zipfile.ZipInfo, stream: io.RawIOBase, counts: dict) -> None:
    """Parse one XML entry as a stream, never whole and building no tree (libxml2 in C,
    entities unresolved, no network, no DTD, huge_tree off), so memory stays flat however
    long the entry is and a bomb is refused once a limit is passed."""
    parser = etree.XMLParser(
        target=_Scanner(name, entry, counts),
        huge_tree=False,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
    )
    try:
        while chunk := stream.read(64 * 1024):
            parser.feed(chunk)
        parser.close()
    except etree.XMLSyntaxError as exc:
        raise UnsafeFile(
            _("%(name)s contains broken XML (%(entry)s).") % {"name": name, "entry": entry.filename}
        ) from exc


def check_zip(name: str, data: bytes) -> None:
    """Refuse a zip (XLSX/DOCX/ODT) that is a bomb, escapes its folder or carries XML
    entities, in bounded memory: see the module's docstring."""
    if not data.startswith(_ZIP_MAGIC):
        raise UnsafeFile(
            _("%(name)s is not a real %(kind)s file (its content does not match its name).")
            % {"name": name, "kind": Path(name).suffix.lstrip(".").upper()}
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise UnsafeFile(
            _("%(name)s is damaged: %(error)s") % {"name": name, "error": exc}
        ) from exc
    if len(entries) > max_zip_entries():
        raise UnsafeFile(
            _("%(name)s holds %(count)s files inside; at most %(limit)s are allowed.")
            % {"name": name, "count": len(entries), "limit": max_zip_entries()}
        )
    declared = sum(entry.file_size for entry in entries)
    if declared > max_unzipped_bytes():
        raise UnsafeFile(
            _("%(name)s unpacks to %(size)s MB; at most %(limit)s MB are allowed (zip bomb?).")
            % {"name": name, "size": _mb(declared), "limit": _mb(max_unzipped_bytes())}
        )
    for entry in entries:
        path = PurePosixPath(entry.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts:
            raise UnsafeFile(
                _("%(name)s contains a file outside its own folder (%(entry)s).")
                % {"name": name, "entry": entry.filename}
            )
        _check_ratio(name, entry, entry.file_size)
    used = 0
    counts = {"rows": 0, "cells": 0}
    for entry in entries:
        if not entry.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        try:
            with archive.open(entry) as handle:
                stream = _Counted(handle, name=name, entry=entry, used=used)
                _scan_xml(name, entry, stream, counts)
                used = stream.used
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise UnsafeFile(
                _("%(name)s is damaged: %(error)s") % {"name": name, "error": exc}
            ) from exc


def check_pdf(name: str, data: bytes) -> None:
    """A PDF is read page by page later; refuse one with more pages than a plan or memo has."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    if not data.startswith(b"%PDF-"):
        raise UnsafeFile(
            _("%(name)s is not a real PDF file (its content does not match its name).")
            % {"name": name}
        )
    limit = _limit("MAX_PDF_PAGES", 1000)
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        pages = int(resolve1(resolve1(document.catalog["Pages"])["Count"]))
    except Exception as exc:  # pdfminer raises many kinds for a broken file
        raise UnsafeFile(
            _("%(name)s is damaged: %(error)s") % {"name": name, "error": exc or type(exc).__name__}
        ) from exc
    if pages > limit:
        raise UnsafeFile(
            _("%(name)s has %(count)s pages; at most %(limit)s are allowed.")
            % {"name": name, "count": pages, "limit": limit}
        )


def check_text(name: str, kind: str, data: bytes) -> None:
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsafeFile(
            _("%(name)s is not a text file (it contains binary data).") % {"name": name}
        )
    if kind == "csv":
        limit = _limit("MAX_ROWS", 100_000)
        # Lines bound records from above: only a file with more lines than the limit is read
        # as CSV to count its records, since a quoted cell may hold line breaks.
        if data.count(b"\n") > limit + 1 and _csv_records(data) > limit + 1:
            raise UnsafeFile(
                _("%(name)s has more than %(limit)s rows; at most %(limit)s are allowed.")
                % {"name": name, "limit": _thousands(limit)}
            )


def _csv_records(data: bytes) -> int:
    """The records of a CSV file as the spreadsheet reader will see them (a malformed file
    counts its lines: the reader refuses it anyway)."""
    text, _encoding = tables.decode(data)
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=tables.sniff_delimiter(text), strict=True
    )
    try:
        return sum(1 for _row in reader)
    except csv.Error:
        return data.count(b"\n")


def check_upload(name: str, data: bytes) -> Upload:
    """Every check for one uploaded file; returns it ready for the readers."""
    name = safe_name(name)
    kind = kind_of(name)
    if len(data) > max_bytes():
        raise UnsafeFile(
            _("%(name)s is %(size)s MB; uploads are limited to %(limit)s MB.")
            % {"name": name, "size": round(len(data) / 2**20, 1), "limit": max_bytes() // 2**20}
        )
    _refuse_executable(name, data)
    if kind in ZIP_KINDS:
        check_zip(name, data)
    elif kind == "pdf":
        check_pdf(name, data)
    else:
        check_text(name, kind, data)
    return Upload(name=name, kind=kind, data=data)


def read_path(path: str | Path) -> Upload:
    """Read a file from disk for the command line, refusing it before reading when too big."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnsafeFile(
            _("Cannot read %(name)s: %(error)s") % {"name": path, "error": exc.strerror}
        ) from exc
    if size > max_bytes():
        raise UnsafeFile(
            _("%(name)s is %(size)s MB; uploads are limited to %(limit)s MB.")
            % {"name": path.name, "size": round(size / 2**20, 1), "limit": max_bytes() // 2**20}
        )
    return check_upload(path.name, path.read_bytes())
