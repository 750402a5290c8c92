import io
import zipfile

import pytest
from django.utils import translation

from actionplan.core.services import SYSTEM
from actionplan.ingest import services
from actionplan.ingest.errors import UnsafeFile
from actionplan.ingest.models import IngestDraft
from actionplan.ingest.safety import check_upload, read_path
from actionplan.ingest.tables import read_table

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """These tests read the English wording; the interface is Danish by default."""
    with translation.override("en"):
        yield


def _zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _refused(tmp_path, name: str, data: bytes, says: str) -> None:
    path = tmp_path / "upload" / name
    path.parent.mkdir()
    path.write_bytes(data)
    before_files = sorted(p.name for p in tmp_path.rglob("*"))
    before_drafts = IngestDraft.objects.count()
    with pytest.raises(UnsafeFile) as error:
        upload = read_path(path)
        services.plan_draft_create(actor=SYSTEM, upload=upload)
    assert says in str(error.value)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before_files
    assert IngestDraft.objects.count() == before_drafts


def test_a_renamed_executable_is_refused(tmp_path):
    _refused(tmp_path, "plan.docx", b"MZ\x90\x00" + b"\x00" * 200, "is a program")


def test_a_renamed_executable_as_text_is_refused(tmp_path):
    _refused(tmp_path, "plan.txt", b"\x7fELF\x02\x01\x01" + b"\x00" * 64, "is a program")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    bomb = _zip({"word/document.xml": b"<a>" + b" " * (300 * 1024 * 1024) + b"</a>"})
    assert len(bomb) < 2 * 1024 * 1024
    _refused(tmp_path, "plan.docx", bomb, "zip bomb")


def test_too_many_zip_entries_are_refused(tmp_path, settings):
    settings.ACTIONPLAN_INGEST_MAX_ZIP_ENTRIES = 10
    _refused(tmp_path, "list.xlsx", _zip({f"x{n}.xml": b"<a/>" for n in range(11)}), "11 files")


def test_an_xxe_payload_is_refused(tmp_path):
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<w:document>&x;</w:document>"
    )
    _refused(tmp_path, "plan.docx", _zip({"word/document.xml": xxe}), "entity or DTD")


def test_a_zip_entry_leaving_its_folder_is_refused(tmp_path):
    _refused(tmp_path, "list.xlsx", _zip({"../../evil.xml": b"<a/>"}), "outside its own folder")


@pytest.mark.parametrize("name", ["../plan.txt", "..\\plan.txt", "a/../../plan.txt", ".."])
def test_an_upload_name_with_a_path_is_refused(name):
    with pytest.raises(UnsafeFile, match="not a plain file name"):
        check_upload(name, b"Klima og milj\xc3\xb8")


def test_an_upload_over_the_size_cap_is_refused(tmp_path, settings):
    settings.ACTIONPLAN_INGEST_MAX_BYTES = 1000
    _refused(tmp_path, "list.csv", b"a;b\n" + b"1;2\n" * 500, "limited to")


def test_a_pdf_that_is_not_a_pdf_is_refused(tmp_path):
    _refused(tmp_path, "plan.pdf", b"<html>no</html>", "not a real PDF")


def test_an_unknown_file_type_is_refused():
    with pytest.raises(UnsafeFile, match="cannot be read"):
        check_upload("plan.exe", b"hello")


def test_a_real_xlsx_passes_the_checks_and_is_read(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["Projekttitel", "Budget"])
    workbook.active.append(["Grøn bølge", "1.500.000"])
    path = tmp_path / "list.xlsx"
    workbook.save(path)
    table = read_table(read_path(path))
    assert table.headers == ["Projekttitel", "Budget"]
    assert table.rows[0].values == {"Projekttitel": "Grøn bølge", "Budget": "1.500.000"}


def test_the_row_limit_counts_records_not_lines(settings):
    """A quoted cell may hold line breaks: 10 records of 3 lines each are 10 rows, not 30."""
    settings.ACTIONPLAN_INGEST_MAX_ROWS = 12
    record = "Titel;Beskrivelse\n" + '"Projekt";"første linje\nanden linje\ntredje"\n' * 10
    assert check_upload("lang.csv", record.encode()).kind == "csv"
    with pytest.raises(UnsafeFile, match="more than 12 rows"):
        check_upload("lang.csv", (record + '"Et til";"x"\n' * 3).encode())
