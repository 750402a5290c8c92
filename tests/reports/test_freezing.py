import datetime as dt
import io
from decimal import Decimal

import docx
import pdfplumber
import pytest

from actionplan.core.services import SYSTEM
from actionplan.projects import services as projects
from actionplan.projects.models import ProjectStatus
from actionplan.reports.builder import build_memo, build_memo_live
from actionplan.reports.render_docx import render_docx
from actionplan.reports.render_pdf import render_pdf
from actionplan.rounds.models import RoundSnapshot, UpdateRequest
from actionplan.rounds.services import (
    round_close,
    round_open,
    update_approve,
    update_submit,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    region = factories.organisation(kind="region")
    plan = factories.plan(organisation=region)
    area = factories.focus_area(factories.theme(plan), title="Sikre grundvandet")
    pool = factories.funding_source(name="RUS-puljen", kind="regional_pool")
    project = factories.project(
        focus_areas=[area], title="Drikkevand på tværs", status=ProjectStatus.GRANTED
    )
    factories.grant(project, amount="1500000", source=pool, decided="2020")
    return plan, area, project, pool


def open_round(plan, year: int):
    return round_open(
        actor=SYSTEM,
        plan=plan,
        name=f"Status {year}",
        slug=f"status-{year}",
        reference_date=dt.date(year, 9, 1),
        deadline=dt.date(year, 9, 15),
    )


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_closing_a_round_stores_its_memo(setting):
    plan, _area, _project, _pool = setting
    status_round = open_round(plan, 2021)
    live = build_memo_live(status_round)
    round_close(actor=SYSTEM, round=status_round)
    assert RoundSnapshot.objects.get(round=status_round).data == live.to_json()


def test_editing_a_project_after_close_does_not_change_the_closed_rounds_memo(setting):
    plan, _area, project, pool = setting
    status_round = open_round(plan, 2021)
    round_close(actor=SYSTEM, round=status_round)
    before = build_memo(status_round)
    projects.project_update(
        actor=SYSTEM, project=project, title="Omdøbt projekt", status=ProjectStatus.CANCELLED
    )
    factories.grant(project, amount="9900000", source=pool, decided="2021-03")
    after = build_memo(status_round)
    assert after == before
    [line] = after.themes[0].focus_areas[0].granted
    assert line.title == "Drikkevand på tværs" and line.status == ProjectStatus.GRANTED
    assert [g.amount for g in line.grants] == ["1500000"]
    # The live data has moved on: the snapshot is what keeps the memo still.
    assert build_memo_live(status_round) != before


def test_a_closed_round_regenerates_the_same_docx_and_pdf_text(setting):
    plan, _area, project, _pool = setting
    status_round = open_round(plan, 2021)
    round_close(actor=SYSTEM, round=status_round)
    first_docx, first_pdf = (
        render_docx(build_memo(status_round)),
        render_pdf(build_memo(status_round)),
    )
    projects.project_update(actor=SYSTEM, project=project, title="Noget andet")
    second_docx, second_pdf = (
        render_docx(build_memo(status_round)),
        render_pdf(build_memo(status_round)),
    )
    assert docx_text(first_docx) == docx_text(second_docx)
    assert pdf_text(first_pdf) == pdf_text(second_pdf)
    assert "Drikkevand på tværs" in docx_text(second_docx)
    assert "Noget andet" not in pdf_text(second_pdf)


def test_the_memo_lists_changes_since_the_previous_round(setting):
    plan, area, project, pool = setting
    editor = factories.user(role="editor", organisation=plan.organisation)
    lead = factories.user(role="reporter", project=project)
    round_close(actor=SYSTEM, round=open_round(plan, 2021))
    new = factories.project(focus_areas=[area], title="Nyt projekt", status=ProjectStatus.STARTED)
    factories.grant(new, amount="1100000", source=pool, decided="2022-08")
    second = open_round(plan, 2022)
    request = UpdateRequest.objects.get(round=second, project=project)
    update_submit(
        actor=lead,
        request=request,
        status=ProjectStatus.COMPLETED,
        narrative="Færdig.",
        spent_dkk=Decimal(1400000),
    )
    update_approve(actor=editor, request=request)
    changes = build_memo_live(second).changes
    assert changes.previous_round == "Status 2021"
    assert changes.new_projects == ("Nyt projekt",)
    assert changes.completed == ("Drikkevand på tværs",)
    assert len(changes.status_changes) == 1 and "Drikkevand på tværs" in changes.status_changes[0]
    [new_grant] = changes.new_grants
    assert "1,1 mio. kr." in new_grant and "august 2022" in new_grant
    [line] = [
        p for p in build_memo_live(second).themes[0].focus_areas[0].granted if p.id == project.pk
    ]
    assert "1,4 mio. kr." in line.facts  # spending so far, from the approved update


def test_a_grant_decided_after_the_reference_date_is_not_in_the_rounds_memo(setting):
    plan, _area, project, pool = setting
    factories.grant(project, amount="2000000", source=pool, decided="2022-01")
    memo = build_memo_live(open_round(plan, 2021))
    [line] = memo.themes[0].focus_areas[0].granted
    assert [g.amount for g in line.grants] == ["1500000"]
    assert memo.totals.pool_total.amount_text == "1,5 mio. kr."
