"""The spreadsheet import written in batches (issue 17): the same database as the import that
wrote row by row, all or nothing, no duplicates on a second run, and a number of queries
that does not grow with the rows."""

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from actionplan.core.models import AuditEvent
from actionplan.core.services import SYSTEM
from actionplan.ingest import spreadsheets
from actionplan.ingest.errors import IngestError
from actionplan.ingest.safety import check_upload
from actionplan.ingest.tables import read_table
from actionplan.organisations import services as organisations
from actionplan.organisations.models import FundingSource, Organisation
from actionplan.plans import services as plans
from actionplan.projects.models import (
    CoFunding,
    FocusAreaTotals,
    Grant,
    MunicipalityTotals,
    Participation,
    PlanStatusTotals,
    Project,
    ProjectFocusArea,
    ProjectMunicipality,
)
from tests import factories
from tests.ingest.bulk_import_expected import EXPECTED

pytestmark = pytest.mark.django_db

HEAD = (
    "Projekt-id;Projekttitel;Projektbeskrivelse;Startdato;Slutdato;Status;Budget (kr.);"
    "EU-medfinansiering;Projektejer;CVR-nummer;Partnere;Indsatsområder;Verdensmål;Postnummer;"
    "Bevillingskilde;Bevilget beløb (kr.);Bevillingsdato\n"
)
FIRST = HEAD + (
    "P-1;Grøn bølge til busserne;Busser får grønt lys i de største kryds.;1. kvartal 2022;"
    '31.12.2023;igangsat;2.500.000,50;1.250.000,25;Movia;12345678;"Københavns Kommune.\nDTU.";'
    'Rent vand i havnen;"11; 13";2100;RUS-puljen;op til 1,1 mio. kr.;august 2021\n'
    "P-2;Kildeplads ved Æbelø;;2020;;;750.000;;Roskilde Universitet;87654321;"
    "Gentofte Kommune.;groen-omstilling;;;;;\n"
    "P-3;Øresundsforbindelsen i tal;Data om pendlere;01.03.2019;28.02.2021;;1.000.000,75;"
    "500.000;Region Hovedstaden;;;Grøn omstilling;;;;;\n"
    ";Små skridt for ålen;;2021;2022;afsluttet;;;DTU;;Roskilde Universitet.;;;;"
    "Novo Nordisk Fonden;300.000;15.06.2021\n"
)
SECOND = HEAD + (
    "P-1;Grøn bølge til busserne;Busser får grønt lys i de største kryds.;1. kvartal 2022;"
    '31.12.2023;igangsat;2.500.000,50;1.250.000,25;Movia;12345678;"Københavns Kommune.\nDTU.";'
    'Rent vand i havnen;"11; 13";2100;RUS-puljen;op til 1,1 mio. kr.;august 2021\n'
    "P-2;Kildeplads ved Æbelø;;2020;2024;;800.000,40;;Roskilde Universitet;87654321;"
    '"Gentofte Kommune.\nAarhus Universitet.";groen-omstilling;;;;;\n'
    "P-3;Øresundsforbindelsen i tal (2. udgave);Data om pendlere;01.03.2019;28.02.2021;;"
    "1.000.000,75;600.000,10;Region Hovedstaden;;;Rent vand i havnen;;;;;\n"
    ";Små skridt for ålen;;2021;2022;afsluttet;;;DTU;;Roskilde Universitet.;;;;"
    "Novo Nordisk Fonden;350.000;15.06.2022\n"
    "P-5;Nyt projekt på Bornholm;;2023;;ansøgt;;;Bornholms Regionskommune;;Movia.;;7;3700;;;\n"
)


@pytest.fixture
def world():
    """Two focus areas of one plan, and organisations the files name: one without the CVR
    number a file gives it, and a municipality."""
    plan = factories.plan(slug="bulkplan")
    theme = plans.theme_create(actor=SYSTEM, plan=plan, title="Miljø", slug="miljo")
    water = plans.focus_area_create(
        actor=SYSTEM, theme=theme, title="Rent vand i havnen", slug="rent-vand"
    )
    plans.focus_area_create(
        actor=SYSTEM, theme=theme, title="Grøn omstilling", slug="groen-omstilling"
    )
    organisations.organisation_create(actor=SYSTEM, name="Roskilde Universitet", slug="ruc")
    organisations.organisation_create(
        actor=SYSTEM, name="Gentofte Kommune", slug="gentofte", kind="municipality"
    )
    return water


def _import(text, name="bulktest.csv", **options):
    table = read_table(check_upload(name, text.encode()))
    rows = spreadsheets.rows_parse(table, spreadsheets.mapping_for(table, "bulktest"))
    return spreadsheets.projects_import(actor=SYSTEM, file=table.name, rows=rows, **options)


def _state() -> dict:
    """What the imports leave in the database, by natural keys (no primary keys, no times)."""
    ext = "project__external_id"
    return {
        "projects": sorted(
            Project.objects.values_list(
                "external_id",
                "title",
                "slug",
                "description",
                "status",
                "start",
                "start_precision",
                "end",
                "end_precision",
                "budget_dkk",
                "budget_upper_bound",
                "sdgs",
                "postcode",
                "latitude",
                "is_published",
                "lead__name",
                "granted_dkk",
                "granted_count",
                "pool_dkk",
                "cofunding_dkk",
                "cofunding_count",
            )
        ),
        "participations": sorted(
            Participation.objects.values_list(ext, "organisation__name", "role")
        ),
        "cofunding": sorted(
            CoFunding.objects.values_list(ext, "source__slug", "status", "amount", "note")
        ),
        "grants": sorted(
            Grant.objects.values_list(
                ext, "source__name", "amount", "decided_on", "decided_precision", "upper_bound"
            )
        ),
        "links": sorted(
            ProjectFocusArea.objects.values_list(ext, "focus_area__slug", "is_primary")
        ),
        "municipalities": sorted(
            ProjectMunicipality.objects.values_list(ext, "code", "set_by_staff")
        ),
        "organisations": sorted(
            Organisation.objects.exclude(slug__startswith="org-").values_list(
                "name", "slug", "kind", "cvr", "municipality_code"
            )
        ),
        "sources": sorted(FundingSource.objects.values_list("name", "slug", "kind")),
        "area_totals": sorted(
            FocusAreaTotals.objects.values_list("focus_area__slug", "projects", "granted_dkk")
        ),
        "plan_totals": sorted(
            PlanStatusTotals.objects.values_list(
                "plan__slug", "status", "projects", "granted_dkk", "cofunding_dkk"
            )
        ),
        "place_totals": sorted(
            MunicipalityTotals.objects.values_list(
                "plan__slug", "focus_area__slug", "code", "projects", "granted_dkk"
            ),
            key=str,
        ),
        "audit": sorted(
            Counter(
                AuditEvent.objects.exclude(object_type__startswith="plans.")
                .exclude(object_repr__startswith="Organisation ")
                .values_list("action", "object_type", "object_repr")
            ).items()
        ),
    }


def test_the_batched_import_leaves_the_database_as_the_row_by_row_import_did(world):
    with translation.override("da"):
        first = _import(FIRST)
        assert (first.created, first.organisations_created, first.grants_created) == (4, 4, 2)
        assert _state() == EXPECTED["first"]
        second = _import(SECOND, name="bulktest-2.csv", publish=True, focus_area=world)
        assert (second.created, second.updated, second.unchanged) == (1, 4, 0)
        assert _state() == EXPECTED["second"]


def test_running_the_same_import_again_changes_and_duplicates_nothing(world):
    _import(FIRST)
    _import(SECOND, name="bulktest-2.csv", publish=True, focus_area=world)
    state, events = _state(), AuditEvent.objects.count()
    again = _import(SECOND, name="bulktest-2.csv", publish=True, focus_area=world)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert _state() == state and AuditEvent.objects.count() == events


def test_a_row_refused_in_the_middle_of_a_batch_writes_nothing(world, monkeypatch):
    _import(FIRST)
    state, events = _state(), AuditEvent.objects.count()
    table = read_table(check_upload("bulktest-2.csv", SECOND.encode()))
    rows = spreadsheets.rows_parse(table, spreadsheets.mapping_for(table, "bulktest"))
    rows[2].title = ""  # the model refuses a blank title: the third row, an update
    with translation.override("da"), pytest.raises(IngestError) as error:
        spreadsheets.projects_import(actor=SYSTEM, file="bulktest-2.csv", rows=rows)
    assert str(error.value).startswith("bulktest-2.csv, række 4: title:")
    assert _state() == state and AuditEvent.objects.count() == events
    rows[2].title = "Øresundsforbindelsen i tal (2. udgave)"
    rows[4].postcode = "0000"  # a new project: the model knows no such postcode
    with translation.override("da"), pytest.raises(IngestError) as error:
        spreadsheets.projects_import(actor=SYSTEM, file="bulktest-2.csv", rows=rows)
    assert str(error.value).startswith("bulktest-2.csv, række 6: postcode:")
    assert _state() == state and AuditEvent.objects.count() == events


def _sheet(rows: int, prefix: str, budget: int = 100_000) -> str:
    lines = ["Projekt-id;Projekttitel;Budget;EU-medfinansiering;Projektejer;Partnere;Startdato"]
    lines += [
        f"{prefix}-{n};{prefix} nr. {n};{budget + n},50;{(n + 1) * budget // 100},25;"
        f"Kommune {n % 3};Partner {n % 2}. Partner {budget % 7};{2020 + n % 3}"
        for n in range(rows)
    ]
    return "\n".join(lines) + "\n"


def _queries(text: str, **options) -> int:
    table = read_table(check_upload("tal.csv", text.encode()))
    rows = spreadsheets.rows_parse(table, spreadsheets.mapping_for(table, "tal"))
    with CaptureQueriesContext(connection) as captured:
        spreadsheets.projects_import(actor=SYSTEM, file="tal.csv", rows=rows, **options)
    return len(captured)


def test_the_queries_of_a_batch_do_not_grow_with_its_rows(world):
    _import(FIRST)  # the EU fund exists from here on
    for name in ("few", "many"):
        # The organisations exist, as they do after a file's first rows.
        _queries(_sheet(3, f"{name}-warm"))
        _queries(_sheet(3, f"{name}-warm", budget=200_000))
    new = [_queries(_sheet(rows, name)) for rows, name in ((3, "few"), (25, "many"))]
    changed = [
        _queries(_sheet(rows, name, budget=200_000), publish=True)
        for rows, name in ((3, "few"), (25, "many"))
    ]
    same = [
        _queries(_sheet(rows, name, budget=200_000), publish=True)
        for rows, name in ((3, "few"), (25, "many"))
    ]
    assert (new[0], changed[0], same[0]) == (new[1], changed[1], same[1])
