"""Uploads are inspected in bounded memory whatever their shape: a zip's XML is streamed and
counted, and each limit refuses the file with a Danish message naming the file and the limit."""

import io
import zipfile

import pytest
from django.utils import translation

from actionplan.ingest.errors import UnsafeFile
from actionplan.ingest.safety import check_upload

SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.fixture(autouse=True)
def _danish():
    with translation.override("da"):
        yield


def _xlsx(sheet: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def _sheet(rows: int, cells: int) -> bytes:
    row = "<row>" + "<c><v>1</v></c>" * cells + "</row>"
    return f'<worksheet xmlns="{SHEET_NS}"><sheetData>{row * rows}</sheetData></worksheet>'.encode()


def _refused(name: str, data: bytes) -> str:
    with pytest.raises(UnsafeFile) as error:
        check_upload(name, data)
    return str(error.value)


def test_a_part_that_grows_too_much_when_unpacked_is_refused_as_a_bomb():
    bomb = _xlsx(_sheet(rows=3000, cells=100))  # ~4,5 MB of XML in a few KB
    message = _refused("tilskud.xlsx", bomb)
    assert message.startswith("tilskud.xlsx")
    assert "xl/worksheets/sheet1.xml" in message
    assert "mere end 100 gange" in message


def test_too_many_rows_are_refused(settings):
    settings.ACTIONPLAN_INGEST_MAX_ROWS = 10
    message = _refused("tilskud.xlsx", _xlsx(_sheet(rows=11, cells=1)))
    assert message == "tilskud.xlsx har mere end 10 rækker; højst 10 er tilladt."


def test_too_many_cells_are_refused(settings):
    settings.ACTIONPLAN_INGEST_MAX_CELLS = 1000
    message = _refused("tilskud.xlsx", _xlsx(_sheet(rows=10, cells=101)))
    assert message == "tilskud.xlsx har mere end 1.000 celler; højst 1.000 er tilladt."


def test_shared_strings_count_as_cells(settings):
    settings.ACTIONPLAN_INGEST_MAX_CELLS = 5
    strings = f'<sst xmlns="{SHEET_NS}">' + "<si><t>x</t></si>" * 6 + "</sst>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/sharedStrings.xml", strings)
    assert "mere end 5 celler" in _refused("tilskud.xlsx", buffer.getvalue())


def test_xml_nested_too_deep_is_refused():
    deep = b"<a>" * 150 + b"</a>" * 150
    message = _refused("plan.docx", _xlsx(deep))
    assert message.startswith("plan.docx")
    assert "100 niveauer" in message


def test_a_table_in_a_document_counts_its_rows(settings):
    settings.ACTIONPLAN_INGEST_MAX_ROWS = 3
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = f'<w:document xmlns:w="{ns}"><w:body><w:tbl>' + "<w:tr><w:tc/></w:tr>" * 4
    body += "</w:tbl></w:body></w:document>"
    assert "mere end 3 rækker" in _refused("plan.docx", _xlsx(body.encode()))


def test_a_zip_whose_directory_understates_a_size_is_refused_as_damaged():
    # The sizes in the directory can lie; the unpacked bytes are what is counted and checked.
    data = bytearray(_xlsx(_sheet(rows=200, cells=10)))
    directory = data.rindex(b"PK\x01\x02")  # the sheet's entry, written last
    data[directory + 24 : directory + 28] = (1000).to_bytes(4, "little")
    message = _refused("tilskud.xlsx", bytes(data))
    assert message.startswith("tilskud.xlsx er beskadiget")


def test_a_csv_with_too_many_rows_is_refused(settings):
    settings.ACTIONPLAN_INGEST_MAX_ROWS = 100
    data = b"Projekttitel;Budget\n" + b"Et projekt;1000\n" * 101
    assert _refused("tilskud.csv", data) == (
        "tilskud.csv har mere end 100 rækker; højst 100 er tilladt."
    )


def test_a_pdf_with_too_many_pages_is_refused(settings):
    from weasyprint import HTML

    settings.ACTIONPLAN_INGEST_MAX_PDF_PAGES = 2
    pdf = HTML(string="<p>1</p>" + '<p style="break-before: page">n</p>' * 2).write_pdf()
    assert _refused("plan.pdf", pdf) == "plan.pdf har 3 sider; højst 2 er tilladt."


def test_an_ordinary_spreadsheet_passes():
    upload = check_upload("tilskud.xlsx", _xlsx(_sheet(rows=50, cells=10)))
    assert upload.kind == "xlsx"
