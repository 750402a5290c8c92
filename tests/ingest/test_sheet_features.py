"""Project and grant lists that finish the job: publish, grants, focus areas by title, every
error at once, re-imports under another file name, and the template to fill in."""

from decimal import Decimal

import pytest
from django.urls import reverse

from actionplan.core.services import SYSTEM
from actionplan.ingest import spreadsheets
from actionplan.ingest.safety import check_upload
from actionplan.ingest.tables import read_table
from actionplan.plans.models import FocusArea
from actionplan.projects.models import Grant, Project
from tests import factories

pytestmark = pytest.mark.django_db

HEAD = (
    "Projekttitel;Projektejer;Startdato;Indsatsområder;Bevillingskilde;Bevilget beløb (kr.);"
    "Bevillingsdato\n"
)


def _rows(name, text):
    table = read_table(check_upload(name, text.encode()))
    return table, spreadsheets.rows_parse(
        table, spreadsheets.mapping_for(table, name.split(".")[0])
    )


def _import(name, text, **options):
    table, rows = _rows(name, text)
    return spreadsheets.projects_import(actor=SYSTEM, file=table.name, rows=rows, **options)


@pytest.fixture
def area():
    return factories.focus_area(title="Sikre grundvandet", slug="grundvand")


def test_a_grant_list_becomes_grants_with_source_amount_date_and_bound(area):
    text = HEAD + (
        "Drikkevand på tværs;Region Nordkysten;2020;Sikre grundvandet;RUS-puljen;1,5 mio. kr.;"
        "i 2020\n"
        "Kildeplads 2;Region Nordkysten;Q3 2021;grundvand;RUS-puljen;op til 750.000 kr.;31.08.21\n"
    )
    result = _import("bevillinger.csv", text, publish=True)
    assert result.created == 2 and result.grants_created == 2
    grants = Grant.objects.order_by("amount")
    assert [g.amount for g in grants] == [Decimal("750000.00"), Decimal("1500000.00")]
    assert grants[0].decided_on.isoformat() == "2021-08-31" and grants[0].upper_bound
    assert not grants[1].upper_bound
    assert grants[1].source.name == "RUS-puljen" and grants[1].source.kind == "regional_pool"
    assert all(p.is_published for p in Project.objects.all())
    assert {
        link.focus_area for p in Project.objects.all() for link in p.focus_area_links.all()
    } == {area}


def test_a_reimport_under_another_file_name_updates_instead_of_duplicating(area):
    text = (
        HEAD + "Drikkevand på tværs;Region Nordkysten;2020;grundvand;RUS-puljen;1,5 mio. kr.;2020\n"
    )
    _import("liste-marts.csv", text)
    again = _import("liste-april.csv", text)
    assert (again.created, Project.objects.count(), Grant.objects.count()) == (0, 1, 1)
    with_id = "Projekt-id;" + HEAD.replace("\n", "") + "\nP-7;" + text.splitlines()[1] + "\n"
    _import("med-id-1.csv", with_id)
    renamed = with_id.replace("Drikkevand på tværs", "Drikkevand på tværs (nyt navn)")
    assert _import("med-id-2.csv", renamed).created == 0


def test_focus_areas_by_title_and_missing_ones_proposed_then_created(area):
    text = (
        HEAD + "Nyt projekt;Region Nordkysten;2022;Rent vand i havnen;RUS-puljen;1 mio. kr.;2022\n"
    )
    _table, rows = _rows("nye.csv", text)
    problems, missing = spreadsheets.projects_check(rows)
    assert missing == ["Rent vand i havnen"] and len(problems) == 1
    with pytest.raises(spreadsheets.SheetErrors):
        spreadsheets.projects_import(actor=SYSTEM, file="nye.csv", rows=rows)
    assert not Project.objects.exists()  # the check and the import agree
    problems, missing = spreadsheets.projects_check(rows, create_focus_areas=True)
    assert problems == [] and missing == ["Rent vand i havnen"]
    spreadsheets.projects_import(
        actor=SYSTEM, file="nye.csv", rows=rows, focus_area=area, create_focus_areas=True
    )
    created = FocusArea.objects.get(title="Rent vand i havnen")
    assert created.theme == area.theme and not created.in_original_plan


def test_every_error_is_listed_grouped_by_kind():
    text = (
        "Projekttitel;Budget;Startdato\n"
        "A;1,500,000;2020\nB;2,500,000;32.13.2020\nC;100;32.13.2020\n;5;2020\nE;12 æbler;2021\n"
    )
    table = read_table(check_upload("fejl.csv", text.encode()))
    with pytest.raises(spreadsheets.SheetErrors) as caught:
        spreadsheets.rows_parse(table, spreadsheets.mapping_for(table, "fejl"))
    errors = caught.value
    # every bad cell, in row order (the header is row 1); two in row 3
    assert [p.row for p in errors.problems] == [2, 3, 3, 4, 5, 6]
    assert len(errors.groups) < len(errors.problems)
    assert len(errors.problems) == 6 and "fejl.csv" in str(errors)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_template_has_danish_headers_the_import_reads(kind, area):
    upload = check_upload(f"skabelon.{kind}", spreadsheets.template(kind))
    table = read_table(upload)
    assert table.headers[:2] == ["Projekt-id", "Projekttitel"]
    suggested = spreadsheets.mapping_suggest(table.headers)
    assert set(suggested) == set(spreadsheets.TEMPLATE_HEADERS)
    rows = spreadsheets.rows_parse(table, spreadsheets.mapping_for(table, "skabelon"))
    assert rows[0].grant_amount == Decimal("1100000") and rows[0].grant_upper_bound
    assert rows[0].start == "2022-01" and rows[0].budget == Decimal("2500000")


def test_the_workspace_offers_the_template_and_the_publish_checkbox(client, staff, area):
    client.force_login(staff)
    response = client.get(reverse("workspace:import_sheet_template", args=["xlsx"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxml")
    assert (
        reverse("workspace:import_sheet_template", args=["csv"])
        in client.get(reverse("workspace:imports")).content.decode()
    )
    text = HEAD + "Drikkevand;Region Nordkysten;2020;Ukendt område;RUS-puljen;1 mio. kr.;2020\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        reverse("workspace:import_sheet_upload"),
        {"sheet-file": SimpleUploadedFile("liste.csv", text.encode()), "sheet-mapping": ""},
    )
    page = client.get(reverse("workspace:import_sheet")).content.decode()
    assert 'name="publish"' in page and 'name="create_focus_areas"' in page
