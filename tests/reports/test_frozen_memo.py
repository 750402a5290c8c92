"""A closed round's memo never changes: whatever happens to the data after the close, its
DOCX, PDF and HTML say exactly what they said at the close (lists, totals, counts)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from actionplan.core import services as core
from actionplan.core.services import SYSTEM
from actionplan.indicators.services import indicator_create, observation_create
from actionplan.plans.services import focus_area_update, goal_create
from actionplan.projects import services as projects
from actionplan.projects.models import CoFunding, ProjectStatus
from actionplan.reports.builder import build_memo
from actionplan.reports.render_docx import render_docx
from actionplan.reports.render_html import render_html
from actionplan.reports.render_pdf import render_pdf
from actionplan.rounds import services as rounds
from actionplan.rounds.models import FocusAreaAssessment, RoundSnapshot, StatusRound
from tests import factories

from .test_freezing import docx_text, pdf_text

pytestmark = pytest.mark.django_db


def html_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def memo_texts(status_round: StatusRound, *, pdf: bool = True) -> dict[str, str]:
    memo = build_memo(status_round)
    texts = {"html": html_text(render_html(memo)), "docx": docx_text(render_docx(memo))}
    if pdf:
        texts["pdf"] = pdf_text(render_pdf(memo))
    return texts


def change_everything(plan, area, project, pool, status_round) -> None:
    """Every kind of change staff and reporters make after a round has closed, each dated
    so that a live memo of the round would show it."""
    before = status_round.reference_date - dt.timedelta(days=30)
    # A new project in the round's focus area, with money decided before the reference date.
    new = projects.project_create(
        actor=SYSTEM,
        title="Efterfølgende projekt",
        slug="efterfoelgende",
        focus_areas=[area],
        status=ProjectStatus.STARTED,
        start=str(before.year),
    )
    projects.grant_create(
        actor=SYSTEM, project=new, source=pool, amount=Decimal(7000000), decided=before.isoformat()
    )
    projects.cofunding_create(
        actor=SYSTEM,
        project=new,
        source=factories.funding_source(name="Interreg"),
        status=CoFunding.Status.GRANTED,
        amount=Decimal(3300000),
    )
    # More money and another status on a project that was in the memo.
    projects.grant_create(
        actor=SYSTEM,
        project=project,
        source=pool,
        amount=Decimal(900000),
        decided=before.isoformat(),
    )
    projects.cofunding_create(
        actor=SYSTEM,
        project=project,
        source=factories.funding_source(name="LIFE"),
        status=CoFunding.Status.APPLIED,
        amount=Decimal(250000),
    )
    projects.project_update(
        actor=SYSTEM, project=project, title="Omdøbt efter lukning", status=ProjectStatus.COMPLETED
    )
    # An approved update outside any round.
    factories.status_update(
        project, date=before, status=ProjectStatus.COMPLETED, narrative="Afsluttet efter lukning."
    )
    # The round refuses new updates and assessments ...
    with pytest.raises(ValidationError):
        rounds.status_update_create(
            actor=SYSTEM,
            project=project,
            round=status_round,
            date=before,
            status=ProjectStatus.CANCELLED,
            narrative="For sent.",
        )
    with pytest.raises(ValidationError):
        rounds.assessment_save(
            actor=SYSTEM, round=status_round, focus_area=area, text="Ny vurdering efter lukning."
        )
    # ... and even a direct change of its assessment (the admin) leaves the memo alone.
    assessment = FocusAreaAssessment.objects.get(round=status_round, focus_area=area)
    core.update(assessment, actor=SYSTEM, text="Omskrevet vurdering.", still_relevant=False)
    # The plan itself moves on too: a renamed focus area, a new goal and a measurement.
    focus_area_update(actor=SYSTEM, focus_area=area, title="Omdøbt indsatsområde")
    goal = goal_create(actor=SYSTEM, focus_area=area, statement="Et nyt mål efter lukning")
    indicator = indicator_create(actor=SYSTEM, goal=goal, name="Ny indikator", measure="unit")
    observation_create(actor=SYSTEM, indicator=indicator, date=before, value="12")


@pytest.fixture
def closed_round():
    region = factories.organisation(kind="region")
    plan = factories.plan(organisation=region)
    area = factories.focus_area(factories.theme(plan), title="Sikre grundvandet")
    pool = factories.funding_source(name="RUS-puljen", kind="regional_pool")
    project = factories.project(
        focus_areas=[area], title="Drikkevand på tværs", status=ProjectStatus.GRANTED
    )
    factories.grant(project, amount="1500000", source=pool, decided="2020")
    status_round = rounds.round_open(
        actor=SYSTEM,
        plan=plan,
        name="Status 2021",
        slug="status-2021",
        reference_date=dt.date(2021, 9, 1),
        deadline=dt.date(2021, 9, 15),
    )
    rounds.assessment_save(
        actor=SYSTEM,
        round=status_round,
        focus_area=area,
        text="Fortsat relevant.",
        still_relevant=True,
    )
    rounds.round_close(actor=SYSTEM, round=status_round)
    return plan, area, project, pool, status_round


def test_nothing_done_after_the_close_changes_the_memo_in_any_format(closed_round):
    plan, area, project, pool, status_round = closed_round
    before = memo_texts(status_round)
    assert "Drikkevand på tværs" in before["pdf"] and "1,5 mio. kr." in before["docx"]

    change_everything(plan, area, project, pool, status_round)

    after = memo_texts(status_round)
    assert after == before
    for text in after.values():
        for later in ("Efterfølgende projekt", "Omdøbt", "7 mio. kr.", "Omskrevet vurdering"):
            assert later not in text


def test_a_live_memo_of_the_same_round_would_have_changed(closed_round):
    """The test above can fail: the same changes do reach a memo built from the live data."""
    from actionplan.reports.builder import build_memo_live

    plan, area, project, pool, status_round = closed_round
    change_everything(plan, area, project, pool, status_round)
    live = build_memo_live(status_round)
    titles = [line.title for line in live.themes[0].focus_areas[0].granted]
    assert "Efterfølgende projekt" in titles
    assert live.totals.projects == 2 and live != build_memo(status_round)


def test_a_round_closed_without_a_stored_memo_is_frozen_at_its_first_rendering(closed_round):
    """Rounds closed before memos were stored (or loaded closed) get theirs when first
    rendered; from then on they do not change."""
    plan, area, project, pool, status_round = closed_round
    RoundSnapshot.objects.filter(round=status_round).delete()
    first = memo_texts(status_round, pdf=False)
    assert RoundSnapshot.objects.filter(round=status_round).exists()
    change_everything(plan, area, project, pool, status_round)
    assert memo_texts(status_round, pdf=False) == first


def test_an_open_rounds_memo_is_live_and_stores_nothing(closed_round):
    plan, _area, project, _pool, _closed = closed_round
    status_round = rounds.round_open(
        actor=SYSTEM, plan=plan, name="Status 2022", slug="s22", reference_date=dt.date(2022, 9, 1)
    )
    build_memo(status_round)
    assert not RoundSnapshot.objects.filter(round=status_round).exists()
    projects.project_update(actor=SYSTEM, project=project, title="Nyt navn")
    assert "Nyt navn" in memo_texts(status_round, pdf=False)["html"]


def test_the_demos_published_2021_memo_is_frozen(demo):
    from actionplan.plans.models import FocusArea

    status_round = StatusRound.objects.get(plan=demo, slug="status-2021")
    assert status_round.state == StatusRound.State.PUBLISHED
    assert RoundSnapshot.objects.filter(round=status_round).exists()
    before = memo_texts(status_round)
    area = FocusArea.objects.filter(plan=demo, assessments__round=status_round).first()
    project = area.projects.first()
    pool = factories.funding_source(name="RUS-puljen 2", kind="regional_pool")
    change_everything(demo, area, project, pool, status_round)
    assert memo_texts(status_round) == before
