from decimal import Decimal

import pytest

from actionplan.core.services import SYSTEM
from actionplan.demo.loader import read
from actionplan.ingest import services
from actionplan.ingest.memo import Candidate, parse_memo_text
from actionplan.ingest.safety import read_path
from actionplan.projects.models import Grant
from tests.paths import SEEDS

MEMO = SEEDS / "rus-statusnotat-2021.txt"


def _plan_candidates():
    """The plan's own focus areas (the curated YAML), without the memo's added section."""
    candidates, themes = [], {}
    for name in read("plan.yaml")["themes"]:
        theme = read(name)
        themes[theme["slug"]] = [theme["title"], *(theme.get("aliases") or [])]
        for area in theme["focus_areas"]:
            candidates.append(
                Candidate(
                    area["slug"], theme["slug"], [area["title"], *(area.get("aliases") or [])]
                )
            )
    return candidates, themes


@pytest.fixture(scope="module")
def parsed():
    return parse_memo_text(MEMO.read_text(encoding="utf-8"), *_plan_candidates())


def _items(parsed):
    return [(s["focus_area"], item) for s in parsed["sections"] for item in s["items"]]


def test_every_amount_is_found_with_its_project_or_purpose(parsed):
    found = [
        (area, item["title"], Decimal(a["amount"]))
        for area, item in _items(parsed)
        for a in item["amounts"]
    ]
    assert [amount for _a, _t, amount in found] == [
        Decimal(1_100_000),
        Decimal(4_300_000),
        Decimal(1_500_000),
        Decimal(6_000_000),
        Decimal(6_000_000),
    ]
    titles = [title for _a, title, _m in found]
    assert titles[0] == "Energieffektiv konvertering og -lagring"
    assert titles[1] == "Cirkulær økonomi med lavt klimaftryk"
    assert titles[2] == "Helhedsorienteret grundvandsbeskyttelse - drikkevand på tværs"
    assert "Copenhagen Skills" in titles[3]
    assert "kulturbegivenheder" in titles[4]
    assert [area for area, _t, _m in found] == [
        "energiomstilling",
        "ressourcer",
        "grundvand",
        "faglaerte",
        "folkesundhed",
    ]


def test_the_named_projects_are_found_with_their_years(parsed):
    years = {item["title"]: item.get("year") for _area, item in _items(parsed)}
    assert years["Bedre mobilitet til ungdomsuddannelser"] == 2020
    assert (
        years["Tværgående samarbejde om udvikling og organisering af den kollektive transport"]
        == 2019
    )
    assert years["Grøn bølge til busserne"] == 2020
    assert years["Mobility as a Service"] == 2019
    assert years["Sammenhængende intelligent og kollektiv mobilitet i Greater Copenhagen"] == 2021
    assert years["Bedre og brugervenlige kollektivrejser i Greater Copenhagen"] == 2021
    assert years["Brintprojekt i STRING-korridoren"] == 2021
    assert (
        years[
            "Trafikprognoser og trafikinformation samt intelligent signalstyring og trafikledelse"
        ]
        == 2019
    )


def test_sections_worded_differently_are_matched_and_an_unknown_one_offered_as_new(parsed):
    by_heading = {s["heading"]: s for s in parsed["sections"]}
    assert by_heading["Medvirke til at anvende ressourcer bedre"]["focus_area"] == "ressourcer"
    assert by_heading["Gøre kollektiv transport et førstevalg for flere"]["focus_area"] == (
        "kollektiv-transport"
    )
    new = by_heading["Tværfagligt spor"]
    assert new["new"] is True and new["focus_area"] is None and new["theme"] == "uddannelse"
    assert any("Tværfagligt spor" in doubt for doubt in parsed["doubts"])
    matched = [s["focus_area"] for s in parsed["sections"] if s["focus_area"]]
    assert len(matched) == len(set(matched)) == 14


def test_status_words_are_read_and_missing_ones_flagged(parsed):
    items = {item["title"]: item for _area, item in _items(parsed)}
    assert items["Cirkulær økonomi med lavt klimaftryk"]["status_word"] == "bevilliget"
    assert "status_word" not in items["Grøn bølge til busserne"]
    assert any("Grøn bølge til busserne: no status word" in d for d in parsed["doubts"])


@pytest.mark.django_db
def test_a_memo_draft_commits_a_round_with_assessments_and_grants(demo):
    draft = services.memo_draft_create(
        actor=SYSTEM, upload=read_path(MEMO), plan_slug=demo.slug, round_name="Status ingest"
    )
    status_round = services.memo_draft_commit(actor=SYSTEM, draft=draft)
    with_text = [s for s in draft.data["sections"] if s["text"]]
    assert status_round.assessments.count() == len(with_text) > 10
    grants = Grant.objects.filter(project__updates__round=status_round)
    assert sorted(g.amount for g in grants if g.amount) == [
        Decimal("1100000.00"),
        Decimal("1500000.00"),
        Decimal("4300000.00"),
        Decimal("6000000.00"),
        Decimal("6000000.00"),
    ]
    assert grants.count() == 19
