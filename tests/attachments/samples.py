"""Small real files of every allowed type, made in memory."""

import io
import zipfile

from PIL import Image


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (30, 30, 200)).save(out, format="JPEG")
    return out.getvalue()


def pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def _zip(entries: dict[str, bytes], *, stored_first: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            kind = zipfile.ZIP_STORED if name == stored_first else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=kind)
    return out.getvalue()


XML = b'<?xml version="1.0" encoding="UTF-8"?><root/>'


def docx() -> bytes:
    from docx import Document

    out = io.BytesIO()
    document = Document()
    document.add_paragraph("Slutrapport")
    document.save(out)
    return out.getvalue()


def xlsx() -> bytes:
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def odt() -> bytes:
    return _zip(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": XML,
            "META-INF/manifest.xml": XML,
        },
        stored_first="mimetype",
    )


def plain_zip() -> bytes:
    return _zip({"readme.txt": b"hello"})


def bomb() -> bytes:
    """A DOCX-shaped zip whose one XML part unpacks to 300 MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", XML)
        archive.writestr("word/document.xml", XML)
        with archive.open("word/big.xml", "w", force_zip64=True) as handle:
            block = b"<a>" + b" " * (1 << 20) + b"</a>"
            for _ in range(300):
                handle.write(block)
    return out.getvalue()
