"""Checks every upload passes before a parser sees it.

Uploads are handled in memory: nothing is written to disk, so a refused file leaves nothing
behind. Limits come from settings (defaults below):

ACTIONPLAN_INGEST_MAX_BYTES            size of the uploaded file (20 MB)
ACTIONPLAN_INGEST_MAX_ZIP_ENTRIES      entries in an XLSX/DOCX (2.000)
ACTIONPLAN_INGEST_MAX_UNZIPPED_BYTES   total uncompressed size of an XLSX/DOCX (200 MB)
"""

import io
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from django.conf import settings
from django.utils.translation import gettext as _

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


def check_zip(name: str, data: bytes) -> None:
    """Refuse a zip (XLSX/DOCX) that is a bomb, escapes its folder or carries XML entities."""
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
            % {
                "name": name,
                "size": declared // 2**20,
                "limit": max_unzipped_bytes() // 2**20,
            }
        )
    budget = max_unzipped_bytes()
    for entry in entries:
        path = PurePosixPath(entry.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts:
            raise UnsafeFile(
                _("%(name)s contains a file outside its own folder (%(entry)s).")
                % {"name": name, "entry": entry.filename}
            )
        if not entry.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        # Read with a limit: the sizes in the directory can lie.
        with archive.open(entry) as handle:
            content = handle.read(budget + 1)
        budget -= len(content)
        if budget < 0:
            raise UnsafeFile(
                _("%(name)s unpacks to more than %(limit)s MB (zip bomb?).")
                % {"name": name, "limit": max_unzipped_bytes() // 2**20}
            )
        try:
            SafeET.fromstring(content)
        except DefusedXmlException as exc:
            raise UnsafeFile(
                _("%(name)s contains XML with entity or DTD declarations (%(entry)s); refused.")
                % {"name": name, "entry": entry.filename}
            ) from exc
        except SafeET.ParseError as exc:
            raise UnsafeFile(
                _("%(name)s contains broken XML (%(entry)s).")
                % {"name": name, "entry": entry.filename}
            ) from exc


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
    if kind in {"xlsx", "docx"}:
        check_zip(name, data)
    elif kind == "pdf":
        if not data.startswith(b"%PDF-"):
            raise UnsafeFile(
                _("%(name)s is not a real PDF file (its content does not match its name).")
                % {"name": name}
            )
    elif b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsafeFile(
            _("%(name)s is not a text file (it contains binary data).") % {"name": name}
        )
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
