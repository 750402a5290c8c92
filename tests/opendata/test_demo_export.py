"""`actionplan export json --plan rus-2020-2021`: the plan and the memo in the contract's shape,
checked against values read off the two seed documents."""

import json

import pytest

from actionplan import cli


@pytest.fixture
def document(demo, tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "_migrate", lambda: None)
    out = tmp_path / "plan.json"
    assert cli.main(["export", "json", "--plan", demo.slug, "-o", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def areas(document):
    return {a["slug"]: a for t in document["themes"] for a in t["focus_areas"]}


def test_plan_header(document):
    assert document["plan"] == {
        "slug": "rus-2020-2021",
        "title": "Handlingsplan 2020-2021",
        "organisation": "Region Hovedstaden",
        "period_start": "2020-01-01",
        "period_end": "2021-12-31",
        "strategy": "En region for den næste generation",
    }


def test_themes_focus_areas_and_goal_years_from_the_plan(document):
    assert document["themes"][0]["title"] == "Klima og miljø i balance"
    by_slug = areas(document)
    assert len([a for a in by_slug.values() if a["in_original_plan"]]) == 14
    assert by_slug["energiomstilling"]["goals"][0]["target_years"] == [2035, 2050]
    assert by_slug["sundhedsuddannelser"]["goals"] == []
    assert by_slug["grundvand"]["title"] == "Sikre grundvandet"
    assert "Innovationsfonden" in by_slug["grundvand"]["funding_sources"]
    assert by_slug["faglaerte"]["facts"][0].startswith("I 2025 vil der mangle 32.500 personer")


def test_projects_amounts_and_years_from_the_memo(document):
    projects = {p["id"]: p for p in document["projects"]}
    amounts = sorted(
        g["amount_dkk"] for p in projects.values() for g in p["grants"] if g["amount_dkk"]
    )
    assert amounts == [1_100_000, 1_500_000, 4_300_000, 6_000_000, 6_000_000]
    power_to_x = projects["power-to-x-overskudsvarme"]
    assert power_to_x["focus_areas"] == ["energiomstilling"]
    assert power_to_x["grants"][0]["decided"] == "2021-08"
    assert projects["dk2020"]["start"] == "2019"
    strandparken = projects["kystbeskyttelse-strandparken"]
    assert [(c["source"], c["status"]) for c in strandparken["cofunding"]] == [
        ("LIFE", "rejected"),
        ("LIFE", "planned"),
    ]


def test_assessments_from_the_memo(document):
    stem = next(a for a in document["assessments"] if a["focus_area"] == "stem")
    assert stem["round"] == "Status 2021" and stem["still_relevant"] is True


def test_no_line_break_hyphens_in_any_text(document):
    text = json.dumps(document, ensure_ascii=False)
    for broken in ("Po- wer", "be- vilget", "system- løsninger", "Ho- vedstaden"):
        assert broken not in text
