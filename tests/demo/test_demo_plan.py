"""The demo is the seed plan and memo, complete and exact: values here are read off the
two documents in shared/seeds."""

import re
from decimal import Decimal

import pytest

from actionplan.core.services import SYSTEM
from actionplan.demo.loader import load_demo
from actionplan.indicators.models import Indicator
from actionplan.plans.models import Fact, FocusArea, PlannedActivity
from actionplan.projects.models import Grant, Project
from actionplan.rounds.models import FocusAreaAssessment, StatusUpdate
from tests.paths import SEEDS

THEMES = [
    "Klima og miljø i balance",
    "Uddannelse og kompetencer til fremtiden",
    "Effektiv og bæredygtig mobilitet",
    "Nye muligheder for et sundt liv",
]


def test_four_themes_in_plan_order(demo):
    assert [t.title for t in demo.themes.order_by("order")] == THEMES


def test_fourteen_focus_areas_from_the_plan_and_one_added_by_the_memo(demo):
    areas = FocusArea.objects.filter(plan=demo)
    assert areas.filter(in_original_plan=True).count() == 14
    assert list(areas.filter(in_original_plan=False).values_list("title", flat=True)) == [
        "Tværfagligt spor"
    ]


def test_focus_areas_per_theme(demo):
    counts = {
        t.slug: t.focus_areas.filter(in_original_plan=True).count() for t in demo.themes.all()
    }
    assert counts == {"klima-og-miljo": 4, "uddannelse": 4, "mobilitet": 3, "sundt-liv": 3}


@pytest.mark.parametrize(
    ("slug", "years"),
    [
        ("energiomstilling", [2035, 2050]),
        ("klimatilpasning", [2030]),
        ("ressourcer", [2035]),
        ("grundvand", [2030]),
        ("faglaerte", [2025]),
        ("attraktive-uddannelser", [2030]),
        ("kollektiv-transport", [2035]),
        ("maalrettet-behandling", [2030]),
        ("teknologi-og-data", []),
    ],
)
def test_goal_target_years(demo, slug, years):
    assert [g.target_years for g in FocusArea.objects.get(plan=demo, slug=slug).goals.all()] == [
        years
    ]


def test_the_health_education_focus_area_has_no_goal(demo):
    area = FocusArea.objects.get(
        plan=demo, title="Bidrage til gode læringsforløb i sundhedssektoren"
    )
    assert not area.goals.exists()


def test_goal_statements_are_exact(demo):
    goal = FocusArea.objects.get(plan=demo, slug="grundvand").goals.get()
    assert goal.statement == (
        "Vi vil sikre 85% af grundvandet mod klorerede opløsningsmidler "
        "og lign. stoffer inden 2030."
    )


def test_every_fact_of_the_plan(demo):
    # The plan has 20 "Fakta:" paragraphs.
    assert Fact.objects.filter(focus_area__plan=demo).count() == 20
    bus = Fact.objects.get(focus_area__slug="kollektiv-transport", text__contains="23.400")
    assert (bus.value, bus.year) == (Decimal(23400), 2018)


def test_activities_with_sub_items_and_group_headings(demo):
    events = PlannedActivity.objects.get(
        focus_area__slug="folkesundhed", text__startswith="Medfinansiering af kultur"
    )
    assert [i.text for i in events.items.all()] == [
        "EM i fodbold",
        "VM i idrætsgymnastik 2021",
        "VM i kano og kajak 2021",
        "Tour de France – Grand Départ 2021",  # noqa: RUF001 - the plan's own dash
        "WorldPride 2021",
    ]
    headings = PlannedActivity.objects.filter(
        focus_area__slug="attraktive-uddannelser", is_heading=True
    )
    assert [h.items.count() for h in headings] == [3, 3]


def test_suggested_partners_and_funding_as_written(demo):
    area = FocusArea.objects.get(plan=demo, slug="grundvand")
    assert area.suggested_partners.first().name == "Staten (Miljøstyrelsen) og kommuner"
    funding = [f.name for f in area.suggested_funding.all()]
    assert funding[0] == "Innovationsfonden" and len(funding) == 4


@pytest.mark.parametrize(
    ("title_part", "amount", "decided"),
    [
        ("Power-to-X", 1_100_000, "2021-08"),
        ("Cirkulær økonomi", 4_300_000, None),
        ("drikkevand på tværs", 1_500_000, "2020"),
        ("Copenhagen Skills", 6_000_000, None),
        ("kulturbegivenheder", 6_000_000, "2020"),
    ],
)
def test_the_memo_amounts(demo, title_part, amount, decided):
    grant = Grant.objects.get(project__title__icontains=title_part, amount__isnull=False)
    assert grant.amount == amount
    assert (grant.decided.iso() if grant.decided else None) == decided
    assert grant.source.slug == "rus-puljen"


def test_rejected_life_application_and_planned_reapplication(demo):
    project = Project.objects.get(title__contains="Strandparken")
    assert [(c.source.slug, c.status, c.year) for c in project.cofunding.order_by("id")] == [
        ("life", "rejected", None),
        ("life", "planned", 2022),
    ]


@pytest.mark.parametrize(
    ("slug", "status", "start", "end"),
    [
        ("dk2020", "started", "2019", None),
        ("samarbejde-kollektiv-transport", "completed", "2019", None),
        ("klimatilpasning-paa-tvaers-planlaegning", "granted", "2021", None),
        ("dele-og-samkoersel", "started", None, "2021-12"),
        ("mobility-as-a-service", "started", "2019", None),
    ],
)
def test_project_status_and_years(demo, slug, status, start, end):
    project = Project.objects.get(slug=slug)
    assert project.status == status
    assert (project.start_partial.iso() if project.start else None) == start
    assert (project.end_partial.iso() if project.end else None) == end


def test_every_memo_project_is_under_its_focus_area(demo):
    assert Project.objects.filter(focus_area_links__focus_area__plan=demo).distinct().count() == 42
    titles = set(
        FocusArea.objects.get(plan=demo, slug="teknologi-og-data").projects.values_list(
            "title", flat=True
        )
    )
    assert {
        "Grøn bølge til busserne",
        "Interaktivt cykelregnskab",
        "Mobility as a Service",
    } <= titles


def test_assessments_and_still_relevant(demo):
    assessments = FocusAreaAssessment.objects.filter(round__plan=demo)
    assert assessments.count() == 13
    stem = assessments.get(focus_area__slug="stem")
    assert stem.still_relevant is True
    assert "Det er fortsat relevant" in stem.text


def test_each_memo_project_has_its_update_in_the_round(demo):
    assert StatusUpdate.objects.filter(round__plan=demo).count() == 42
    update = StatusUpdate.objects.get(project__slug="dk2020")
    assert "6 kommuner har udarbejdet klimaplaner" in update.narrative


def test_the_eud_goal_has_its_indicator_and_the_memo_observation(demo):
    indicator = Indicator.objects.get(goal__focus_area__slug="faglaerte")
    assert (indicator.target_value, indicator.target_year) == (30, 2025)
    assert [o.value for o in indicator.observations.all()] == [14]


def _letters(text: str) -> str:
    return re.sub(r"[^0-9a-zæøåéü]", "", text.lower())


@pytest.mark.skipif(not SEEDS.exists(), reason="shared/seeds is not beside the repository")
def test_plan_and_memo_texts_come_from_the_seed_documents(demo):
    raw = "".join(
        (SEEDS / name).read_text(encoding="utf-8")
        for name in ("rus-handlingsplan-2020-2021.txt", "rus-statusnotat-2021.txt")
    )
    seeds = _letters(re.sub(r"(?m)^\s*\d+\s*$", "", raw))  # without page numbers
    texts = []
    for area in FocusArea.objects.filter(plan=demo):
        texts += [area.challenge, area.approach, area.funding_text]
        texts += [f.text for f in area.facts.all()] + [g.statement for g in area.goals.all()]
        texts += [a.text for a in area.activities.all()]
        texts += [p.name for p in area.suggested_partners.all()]
    texts += [a.text for a in FocusAreaAssessment.objects.filter(round__plan=demo)]
    paragraphs = [p for text in texts for p in text.split("\n\n") if p]
    missing = [p[:60] for p in paragraphs if _letters(p) not in seeds]
    assert missing == []


def test_texts_have_no_line_break_hyphens_or_page_numbers(demo):
    broken = re.compile(r"[a-zæøå]- (?!og |eller |samt |til |\w+-)[a-zæøå]|\n\d+\n")
    texts = [a.challenge + a.approach for a in FocusArea.objects.filter(plan=demo)]
    texts += [u.narrative for u in StatusUpdate.objects.filter(round__plan=demo)]
    assert [t[:60] for t in texts if broken.search(t)] == []


@pytest.mark.django_db
def test_reloading_the_demo_replaces_it_without_duplicates(demo_db):
    load_demo(actor=SYSTEM)
    assert FocusArea.objects.filter(plan__slug=demo_db.slug).count() == 15
    assert Project.objects.filter(slug="dk2020").count() == 1
