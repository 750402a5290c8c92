"""Text that XML cannot carry: refused at input (services behind forms, API and imports),
dropped from every export as a second line of defence, cleaned from stored data by a
migration."""

import importlib
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from actionplan.core import xmltext
from actionplan.core.models import AuditEvent
from actionplan.ingest.errors import IngestError
from actionplan.ingest.safety import check_upload
from actionplan.ingest.spreadsheets import mapping_for, rows_parse
from actionplan.ingest.tables import read_table
from actionplan.organisations.models import Organisation
from actionplan.plans.models import FocusArea
from actionplan.projects.models import Project
from actionplan.rounds.models import FocusAreaAssessment, StatusRound, StatusUpdate
from tests import factories
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db

BAD = "Grøn\x1b omstilling\ufffe"


@pytest.mark.parametrize("char", ["\x00", "\x08", "\x0b", "\x1b", "\x1f", "\ufffe", "\uffff"])
def test_characters_xml_cannot_carry_are_found(char):
    assert xmltext.find(f"a{char}b") is not None


@pytest.mark.parametrize("text", ["tab\there", "linje\nlinje\r\n", "æøå ÆØÅ € 🌍", ""])
def test_ordinary_text_passes(text):
    assert xmltext.find(text) is None
    xmltext.validate(text)


def test_a_service_refuses_the_text_and_names_the_field():
    with translation.override("da"), pytest.raises(ValidationError) as error:
        factories.project(title="Projekt\x1b med escape")
    message = error.value.message_dict["title"][0]
    assert "kontroltegn (U+001B på plads 8)" in message
    assert not Project.objects.filter(title__startswith="Projekt\x1b").exists()


def test_the_api_refuses_a_status_update_with_a_control_character():
    project = factories.project()
    editor = factories.user(is_staff=True, is_superuser=True)
    response = Client().post(
        f"/api/v1/projects/{project.slug}/updates",
        data={"date": "2021-09-01", "status": "started", "text": "Rapport\x1b[31m"},
        content_type="application/json",
        **bearer(editor),
    )
    assert 400 <= response.status_code < 500
    assert "U+001B" in json.dumps(response.json())
    assert not StatusUpdate.objects.filter(project=project).exists()


def test_an_import_refuses_the_row_and_names_the_column():
    data = "Projekttitel;Budget\nGod titel;1000\nDårlig\x1btitel;2000\n".encode()
    table = read_table(check_upload("projekter.csv", data))
    with translation.override("da"), pytest.raises(IngestError) as error:
        rows_parse(table, mapping_for(table, "kontrol", {}))
    (problem,) = getattr(error.value, "problems", [error.value])
    assert problem.row == 3
    assert problem.column == "Projekttitel"
    assert "U+001B" in str(error.value)


@pytest.fixture
def stored_badly(demo):
    """Characters XML cannot carry put straight into the database (as older versions let
    them in) in texts every export carries."""
    project = Project.objects.filter(is_published=True).first()
    Project.objects.filter(pk=project.pk).update(title=BAD, description=BAD)
    StatusUpdate.objects.filter(project=project).update(narrative=BAD)
    FocusArea.objects.filter(plan=demo).update(challenge=BAD)
    FocusAreaAssessment.objects.update(text=BAD)
    Organisation.objects.filter(pk=project.lead_id).update(name=BAD)
    return demo


def test_every_export_works_with_bad_characters_stored(stored_badly):
    import openpyxl
    from lxml import etree

    from actionplan.opendata import csv_export, iati, stream, xlsx_export
    from actionplan.opendata.tables import TABLES
    from actionplan.reports.builder import build_memo
    from actionplan.reports.render_docx import render_docx
    from actionplan.reports.render_pdf import render_pdf

    plan = stored_badly
    output = io.BytesIO()
    xlsx_export.write_xlsx(output, plan)
    workbook = openpyxl.load_workbook(io.BytesIO(output.getvalue()), read_only=True)
    assert any("Grøn omstilling" in str(c) for row in workbook.worksheets[0].values for c in row)

    document = etree.fromstring(b"".join(iati.iter_iati(plan)))
    assert "Grøn omstilling" in etree.tostring(document, encoding="unicode")

    text = "".join(stream.iter_json(plan, indent=None))
    assert json.loads(text)["projects"]
    for table in TABLES.values():
        "".join(csv_export.iter_csv(table, plan))

    status_round = StatusRound.objects.filter(plan=plan).first()
    memo = build_memo(status_round)
    assert render_docx(memo).startswith(b"PK")
    assert render_pdf(memo).startswith(b"%PDF")


def test_the_download_pages_work_with_bad_characters_stored(stored_badly, client):
    for url in ("/data/alle.xlsx", "/data/alle-iati.xml", "/data/alle.json"):
        response = client.get(url)
        assert response.status_code == 200, url
        b"".join(response.streaming_content) if response.streaming else response.content


def test_the_migration_cleans_stored_text():
    project = factories.project()
    Project.objects.filter(pk=project.pk).update(title=BAD, description="ren\x07 tekst")
    AuditEvent.objects.filter(object_id=str(project.pk)).update(changes={"title": [None, BAD]})
    migration = importlib.import_module("actionplan.core.migrations.0002_clean_xml_text")
    from django.apps import apps

    migration.clean_stored_text(apps, None)
    project.refresh_from_db()
    assert (project.title, project.description) == ("Grøn omstilling", "ren tekst")
    changes = AuditEvent.objects.filter(object_id=str(project.pk)).values_list("changes", flat=True)
    assert {"title": [None, "Grøn omstilling"]} in list(changes)


def test_a_documents_stray_control_characters_are_dropped_when_read():
    from actionplan.ingest.text import clean_lines

    assert [line.text for line in clean_lines("Klima\x1b og miljø\n\fSide to\x07")] == [
        "Klima og miljø",
        "Side to",
    ]
