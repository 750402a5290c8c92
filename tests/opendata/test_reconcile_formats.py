"""The demo plan's JSON, CSV, XLSX and IATI exports carry the same projects and amounts."""

import csv
import io
from collections import Counter
from decimal import Decimal

import pytest
from lxml import etree
from openpyxl import load_workbook

from actionplan.opendata import csv_export, iati, json_export, xlsx_export
from actionplan.opendata.tables import GRANTS, PROJECTS


def _amount(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


@pytest.fixture
def exports(demo):
    document = json_export.build(demo)
    csv_text = "".join(csv_export.iter_csv(PROJECTS, demo))
    grants_text = "".join(csv_export.iter_csv(GRANTS, demo))
    buffer = io.BytesIO()
    xlsx_export.write_xlsx(buffer, demo)
    buffer.seek(0)
    workbook = load_workbook(buffer)
    xml = etree.fromstring(b"".join(iati.iter_iati(demo)))
    return {
        "json": document,
        "csv_projects": list(csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")))),
        "csv_grants": list(csv.DictReader(io.StringIO(grants_text.lstrip("\ufeff")))),
        "xlsx_projects": list(workbook[PROJECTS.title].iter_rows(min_row=2, values_only=True)),
        "xlsx_grants": list(workbook[GRANTS.title].iter_rows(min_row=2, values_only=True)),
        "iati": xml,
    }


def json_grants(document) -> Counter:
    return Counter(
        (p["id"], _amount(g["amount_dkk"])) for p in document["projects"] for g in p["grants"]
    )


def test_the_same_projects_in_every_format(exports):
    ids = {p["id"] for p in exports["json"]["projects"]}
    assert len(ids) > 30
    assert {row["Projekt-id"] for row in exports["csv_projects"]} == ids
    assert {row[0] for row in exports["xlsx_projects"]} == ids
    # IATI requires a start date: the projects without a known one are left out of it.
    started = {p["id"] for p in exports["json"]["projects"] if p["start"]}
    assert 10 < len(started) < len(ids)
    iati_ids = {a.findtext("iati-identifier") for a in exports["iati"].iter("iati-activity")}
    assert {i.removeprefix("DK-CVR-29190623-") for i in iati_ids} == started


def test_the_same_grants_and_amounts_in_json_csv_and_xlsx(exports):
    expected = json_grants(exports["json"])
    assert sum(expected.values()) > 0
    csv_grants = Counter(
        (row["Projekt-id"], _amount(row["Beløb (kr.)"])) for row in exports["csv_grants"]
    )
    xlsx_grants = Counter((row[0], _amount(row[3])) for row in exports["xlsx_grants"])
    assert csv_grants == expected
    assert xlsx_grants == expected


def test_the_same_totals_per_project_in_every_format(exports):
    # Unknown when a grant's amount is unknown (empty in CSV, like null in JSON), never 0.
    totals = {
        p["id"]: None
        if any(g["amount_dkk"] is None for g in p["grants"])
        else sum((_amount(g["amount_dkk"]) for g in p["grants"]), Decimal(0))
        for p in exports["json"]["projects"]
    }
    assert None in totals.values() and Decimal(0) in totals.values()
    csv_totals = {
        row["Projekt-id"]: _amount(row["Bevilget i alt (kr.)"]) for row in exports["csv_projects"]
    }
    xlsx_totals = {row[0]: _amount(row[7]) for row in exports["xlsx_projects"]}
    assert csv_totals == totals and xlsx_totals == totals


def test_iati_commitments_are_the_grants_with_a_known_amount(exports):
    by_project = {p["id"]: p for p in exports["json"]["projects"]}
    activities = list(exports["iati"].iter("iati-activity"))
    assert any(a.find("transaction") is not None for a in activities)
    for activity in activities:
        identifier = activity.findtext("iati-identifier")
        project = next(p for pid, p in by_project.items() if identifier.endswith("-" + pid))
        commitments = sorted(
            Decimal(t.findtext("value"))
            for t in activity.iter("transaction")
            if t.find("transaction-type").get("code") == iati.TRANSACTION_COMMITMENT
        )
        known = sorted(
            _amount(g["amount_dkk"]) for g in project["grants"] if g["amount_dkk"] is not None
        )
        assert commitments == known, project["id"]
