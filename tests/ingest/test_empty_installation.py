"""From the raw seed documents into an empty installation, through the command line: the
plan with every theme, focus area, goal, fact, activity (sub-activities as children),
partner and funding source; the memo with every section, named project and amount."""

from decimal import Decimal
from pathlib import Path

import pytest

from actionplan import cli
from actionplan.demo.loader import read
from actionplan.ingest.models import IngestDraft
from actionplan.organisations.models import FundingSource, Organisation
from actionplan.plans.models import ActionPlan, FocusArea, PlannedActivity, Theme
from actionplan.projects.models import Grant, Project
from actionplan.rounds.models import StatusRound
from tests.paths import SEEDS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_migrate(monkeypatch):
    monkeypatch.setattr(cli, "_migrate", lambda: None)


def _curated():
    return [read(name) for name in read("plan.yaml")["themes"]]


@pytest.fixture
def loaded(capsys):
    assert not Organisation.objects.exists() and not FundingSource.objects.exists()
    plan_file = str(SEEDS / "rus-handlingsplan-2020-2021.txt")
    memo_file = str(SEEDS / "rus-statusnotat-2021.txt")
    assert (
        cli.main(["ingest", "plan", plan_file, "--organisation", "Region Hovedstaden", "--yes"])
        == 0
    )
    plan = ActionPlan.objects.get()
    assert (
        cli.main(
            ["ingest", "memo", memo_file, "--plan", plan.slug, "--round", "Status 2021", "--yes"]
        )
        == 0
    )
    capsys.readouterr()
    return plan


def test_the_plan_has_every_theme_focus_area_and_section(loaded):
    curated = _curated()
    assert loaded.organisation.name == "Region Hovedstaden"
    assert (loaded.period_start.year, loaded.period_end.year) == (2020, 2021)
    assert [t.title for t in Theme.objects.filter(plan=loaded).order_by("order")] == [
        t["title"] for t in curated
    ]
    areas = list(
        FocusArea.objects.filter(plan=loaded, in_original_plan=True).order_by(
            "theme__order", "order"
        )
    )
    wanted = [a for t in curated for a in t["focus_areas"]]
    assert [a.title for a in areas] == [a["title"] for a in wanted]
    for area, want in zip(areas, wanted, strict=True):
        assert [f.text for f in area.facts.order_by("order")] == [
            f["text"] for f in want.get("facts") or []
        ]
        assert [g.statement for g in area.goals.order_by("order")] == [
            g["statement"] for g in want.get("goals") or []
        ]
        assert [p.name for p in area.suggested_partners.order_by("order")] == want["partners"]
        assert [f.name for f in area.suggested_funding.order_by("order")] == [
            f["text"] for f in want.get("funding_sources") or []
        ]
        tops = PlannedActivity.objects.filter(focus_area=area, parent=None).order_by("order")
        assert len(tops) == len(want["activities"])
        for top, activity in zip(tops, want["activities"], strict=True):
            assert top.text == activity.get("text", activity.get("heading"))
            assert [i.text for i in top.items.order_by("order")] == (activity.get("items") or [])


def test_the_memo_keeps_every_amount_and_named_project(loaded):
    status_round = StatusRound.objects.get(plan=loaded)
    grants = Grant.objects.filter(project__updates__round=status_round)
    assert grants.count() == 19
    assert sum(g.amount or 0 for g in grants) == Decimal("18900000")
    assert FundingSource.objects.filter(kind="regional_pool").count() == 1
    titles = set(Project.objects.values_list("title", flat=True))
    for name in [
        "DK2020",
        "Helhedsorienteret kystbeskyttelse i Strandparken",
        "Cirkulær økonomi med lavt klimaftryk",
        "Copenhagen Skills",
        "Bedre mobilitet til ungdomsuddannelser",
        "Grøn bølge til busserne",
        "Mobility as a Service",
        "Brintprojekt i STRING-korridoren",
        "Nedsættelse af et udsatteråd",
        "Strategi for det nære sundhedsvæsen",
        "SFI 2.0",
        "Hverdagens ideer",
        "Personlig medicin i Østdanmark",
        "Fælles interreg-projekt om et sammenhængende transportsystem (ESTSGC)",
        # an enumeration of named efforts in one sentence, and one inside another item
        "Undervisningsforløb i gymnasierne",
        "Forløb om rollemodeller",
        "Flere kvinder i STEM",
        "Opbygningen af Nationalt Genom Center",
    ]:
        assert name in titles
    # as many projects as the curated memo names (the plan itself names none)
    assert len(titles) == len(read("memo-2021.yaml")["projects"]) == 42
    headings = {a.title for a in FocusArea.objects.all()} | {t.title for t in Theme.objects.all()}
    assert not titles & headings
    # every memo section: the 14 focus areas and the one it adds; an assessment for each
    # section with text of its own, as in the curated memo
    draft = IngestDraft.objects.get(kind="memo")
    assert len(draft.data["sections"]) == 15
    assert status_round.assessments.count() == len(read("memo-2021.yaml")["assessments"]) == 13
    assert FocusArea.objects.filter(plan=loaded, title="Tværfagligt spor").exists()


def test_the_next_plan_period_and_another_region_load_beside_it(loaded, capsys):
    here = Path(__file__).parent / "corpus"
    assert (
        cli.main(
            [
                "ingest",
                "plan",
                str(here / "render-markdown.txt"),
                "--organisation",
                "region-hovedstaden",
                "--yes",
            ]
        )
        == 0
    )
    assert (
        cli.main(
            [
                "ingest",
                "plan",
                str(here / "nordkysten-2024-2025.txt"),
                "--organisation",
                "Region Nordkysten",
                "--yes",
            ]
        )
        == 0
    )
    assert ActionPlan.objects.count() == 3
    assert Organisation.objects.filter(name="Region Nordkysten").exists()
    assert "Created organisation" in capsys.readouterr().out
