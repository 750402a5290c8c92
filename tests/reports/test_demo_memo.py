"""The generated memo for the demo plan's "Status 2021" round against the seed memo
(shared/seeds/rus-statusnotat-2021.txt)."""

import io
import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from actionplan import cli
from actionplan.demo.loader import demo_project_slugs
from actionplan.plans.models import FocusArea
from actionplan.projects.models import Project
from actionplan.reports.builder import build_memo
from actionplan.reports.cli import Progress
from actionplan.reports.render_docx import render_docx
from actionplan.reports.render_pdf import render_pdf
from actionplan.rounds.models import StatusRound

from .test_freezing import docx_text, pdf_text

# Every amount and year the seed memo states about grants and projects.
SEED_AMOUNTS = ["1,1 mio. kr.", "4,3 mio. kr.", "1,5 mio. kr.", "6 mio. kr."]
SEED_YEARS = ["august 2021", "2019", "2020", "2021", "2022", "2035", "2030", "2025"]


def squash(text: str) -> str:
    """Text without whitespace, so that line breaks inside titles do not matter."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def memo(demo):
    return build_memo(StatusRound.objects.get(plan=demo, slug="status-2021"))


def expected_titles(demo) -> list[str]:
    areas = list(FocusArea.objects.filter(plan=demo).values_list("title", flat=True))
    projects = list(
        Project.objects.filter(slug__in=demo_project_slugs()).values_list("title", flat=True)
    )
    assert len(areas) == 15 and len(projects) == 42
    return areas + projects


def check(text: str, demo) -> None:
    flat = squash(text)
    missing = [t for t in expected_titles(demo) if squash(t) not in flat]
    assert missing == []
    for amount in SEED_AMOUNTS + SEED_YEARS:
        assert squash(amount) in flat, amount
    # 6 mio. kr. twice: Copenhagen Skills and the culture pool.
    assert (
        flat.count(squash("6 mio. kr. was granted"))
        + flat.count(squash("6 mio. kr. has been granted"))
        + flat.count(squash("bevilget 6 mio. kr."))
        >= 2
    )


def test_the_docx_memo_holds_every_focus_area_project_amount_and_year(memo, demo):
    content = render_docx(memo)
    check(docx_text(content), demo)


def test_the_docx_memo_uses_real_headings_and_tables(memo):
    import docx

    document = docx.Document(io.BytesIO(render_docx(memo)))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet"} <= styles
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:4] == [t.title for t in memo.themes]
    header_rows = [t.rows[0]._tr.trPr for t in document.tables]
    assert document.tables and all(h is not None for h in header_rows)


def test_the_pdf_memo_holds_every_focus_area_project_amount_and_year(memo, demo):
    content = render_pdf(memo)
    text = pdf_text(content)
    check(text, demo)
    with translation.override(memo.language):
        label = gettext("Page %(page)s of %(pages)s")
    import pdfplumber
    from pdfminer.pdftypes import resolve1

    with pdfplumber.open(io.BytesIO(content)) as pdf:
        pages = len(pdf.pages)
        catalog = pdf.doc.catalog
        assert "StructTreeRoot" in catalog  # tagged
        assert resolve1(catalog["MarkInfo"]) == {"Marked": True}
        fonts = {
            resolve1(font).get("BaseFont").name
            for page in pdf.pages
            for font in resolve1(resolve1(page.page_obj.resources)["Font"]).values()
        }
    assert squash(label % {"page": 1, "pages": pages}) in squash(text)
    assert fonts and all("DejaVu" in name for name in fonts)
    assert "æ" in text and "ø" in text and "å" in text


def test_the_memo_totals_sum_the_regional_pool(memo):
    totals = memo.totals
    assert totals.pool_total.amount_text == "18,9 mio. kr."  # 1,1 + 4,3 + 1,5 + 6 + 6
    assert totals.projects == 42
    assert sum(row.count for row in totals.status_rows) == 42
    assert memo.changes is not None and memo.changes.previous_round == ""


def test_the_cli_writes_the_html_memo(demo, tmp_path, capsys):
    out = tmp_path / "memo.html"
    code = cli.main(
        [
            "report",
            "memo",
            "--plan",
            demo.slug,
            "--round",
            "Status 2021",
            "--format",
            "html",
            "-o",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr().err
    html = out.read_text(encoding="utf-8")
    assert "<h1>Status på indsatsområderne i RUS-handlingsplanen 2020-2021</h1>" in html
    assert "Copenhagen Skills" in html
    assert capsys.readouterr().err == ""  # no progress bar when stderr is not a terminal


def test_the_cli_names_an_unknown_round(demo, tmp_path, capsys):
    code = cli.main(
        [
            "report",
            "memo",
            "--plan",
            demo.slug,
            "--round",
            "Status 1999",
            "--format",
            "pdf",
            "-o",
            str(tmp_path / "x.pdf"),
        ]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert "no status round 'Status 1999'" in err
    # It names the rounds there are, to pick from.
    names = list(demo.rounds.values_list("name", flat=True))
    assert names and all(f"'{name}'" in err for name in names)


def test_the_progress_bar_draws_only_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    quiet, loud = io.StringIO(), Terminal()
    for stream in (quiet, loud):
        bar = Progress(2, stream=stream)
        bar.step("data")
        bar.step("written")
    assert quiet.getvalue() == ""
    assert "2/2" in loud.getvalue() and loud.getvalue().endswith("\n")
