import io

import pytest
from django.utils import translation

from actionplan import cli
from actionplan.ingest.models import IngestDraft
from actionplan.projects.models import Project
from tests.paths import SEEDS

pytestmark = pytest.mark.django_db

CSV = "Projekttitel;Budget;Kontraktansvarlig partner\nGrøn bølge;1,1 mio. kr.;Movia\n"


@pytest.fixture(autouse=True)
def no_migrate(monkeypatch):
    monkeypatch.setattr(cli, "_migrate", lambda: None)


def test_ingest_projects_asks_and_imports_nothing_on_no(tmp_path, monkeypatch, capsys):
    path = tmp_path / "cli-list.csv"
    path.write_text(CSV, encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    assert cli.main(["ingest", "projects", str(path)]) == 0
    assert "Nothing imported" in capsys.readouterr().out
    assert not Project.objects.filter(external_id__startswith="cli-list:").exists()


def test_ingest_projects_with_yes_imports(tmp_path, capsys):
    path = tmp_path / "cli-list.csv"
    path.write_text(CSV, encoding="utf-8")
    assert cli.main(["ingest", "projects", str(path), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "1 projects; budgets 1.100.000 kr." in out
    assert Project.objects.get(external_id__startswith="cli-list:").budget_dkk == 1_100_000


def test_ingest_projects_reports_a_bad_row(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(CSV + "Tredje;1,500;Movia\n", encoding="utf-8")
    with translation.override("en"):
        assert cli.main(["ingest", "projects", str(path), "--yes"]) == 1
    assert "bad.csv, row 3, column “Budget”: “1,500” is ambiguous" in capsys.readouterr().err


def test_ingest_memo_prints_doubts_and_keeps_the_draft_on_no(demo, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    memo = SEEDS / "rus-statusnotat-2021.txt"
    args = ["ingest", "memo", str(memo), "--plan", demo.slug, "--round", "Status CLI"]
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "doubt(s):" in out and "Not committed" in out
    assert IngestDraft.objects.filter(kind="memo", state="draft").exists()


def test_organisations_are_listed_and_created(capsys):
    from actionplan.organisations.models import Organisation

    assert cli.main(["organisations", "create", "Region", "Nordkysten"]) == 0
    assert cli.main(["organisations", "create", "Region Sydhavet", "--slug", "sydhavet"]) == 0
    assert cli.main(["organisations"]) == 0
    out = capsys.readouterr().out
    assert "region-nordkysten" in out and "sydhavet" in out
    assert Organisation.objects.get(slug="region-nordkysten").kind == "region"


def test_a_missing_organisation_is_offered_and_nothing_read_on_no(monkeypatch, capsys):
    from actionplan.organisations.models import Organisation

    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    plan = str(SEEDS / "rus-handlingsplan-2020-2021.txt")
    assert cli.main(["ingest", "plan", plan, "--organisation", "Region Østersøen"]) == 0
    assert "Create it?" in capsys.readouterr().out
    assert not Organisation.objects.filter(name="Region Østersøen").exists()
    assert not IngestDraft.objects.exists()
