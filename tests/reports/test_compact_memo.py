"""A focus area with many projects lists them compactly (one row each) in every format."""

import pytest

from actionplan.core.services import SYSTEM
from actionplan.reports.builder import build_memo_live
from actionplan.reports.data import COMPACT_FROM
from actionplan.reports.render_docx import render_docx
from actionplan.reports.render_html import render_html_fragment
from actionplan.rounds.models import StatusRound
from actionplan.rounds.services import round_create
from tests import factories

from .test_freezing import docx_text

pytestmark = pytest.mark.django_db


def _memo(projects: int):
    area = factories.focus_area(title="Grundvand")
    for n in range(projects):
        project = factories.project(focus_areas=[area], title=f"Boring nummer {n}")
        if n % 2 == 0:
            factories.grant(project, amount="1500000", decided="2020")
    status_round = round_create(
        actor=SYSTEM,
        plan=area.plan,
        name="Status 2021",
        slug="s21",
        reference_date=project.created_at.date(),
        state=StatusRound.State.OPEN,
    )
    return build_memo_live(status_round)


def test_a_large_focus_area_lists_every_project_in_compact_tables():
    memo = _memo(COMPACT_FROM + 1)
    area = memo.themes[0].focus_areas[0]
    assert area.compact and area.project_count == COMPACT_FROM + 1
    html = render_html_fragment(memo)
    assert html.count('class="memo-compact"') == 1
    assert "memo-project" not in html  # no full entries
    for n in range(COMPACT_FROM + 1):
        assert f"Boring nummer {n}<" in html
    assert html.count("1,5 mio. kr.") == (COMPACT_FROM + 2) // 2
    text = docx_text(render_docx(memo))
    for n in range(COMPACT_FROM + 1):
        assert f"Boring nummer {n}" in text
    assert text.count("1,5 mio. kr.") == (COMPACT_FROM + 2) // 2


def test_a_small_focus_area_keeps_the_full_entries():
    memo = _memo(COMPACT_FROM)
    assert not memo.themes[0].focus_areas[0].compact
    html = render_html_fragment(memo)
    assert "memo-compact" not in html
    assert html.count('class="memo-project"') == COMPACT_FROM
