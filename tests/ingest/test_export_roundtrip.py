"""The open-data projects CSV read back through the project import changes nothing."""

import csv
import io

import pytest
from django.utils import translation

from actionplan.core.models import AuditEvent
from actionplan.core.services import SYSTEM
from actionplan.ingest import spreadsheets
from actionplan.ingest.errors import IngestError
from actionplan.ingest.safety import check_upload
from actionplan.ingest.tables import read_table
from actionplan.opendata.csv_export import iter_csv
from actionplan.opendata.tables import PROJECTS
from actionplan.projects.models import Grant, Project

pytestmark = pytest.mark.django_db


def _export(plan) -> str:
    return "".join(iter_csv(PROJECTS, plan))


def _edited(text: str, slug: str, header: str, value: str) -> str:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    column = rows[0].index(header)
    for row in rows[1:]:
        if row[0] == slug:
            row[column] = value
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def _import(text: str, name: str = "p.csv"):
    """As `actionplan ingest projects` does it: suggested mapping, parse, import."""
    table = read_table(check_upload(name, text.lstrip("\ufeff").encode("utf-8-sig")))
    mapping = spreadsheets.mapping_for(table, "p")
    rows = spreadsheets.rows_parse(table, mapping)
    return spreadsheets.projects_import(actor=SYSTEM, file=table.name, rows=rows)


def _state():
    projects = {
        p.slug: (
            p.title,
            p.description,
            p.status,
            p.start,
            p.start_precision,
            p.end,
            p.end_precision,
            p.budget_dkk,
            p.lead_id,
            p.sdgs,
            p.external_id,
            p.updated_at,
            sorted((link.focus_area_id, link.is_primary) for link in p.focus_area_links.all()),
            sorted((x.organisation_id, x.role) for x in p.participations.all()),
        )
        for p in Project.objects.prefetch_related("focus_area_links", "participations")
    }
    return AuditEvent.objects.count(), Grant.objects.count(), projects


def test_the_export_maps_its_own_headers():
    mapping = spreadsheets.mapping_suggest(list(PROJECTS.headers))
    assert mapping == {
        "external_id": "Projekt-id",
        "title": "Titel",
        "status": "Status",
        "start": "Start",
        "end": "Slut",
        "budget": "Budget (kr.)",
        "granted_total": "Bevilget i alt (kr.)",
        "lead": "Projektleder (organisation)",
        "focus_areas": "Indsatsområder",
        "sdgs": "Verdensmål",
        "description": "Beskrivelse",
    }


def test_reimporting_the_exported_csv_changes_nothing(demo):
    text = _export(demo)
    before = _state()
    result = _import(text)
    assert before == _state()
    assert (result.created, result.updated, result.unchanged) == (0, 0, result.rows)
    assert result.rows == len(text.splitlines()) - 1 > 0


def test_a_changed_title_updates_exactly_that_project(demo):
    text = _export(demo)
    slug = next(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))["Projekt-id"]
    events, grants, before = _state()
    result = _import(_edited(text, slug, "Titel", "En ny titel"))
    after_events, after_grants, after = _state()
    assert (result.updated, result.created) == (1, 0)
    assert after[slug][0] == "En ny titel"
    assert {s for s in before if before[s] != after[s]} == {slug}
    assert (after_events, after_grants) == (events + 1, grants)
    assert AuditEvent.objects.order_by("-pk").first().changes == {
        "title": [before[slug][0], "En ny titel"]
    }


def _first_granted(text: str) -> dict:
    rows = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    return next(r for r in rows if r["Bevilget i alt (kr.)"] not in ("", "0"))


def test_a_granted_total_that_differs_from_the_grants_is_refused_by_row(demo):
    text = _export(demo)
    row = _first_granted(text)
    before = _state()
    with translation.override("en"), pytest.raises(IngestError) as error:
        _import(_edited(text, row["Projekt-id"], "Bevilget i alt (kr.)", "1"))
    assert "grants add up to" in str(error.value)
    assert len(error.value.problems) == 1  # one row named
    assert before == _state()


def test_an_unknown_id_among_this_installations_ids_is_refused(demo):
    text = _export(demo)
    row = _first_granted(text)
    before = _state()
    with translation.override("en"), pytest.raises(IngestError) as error:
        _import(_edited(text, row["Projekt-id"], "Projekt-id", "no-such-project"))
    assert "“no-such-project” is not the id of a project here" in str(error.value)
    assert before == _state()
