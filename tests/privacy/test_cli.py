import json

import pytest

from actionplan import cli
from actionplan.privacy.models import ContactPerson
from actionplan.projects.models import ProjectStatus
from tests import factories

pytestmark = pytest.mark.django_db


def test_export_writes_the_persons_json_to_a_file(tmp_path):
    factories.contact(name="Anna Jensen", email="anna@example.dk")
    out = tmp_path / "anna.json"
    assert cli.main(["privacy", "export", "anna@example.dk", "-o", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert [c["name"] for c in document["contacts"]] == ["Anna Jensen"]
    assert out.stat().st_mode & 0o077 == 0  # personal data: owner only


def test_erase_without_yes_asks_and_erases_nothing_when_not_confirmed(capsys):
    contact = factories.contact(name="Anna Jensen", email="anna@example.dk")
    assert cli.main(["privacy", "erase", "anna@example.dk"]) == 1
    assert "confirm with --yes" in capsys.readouterr().err
    assert ContactPerson.objects.get(pk=contact.pk).name == "Anna Jensen"


def test_erase_with_yes_anonymises(capsys):
    contact = factories.contact(name="Anna Jensen", email="anna@example.dk")
    code = cli.main(
        ["privacy", "erase", "anna@example.dk", "--yes", "--legal-basis", "Bogføringsloven"]
    )
    assert code == 0
    contact.refresh_from_db()
    assert contact.email == "" and contact.legal_basis == "Bogføringsloven"
    assert "1 to keep under a legal basis" in capsys.readouterr().out


def test_a_bad_email_is_one_line_without_traceback(capsys):
    assert cli.main(["privacy", "export", "not-an-email"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("actionplan: error:") and len(err.strip().splitlines()) == 1


def test_retention_prints_what_it_did(capsys, settings):
    settings.ACTIONPLAN_CONTACT_RETENTION_DAYS = 30
    project = factories.project(
        title="Gammelt projekt",
        status=ProjectStatus.COMPLETED,
        start="2019-01-01",
        end="2019-12-31",
    )
    factories.contact(project)
    assert cli.main(["privacy", "retention"]) == 0
    out = capsys.readouterr().out
    assert "Anonymised 1 contact persons" in out and "Gammelt projekt: 1" in out
    assert cli.main(["privacy", "retention"]) == 0
    assert "No contact persons are due" in capsys.readouterr().out
