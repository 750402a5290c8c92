"""What an uploaded file really is, read from its content (never from its name's extension
or the browser's content type alone), and whether it may be kept.

Allowed: PDF, DOCX, XLSX, ODT (zip-based: the inner structure is checked with bounded reads
through actionplan.ingest.safety.check_zip), PNG, JPEG (decoded headers and checksums through
Pillow), CSV and TXT (text without binary bytes). The extension must name the same type as
the content. The size limit is ACTIONPLAN_ATTACHMENT_MAX_BYTES (20 MB by default).
"""

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from actionplan.ingest.errors import UnsafeFile
from actionplan.ingest.safety import check_zip, safe_name

PDF, DOCX, XLSX, ODT, PNG, JPEG, CSV, TXT = (
    "pdf",
    "docx",
    "xlsx",
    "odt",
    "png",
    "jpeg",
    "csv",
    "txt",
)

CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ODT: "application/vnd.oasis.opendocument.text",
    PNG: "image/png",
    JPEG: "image/jpeg",
    CSV: "text/csv; charset=utf-8",
    TXT: "text/plain; charset=utf-8",
}
EXTENSIONS = {
    ".pdf": PDF,
    ".docx": DOCX,
    ".xlsx": XLSX,
    ".odt": ODT,
    ".png": PNG,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".csv": CSV,
    ".txt": TXT,
}
LABELS = {
    PDF: "PDF",
    DOCX: "Word (DOCX)",
    XLSX: "Excel (XLSX)",
    ODT: "OpenDocument (ODT)",
    PNG: "PNG",
    JPEG: "JPEG",
    CSV: "CSV",
    TXT: "TXT",
}
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# Beyond this many pixels an image is refused rather than decoded (a decompression bomb).
MAX_PIXELS = 50_000_000


def max_bytes() -> int:
    return int(getattr(settings, "ACTIONPLAN_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))


def megabytes(size: int) -> str:
    return f"{size / 2**20:.0f}" if size % 2**20 == 0 else f"{size / 2**20:.1f}"


@dataclass(frozen=True)
class CheckedFile:
    name: str  # a plain file name, safe to show and to send back
    kind: str  # one of the constants above
    data: bytes

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


def allowed_types() -> str:
    return ", ".join(dict.fromkeys(LABELS[kind] for kind in EXTENSIONS.values()))


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message}, code="invalid_file")


def clean_name(name: str) -> str:
    """The uploaded name as a plain file name: no folder, no control characters, at most
    120 characters (the extension kept)."""
    name = PurePosixPath((name or "").replace("\\", "/")).name.strip()
    path = PurePosixPath(name)
    if len(name) > 120:
        name = f"{path.stem[: 120 - len(path.suffix)]}{path.suffix}"
    try:
        name = safe_name(name)
    except UnsafeFile as exc:
        raise _refuse(str(exc)) from exc
    return name


def check_size(name: str, size: int) -> None:
    if size > max_bytes():
        raise _refuse(
            _("The file %(name)s is larger than %(limit)s MB (it is %(size)s MB).")
            % {"name": name, "limit": megabytes(max_bytes()), "size": f"{size / 2**20:.1f}"}
        )
    if size == 0:
        raise _refuse(_("The file %(name)s is empty.") % {"name": name})


def _is_pdf(data: bytes) -> bool:
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:]


def _zip_names(data: bytes) -> set[str]:
    try:
        return set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError):
        return set()


def _is_odt(data: bytes) -> bool:
    # The ODF standard puts an uncompressed "mimetype" entry first; read at most its length.
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        first = archive.infolist()[0]
        if first.filename != "mimetype" or first.file_size > 100:
            return False
        with archive.open(first) as handle:
            mimetype = handle.read(100)
        return mimetype == _ODT_MIMETYPE and "content.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError, IndexError):
        return False


def _image(data: bytes, expected: str) -> bool:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != expected:
                return False
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise _refuse(
                    _("The image is %(width)s by %(height)s pixels; that is too large.")
                    % {"width": width, "height": height}
                )
            # verify() reads the file's structure and checksums without decoding the pixels.
            image.verify()
        return True
    except ValidationError:
        raise
    except Exception:
        return False


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            data.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


def _matches(kind: str, data: bytes) -> bool:
    if kind == PDF:
        return _is_pdf(data)
    if kind == PNG:
        return data.startswith(b"\x89PNG\r\n\x1a\n") and _image(data, "PNG")
    if kind == JPEG:
        return data.startswith(b"\xff\xd8\xff") and _image(data, "JPEG")
    if kind in (DOCX, XLSX, ODT):
        if not data.startswith(b"PK\x03\x04"):
            return False
        if kind == ODT:
            return _is_odt(data)
        names = _zip_names(data)
        part = "word/document.xml" if kind == DOCX else "xl/workbook.xml"
        return "[Content_Types].xml" in names and part in names
    return _is_text(data)


def check_file(name: str, data: bytes) -> CheckedFile:
    """Refuse a file whose type is not allowed, whose content is not what its name says, or
    that is too large; otherwise return it with its clean name and kind."""
    name = clean_name(name)
    extension = PurePosixPath(name).suffix.lower()
    kind = EXTENSIONS.get(extension)
    if kind is None:
        raise _refuse(
            _("The file type %(extension)s is not allowed (%(name)s). Allowed types: %(types)s.")
            % {"extension": extension or _("(none)"), "name": name, "types": allowed_types()}
        )
    check_size(name, len(data))
    if not _matches(kind, data):
        raise _refuse(
            _(
                "The file %(name)s is not a real %(type)s file: its content does not match its "
                "name. Allowed types: %(types)s."
            )
            % {"name": name, "type": LABELS[kind], "types": allowed_types()}
        )
    if kind in (DOCX, XLSX, ODT):
        try:
            check_zip(name, data)
        except UnsafeFile as exc:
            raise _refuse(str(exc)) from exc
    return CheckedFile(name=name, kind=kind, data=data)


def read_upload(upload) -> CheckedFile:
    """An UploadedFile (or anything with name, size and chunks()) read with the size limit:
    nothing beyond the limit is read into memory."""
    name = clean_name(getattr(upload, "name", ""))
    size = getattr(upload, "size", None)
    if size is not None:
        check_size(name, size)
    chunks, total = [], 0
    for chunk in upload.chunks():
        total += len(chunk)
        if total > max_bytes():
            check_size(name, total)
        chunks.append(chunk)
    return check_file(name, b"".join(chunks))
