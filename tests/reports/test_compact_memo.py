"""A focus area with many projects is summarised in every format: its projects counted and
their money summed per status, the largest projects by amount granted, and where the full list
is. Long lists of changes since the previous round are summarised too."""

import dataclasses
import sys

import pytest
from django.conf import settings

from actionplan.core.services import SYSTEM
from actionplan.projects import services as projects
from actionplan.projects.models import ProjectStatus
from actionplan.reports import charts
from actionplan.reports.builder import build_memo_live
from actionplan.reports.data import (
    COMPACT_FROM,
    LARGEST,
    Changes,
    CountRow,
    IndicatorLine,
    Memo,
)
from actionplan.reports.render_docx import render_docx
from actionplan.reports.render_html import render_html_fragment
from actionplan.reports.render_pdf import render_pdf
from actionplan.rounds.models import StatusRound
from actionplan.rounds.services import round_close, round_create
from tests import factories

from .test_freezing import docx_text, open_round, pdf_text

pytestmark = pytest.mark.django_db

STATUSES = [ProjectStatus.STARTED, ProjectStatus.COMPLETED, ProjectStatus.GRANTED]


def _memo(projects: int):
    """Projects "Boring nummer n"; the even ones granted (n + 1) * 100.000 kr."""
    area = factories.focus_area(title="Grundvand")
    for n in range(projects):
        project = factories.project(
            focus_areas=[area], title=f"Boring nummer {n}", status=STATUSES[n % 3]
        )
        if n % 2 == 0:
            factories.grant(project, amount=str((n + 1) * 100_000), decided="2020")
    status_round = round_create(
        actor=SYSTEM,
        plan=area.plan,
        name="Status 2021",
        slug="s21",
        reference_date=project.created_at.date(),
        state=StatusRound.State.OPEN,
    )
    return area, build_memo_live(status_round)


PROJECTS = COMPACT_FROM + 5  # 30: 15 with money, 100.000 to 2.900.000 kr.
LARGEST_SHOWN = [28, 26, 24, 22, 20, 18, 16, 14, 12, 10]  # by amount, most first


def test_a_large_focus_area_is_summarised_with_its_largest_projects_and_a_link():
    area, memo = _memo(PROJECTS)
    section = memo.themes[0].focus_areas[0]
    assert section.compact and section.project_count == PROJECTS
    assert [line.title for line in section.largest] == [f"Boring nummer {n}" for n in LARGEST_SHOWN]
    assert section.not_listed == PROJECTS - LARGEST
    sums = {row.status: row.count for row in section.status_sums}
    assert sums == {status: PROJECTS // 3 for status in STATUSES}
    # The money per status: started n = 0, 6, ..., 24 (amounts (n + 1) * 100.000 kr.).
    [started] = [row for row in section.status_sums if row.status == ProjectStatus.STARTED]
    assert started.granted_text == "6,5 mio. kr."  # 1+7+13+19+25 hundred thousand
    assert section.granted_total_text == "22,5 mio. kr."
    base = settings.ACTIONPLAN_BASE_URL.rstrip("/")
    assert section.list_url == f"{base}/projekter/?focus_area={area.pk}&sort=-granted"
    assert section.download_url == (
        f"{base}/projekter/projekter.xlsx?focus_area={area.pk}&sort=-granted"
    )

    html = render_html_fragment(memo)
    assert "memo-project" not in html  # no full entries
    positions = [html.index(f"Boring nummer {n}<") for n in LARGEST_SHOWN]
    assert positions == sorted(positions)
    for n in range(PROJECTS):
        if n not in LARGEST_SHOWN:
            assert f"Boring nummer {n}<" not in html
    assert "De 10 største projekter efter bevilget beløb" in html
    assert "Yderligere 20 projekter er ikke nævnt her." in html
    assert f'href="{section.list_url.replace("&", "&amp;")}"' in html
    assert "22,5 mio. kr." in html

    for text in (docx_text(render_docx(memo)), pdf_text(render_pdf(memo))):
        assert "Boring nummer 28" in text and "Boring nummer 8\n" not in text
        assert "Boring nummer 9" not in text
        assert "Yderligere 20 projekter er ikke nævnt her." in text
        assert "22,5 mio. kr." in text
        assert "kan hentes som regneark" in text


def test_a_small_focus_area_keeps_the_full_entries():
    _area, memo = _memo(COMPACT_FROM)
    assert not memo.themes[0].focus_areas[0].compact
    html = render_html_fragment(memo)
    assert "memo-compact" not in html and "memo-sums" not in html
    assert html.count('class="memo-project"') == COMPACT_FROM


def test_a_memo_frozen_before_the_links_were_stored_still_renders():
    _area, memo = _memo(PROJECTS)
    stored = memo.to_json()
    for theme in stored["themes"]:
        for section in theme["focus_areas"]:
            del section["list_url"], section["download_url"]
    del stored["changes"]["summarised"], stored["changes"]["status_moves"]
    old = Memo.from_json(stored)
    html = render_html_fragment(old)
    assert "Yderligere 20 projekter er ikke nævnt her." in html
    assert "står på portalen" not in html
    assert "kan hentes som regneark" not in docx_text(render_docx(old))


def _with_changes(memo: Memo, count: int, summarised: bool) -> Memo:
    titles = tuple(f"Ændret projekt {n}" for n in range(count))
    return dataclasses.replace(
        memo,
        changes=Changes(
            previous_round="Status 2020",
            new_grants=tuple(f"Ny bevilling {n}." for n in range(count)),
            new_projects=titles,
            status_changes=tuple(f"{t}: igangsat → afsluttet" for t in titles),
            completed=titles,
            new_grants_total="3,2 mio. kr.",
            status_moves=(
                CountRow(key="started>completed", label="igangsat → afsluttet", count=count),
            ),
            summarised=summarised,
        ),
    )


def test_long_lists_of_changes_are_summarised():
    _area, memo = _memo(3)
    long = _with_changes(memo, COMPACT_FROM + 1, summarised=True)
    for text in (render_html_fragment(long), docx_text(render_docx(long))):
        assert "26 nye bevillinger på i alt 3,2 mio. kr." in text
        assert "26 nye projekter." in text
        assert "26 projekter har skiftet status:" in text and "Statusskift" in text
        assert "26 projekter er afsluttet." in text
        assert "Ændret projekt 3" not in text
    short = _with_changes(memo, COMPACT_FROM, summarised=True)
    html = render_html_fragment(short)
    assert "Ændret projekt 24" in html and "Statusskift" not in html
    # A memo frozen before the summaries were stored lists everything, as it always did.
    frozen = _with_changes(memo, COMPACT_FROM + 1, summarised=False)
    html = render_html_fragment(frozen)
    assert "Ændret projekt 25" in html and "Statusskift" not in html


def test_the_builder_counts_the_changes_of_status():
    area = factories.focus_area(title="Grundvand")
    plan = area.plan
    moved = [
        factories.project(focus_areas=[area], title=f"Projekt {n}", status=ProjectStatus.STARTED)
        for n in range(3)
    ]
    round_close(actor=SYSTEM, round=open_round(plan, 2021))
    for project in moved[:2]:
        projects.project_update(actor=SYSTEM, project=project, status=ProjectStatus.COMPLETED)
    projects.project_update(actor=SYSTEM, project=moved[2], status=ProjectStatus.SUSPENDED)
    changes = build_memo_live(open_round(plan, 2022)).changes
    assert changes.summarised
    assert [(row.label, row.count) for row in changes.status_moves] == [
        ("igangsat → afsluttet", 2),
        ("igangsat → sat i bero", 1),
    ]


def test_the_charts_are_drawn_in_one_child_process(monkeypatch):
    """Every chart of a document in one child; drawn charts are not drawn again."""
    calls = []
    real = charts._start_child

    def counting(specs, image_format):
        calls.append(len(specs))
        return real(specs, image_format)

    monkeypatch.setattr(charts, "_start_child", counting)
    monkeypatch.setattr(charts, "_drawn", type(charts._drawn)())
    spec = '{"data": {"values": [{"x": %d, "y": 2}]}, "mark": "point", "encoding": {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}}}'  # noqa: E501
    specs = [spec % n for n in range(3)]
    loaded = "vl_convert" in sys.modules
    charts.draw_all(specs + specs[:1], "png")
    assert calls == [3]
    assert all(charts.png(s).startswith(b"\x89PNG") for s in specs)
    charts.draw_all(specs, "png")
    assert calls == [3]  # all drawn already
    assert "<svg" in charts.svg(specs[0]) and calls == [3, 1]
    assert ("vl_convert" in sys.modules) == loaded  # the engine stayed out of this process
    charts.start([spec % 7], "png")  # started, then waited for by the picture's reader
    assert calls == [3, 1, 1] and charts.png(spec % 7).startswith(b"\x89PNG")
    assert not charts._pending


def test_a_chart_that_cannot_be_drawn_stops_the_pdf():
    from weasyprint.urls import FatalURLFetchingError

    _area, memo = _memo(3)
    theme = memo.themes[0]
    area = dataclasses.replace(
        theme.focus_areas[0],
        indicators=(
            IndicatorLine(
                name="Grundvand",
                unit="",
                baseline="",
                target="",
                latest="",
                status="",
                status_label="",
                reason="",
                chart_spec='{"mark": {"type": "no such mark"}}',
                chart_title="Grundvand",
            ),
        ),
    )
    broken = dataclasses.replace(memo, themes=(dataclasses.replace(theme, focus_areas=(area,)),))
    with pytest.raises(FatalURLFetchingError, match="drawing the charts failed"):
        render_pdf(broken)
    assert not charts._pending
