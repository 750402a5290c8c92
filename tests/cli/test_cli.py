import json
import os
import subprocess
import sys

import pytest

from actionplan import cli
from actionplan.core.errors import EmptyDatabaseError
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_migrate(monkeypatch):
    # The test database is already migrated; the CLI must not migrate the real one.
    monkeypatch.setattr(cli, "_migrate", lambda: None)


def test_plans_lists_one_plan_a_line_slug_first(capsys):
    factories.plan(slug="rus-2020-2021", title="Handlingsplan 2020-2021")
    factories.plan(slug="rus-2022-2023", title="Handlingsplan 2022-2023")
    assert cli.main(["plans"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert sorted(line.split("\t")[0] for line in lines) == ["rus-2020-2021", "rus-2022-2023"]


def test_export_json_for_one_plan_to_a_file(tmp_path):
    area = factories.focus_area(slug="grundvand")
    factories.project(focus_areas=[area], title="Drikkevand på tværs")
    out = tmp_path / "plan.json"
    assert cli.main(["export", "json", "--plan", area.plan.slug, "-o", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["plan"]["slug"] == area.plan.slug
    assert [p["title"] for p in document["projects"]] == ["Drikkevand på tværs"]


def test_an_unknown_plan_is_one_line_without_traceback(capsys):
    factories.plan()
    assert cli.main(["export", "json", "--plan", "nope"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "actionplan: error: No plan with the slug 'nope'."
    assert "Traceback" not in err


def test_an_unwritable_output_file_is_one_line(capsys, tmp_path):
    plan = factories.plan()
    assert cli.main(["export", "json", "--plan", plan.slug, "-o", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("actionplan: error: Cannot write") and len(err.splitlines()) == 1


def test_check_passes_on_a_clean_tree(capsys):
    assert cli.main(["check"]) == 0
    assert "migrations are up to date" in capsys.readouterr().out


def test_a_bad_command_exits_non_zero():
    with pytest.raises(SystemExit) as exit_:
        cli.main(["frobnicate"])
    assert exit_.value.code == 2


def test_export_csv_writes_the_projects_table_with_danish_headers(demo, tmp_path):
    target = tmp_path / "projekter.csv"
    assert cli.main(["export", "csv", "--plan", demo.slug, "-o", str(target)]) == 0
    header = target.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("Projekt-id,Titel,")
    assert "power-to-x-overskudsvarme" in target.read_text(encoding="utf-8-sig")


def test_export_xlsx_needs_a_file(demo, capsys):
    assert cli.main(["export", "xlsx"]) == 1
    assert "name a file with -o" in capsys.readouterr().err


def test_a_command_on_an_empty_database_says_what_to_run_first(capsys):
    assert cli.main(["plans"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "actionplan: error: " + str(EmptyDatabaseError())
    assert "actionplan demo" in err
    assert cli.main(["export", "json", "--plan", "nope"]) == 1
    assert str(EmptyDatabaseError()) in capsys.readouterr().err


def test_a_command_on_an_unmigrated_database_says_what_to_run_first(tmp_path):
    from tests.faults.conftest import ROOT

    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "ACTIONPLAN_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
    }
    for command in (
        ["plans"],
        ["export", "json"],
        ["report", "memo", "--plan", "x", "--round", "y", "--format", "pdf", "-o", "m.pdf"],
    ):
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "actionplan.cli", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 1, command
        assert result.stderr.strip() == "actionplan: error: " + str(EmptyDatabaseError())
        assert "Traceback" not in result.stderr
