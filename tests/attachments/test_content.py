import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from actionplan.attachments import content
from tests.attachments import samples


def refusal(name: str, data: bytes, language: str = "en") -> str:
    with translation.override(language), pytest.raises(ValidationError) as caught:
        content.check_file(name, data)
    return " ".join(caught.value.message_dict["file"])


@pytest.mark.parametrize(
    ("name", "make", "kind"),
    [
        ("rapport.pdf", samples.pdf, "pdf"),
        ("Slutrapport.DOCX", samples.docx, "docx"),
        ("budget.xlsx", samples.xlsx, "xlsx"),
        ("referat.odt", samples.odt, "odt"),
        ("foto.png", samples.png, "png"),
        ("foto.JPG", samples.jpeg, "jpeg"),
        ("foto.jpeg", samples.jpeg, "jpeg"),
        ("tal.csv", lambda: "år;værdi\n2021;4\n".encode(), "csv"),
        ("note.txt", lambda: "Æblegrød".encode("cp1252"), "txt"),
    ],
)
def test_every_allowed_type_is_recognised_by_its_content(name, make, kind):
    checked = content.check_file(name, make())
    assert checked.kind == kind


def test_a_program_is_refused_by_its_extension_in_danish():
    message = refusal("setup.exe", b"MZ\x90\x00", "da")
    assert "Filtypen .exe er ikke tilladt" in message
    assert "PDF" in message


def test_a_program_renamed_to_pdf_is_refused_by_its_content():
    assert "not a real PDF" in refusal("rapport.pdf", b"MZ\x90\x00" + b"\x00" * 100)


def test_a_png_named_pdf_is_refused():
    assert "not a real PDF" in refusal("rapport.pdf", samples.png())


def test_a_plain_zip_named_docx_is_refused():
    assert "not a real Word" in refusal("rapport.docx", samples.plain_zip())


def test_an_xlsx_named_docx_is_refused():
    assert "not a real Word" in refusal("rapport.docx", samples.xlsx())


def test_a_truncated_png_is_refused():
    assert "not a real PNG" in refusal("foto.png", samples.png()[:30])


def test_binary_data_named_txt_is_refused():
    assert "not a real TXT" in refusal("note.txt", b"abc\x00def")


def test_a_zip_bomb_is_refused_without_unpacking_it():
    assert "zip bomb" in refusal("rapport.docx", samples.bomb())


def test_a_file_over_the_limit_is_refused_in_danish(settings):
    settings.ACTIONPLAN_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
    message = refusal("stor.txt", b"a" * (20 * 1024 * 1024 + 1), "da")
    assert "Filen stor.txt er større end 20 MB" in message


def test_an_empty_file_is_refused():
    assert "empty" in refusal("tom.txt", b"")


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("C:\\Users\\anna\\Slutrapport 2021.pdf", "Slutrapport 2021.pdf"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("a" * 300 + ".pdf", "a" * 116 + ".pdf"),
    ],
)
def test_file_names_are_reduced_to_a_plain_name(given, kept):
    assert content.clean_name(given) == kept


def test_a_name_with_control_characters_is_refused():
    with pytest.raises(ValidationError):
        content.clean_name("rapport\x07.pdf")


class Upload:
    """An upload that would be 1 GB: only the part up to the limit is ever read."""

    name = "stor.pdf"
    size = None

    def __init__(self):
        self.read = 0

    def chunks(self):
        while True:
            self.read += 1 << 20
            yield b"a" * (1 << 20)


def test_an_upload_is_read_no_further_than_the_limit(settings):
    settings.ACTIONPLAN_ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024
    upload = Upload()
    with pytest.raises(ValidationError):
        content.read_upload(upload)
    assert upload.read <= 3 * (1 << 20)
