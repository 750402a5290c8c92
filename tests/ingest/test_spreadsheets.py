import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from actionplan.core.services import SYSTEM
from actionplan.ingest import spreadsheets
from actionplan.ingest.errors import IngestError
from actionplan.ingest.models import ColumnMapping
from actionplan.ingest.safety import check_upload, read_path
from actionplan.ingest.tables import read_table
from actionplan.organisations.models import Organisation
from actionplan.projects.models import CoFunding, Participation, Project, ProjectStatus
from tests import factories
from tests.paths import REAL_WORLD

pytestmark = pytest.mark.django_db

REAL = REAL_WORLD
DK_2014 = REAL / "dk-eu-structural-funds-2014-2020-published.csv"
DK_2007 = REAL / "dk-eu-structural-funds-2007-2013.csv"
SE = REAL / "se-eu-structural-funds-2014-2020.json"


def _import(path, name, **options):
    table = read_table(read_path(path))
    mapping = spreadsheets.mapping_for(table, name)
    rows = spreadsheets.rows_parse(table, mapping, **options)
    return spreadsheets.projects_import(actor=SYSTEM, file=table.name, rows=rows)


def _projects(name):
    return Project.objects.filter(external_id__startswith=f"{name}:")


def _cofunding_total(name):
    return sum(c.amount for c in CoFunding.objects.filter(project__external_id__startswith=name))


def test_dk_2014_2020_imports_every_project_with_money_dates_and_partners():
    result = _import(DK_2014, "dk2014")
    projects = _projects("dk2014")
    assert (result.rows, result.created, projects.count()) == (107, 107, 107)
    assert sum(p.budget_dkk for p in projects) == Decimal("2055800683")
    assert _cofunding_total("dk2014:") == Decimal("945817621")
    growth = projects.get(title="Vækst 2.0")
    assert (growth.budget_dkk, growth.start, growth.end) == (
        Decimal("15414794"),
        dt.date(2014, 4, 24),
        dt.date(2017, 2, 28),
    )
    assert growth.lead.name == "Væksthus Nordjylland"
    assert growth.cofunding.get().source.slug == "erdf"
    assert all(p.lead_id for p in projects)
    assert (
        Participation.objects.filter(
            project__in=projects, role=Participation.Role.IMPLEMENTING
        ).count()
        == 214
    )  # partner cells, repeats dropped


def test_dk_2007_2013_imports_every_project_and_matches_organisations_by_cvr():
    result = _import(DK_2007, "dk2007")
    projects = _projects("dk2007")
    assert (result.rows, projects.count()) == (598, 598)
    assert sum(p.budget_dkk for p in projects) == Decimal("8434810112.15")
    assert _cofunding_total("dk2007:") == Decimal("3665372950.47")
    assert projects.get(title="Det Danske Seafood Center").lead.cvr == "26349303"


def test_swedish_kronor_are_refused_without_a_currency_and_rate():
    with translation.override("en"), pytest.raises(IngestError, match="amounts are in SEK"):
        _import(SE, "se")
    assert not _projects("se").exists()


def test_swedish_kronor_are_converted_with_an_explicit_rate():
    result = _import(SE, "se", currency="SEK", rate=Decimal("0.5"))
    assert (result.rows, _projects("se").count()) == (374, 374)
    # 4.354.438.151 SEK granted, at 0,5 kr. per SEK
    assert _cofunding_total("se:") == Decimal("2177219075.50")
    assert "SEK" in CoFunding.objects.filter(project__external_id__startswith="se:").first().note


def test_reimporting_updates_instead_of_duplicating():
    _import(DK_2014, "dk2014")
    again = _import(DK_2014, "dk2014")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 107)
    assert _projects("dk2014").count() == 107


CSV = (
    "Projekttitel;Startdato;Slutdato;Budget;EU-medfinansiering;Kontraktansvarlig partner;"
    "CVR;Partnere\n"
    '"Grøn bølge";01.01.2020;31.12.2021;1.500.000;"750.000,50";Region Hovedstaden;11223344;'
    '"Movia.\nDTU."\n'
    "Cykelregnskab;2020;2022;92.000,00 kr.;;Testrup  kommune;;\n"
)


def _csv(name, text, encoding="utf-8"):
    return check_upload(name, text.encode(encoding))


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("utf-8", ";"),
        ("utf-8-sig", ";"),
        ("latin-1", ";"),
        ("utf-8", "\t"),
        ("latin-1", ","),
        ("utf-16", ";"),  # with its byte order mark, as Excel saves "Unicode text"
        ("utf-16", "\t"),
    ],
)
def test_csv_in_every_encoding_and_delimiter_reads_the_same(encoding, delimiter):
    text = CSV.replace(";", delimiter)
    if delimiter == ",":
        text = text.replace("92.000,00 kr.", '"92.000,00 kr."')
    table = read_table(_csv("list.csv", text, encoding))
    assert len(table.rows) == 2
    assert table.rows[0].values["Projekttitel"] == "Grøn bølge"
    assert table.rows[0].values["Partnere"] == "Movia.\nDTU."
    assert table.rows[1].number == 3


def test_organisations_are_matched_by_cvr_then_name_or_created():
    by_cvr = factories.organisation(name="Regionen (CVR)", cvr="11223344")
    by_name = factories.organisation(name="Testrup Kommune")
    table = read_table(_csv("list.csv", CSV))
    mapping = spreadsheets.mapping_for(table, "orgtest")
    rows = spreadsheets.rows_parse(table, mapping)
    spreadsheets.projects_import(actor=SYSTEM, file="list.csv", rows=rows)
    green = _projects("orgtest").get(title="Grøn bølge")
    assert green.lead == by_cvr
    assert _projects("orgtest").get(title="Cykelregnskab").lead == by_name
    assert set(green.participations.values_list("organisation__name", flat=True)) >= {
        "Movia",
        "DTU",
    }
    assert green.cofunding.get().amount == Decimal("750000.50")


def test_a_bad_row_stops_the_import_with_row_column_and_reason_and_changes_nothing():
    text = CSV + "Tredje;2020;2021;1,500;;Movia;;\n"
    table = read_table(_csv("list.csv", text))
    mapping = spreadsheets.mapping_for(table, "bad")
    organisations = Organisation.objects.count()
    with translation.override("en"), pytest.raises(IngestError) as error:
        rows = spreadsheets.rows_parse(table, mapping)
        spreadsheets.projects_import(actor=SYSTEM, file="list.csv", rows=rows)
    message = str(error.value)
    assert "list.csv" in message and "row 4" in message and "“Budget”" in message
    assert "ambiguous" in message
    assert not _projects("bad").exists()
    assert Organisation.objects.count() == organisations


def test_a_row_the_services_refuse_rolls_back_every_row():
    rows = spreadsheets.rows_parse(
        read_table(_csv("list.csv", CSV)),
        spreadsheets.mapping_for(read_table(_csv("list.csv", CSV)), "rollback"),
    )
    rows[1].title = ""  # the model refuses a blank title
    with translation.override("en"), pytest.raises(IngestError, match="row 3"):
        spreadsheets.projects_import(actor=SYSTEM, file="list.csv", rows=rows)
    assert not _projects("rollback").exists()


def test_status_is_derived_from_the_dates():
    today = dt.date(2021, 6, 1)
    assert spreadsheets.status_from_dates("2020-01-01", "2020-12-31", today) == "completed"
    assert spreadsheets.status_from_dates("2021-01-01", "2022-12-31", today) == "started"
    assert spreadsheets.status_from_dates("2022-01", "2023", today) == ProjectStatus.GRANTED


def test_the_mapping_is_suggested_from_bilingual_headers_and_saved_for_reuse():
    table = read_table(read_path(DK_2014))
    mapping = spreadsheets.mapping_for(table, "dk-export", {"description": ""})
    assert mapping.columns["budget"] == "Budget / Budget"
    assert mapping.columns["eu_funding"] == "EU-medfinansiering / Union co-financing"
    assert "description" not in mapping.columns
    spreadsheets.mapping_save(actor=SYSTEM, mapping=mapping)
    again = spreadsheets.mapping_for(table, "dk-export")
    assert ColumnMapping.objects.get(name="dk-export").columns == again.columns
    assert "description" not in again.columns


def test_split_partners_keeps_initials_and_drops_repeats():
    assert spreadsheets.split_partners("K. Balling-Engelsen A/S. Vejle Kommune.") == [
        "K. Balling-Engelsen A/S",
        "Vejle Kommune",
    ]
    assert spreadsheets.split_partners("Frederikshavn Kommune.\nFrederikshavn Kommune") == [
        "Frederikshavn Kommune"
    ]


# -- the bulk write of new projects -------------------------------------------------------


def _generated(rows: int, prefix: str = "Projekt") -> str:
    lines = ["Projekttitel;Budget;EU-medfinansiering;Kontraktansvarlig partner;Partnere"]
    lines += [
        f"{prefix} {n};{100_000 + n};{(n + 1) * 1000};Kommune {n % 3};Partner {n % 2}"
        for n in range(rows)
    ]
    return "\n".join(lines) + "\n"


def _import_text(name, text, **options):
    table = read_table(_csv(f"{name}.csv", text))
    rows = spreadsheets.rows_parse(table, spreadsheets.mapping_for(table, name))
    return spreadsheets.projects_import(actor=SYSTEM, file=table.name, rows=rows, **options)


def test_new_projects_are_audited_and_their_money_totals_stored_as_the_services_do():
    from actionplan.core.models import AuditEvent
    from actionplan.projects.services import totals_of

    _import_text("bulk", _generated(3))
    project = _projects("bulk").get(title="Projekt 2")
    assert project.cofunding_dkk == Decimal("3000") and project.cofunding_count == 1
    for item in _projects("bulk"):
        stored = {name: getattr(item, name) for name in totals_of(item.pk)}
        assert stored == totals_of(item.pk)
    created = AuditEvent.objects.filter(action=AuditEvent.Action.CREATE)
    assert created.get(object_type="projects.project", object_id=str(project.pk)).changes[
        "title"
    ] == [None, "Projekt 2"]
    for model, count in (("projects.participation", 2), ("projects.cofunding", 1)):
        related = {"projects.participation": "participations", "projects.cofunding": "cofunding"}
        ids = {str(pk) for pk in getattr(project, related[model]).values_list("pk", flat=True)}
        assert len(ids) == count
        assert set(created.filter(object_type=model).values_list("object_id", flat=True)) >= ids


def test_published_new_projects_in_a_focus_area_count_in_the_plans_summaries():
    from actionplan.projects.models import FocusAreaTotals

    area = factories.focus_area()
    _import_text("summed", _generated(4), publish=True, focus_area=area)
    totals = FocusAreaTotals.objects.get(focus_area=area)
    assert totals.projects == 4
    for project in _projects("summed"):
        assert [link.focus_area for link in project.focus_area_links.all()] == [area]


def test_importing_more_rows_takes_no_more_queries():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _import_text("warm", _generated(3))  # the organisations and the EU fund exist from here on

    def queries(name, rows):
        with CaptureQueriesContext(connection) as captured:
            _import_text(name, _generated(rows, prefix=name))
        return captured

    # 30 rows still fit one INSERT on SQLite (999 parameters); past that, one per batch.
    assert len(queries("few", 3)) == len(queries("many", 30))


def test_a_row_the_database_refuses_rolls_back_every_row(monkeypatch):
    factories.project(slug="taken", focus_areas=[])
    table = read_table(_csv("clash.csv", _generated(5)))
    rows = spreadsheets.rows_parse(table, spreadsheets.mapping_for(table, "clash"))
    # As if another import took the slugs between the check and the write.
    monkeypatch.setattr(spreadsheets._Slugs, "new", lambda self, title, external_id: "taken")
    monkeypatch.setattr(spreadsheets._Slugs, "settle", lambda self, new: None)
    with translation.override("en"), pytest.raises(IngestError, match="nothing was imported"):
        spreadsheets.projects_import(actor=SYSTEM, file="clash.csv", rows=rows)
    assert not _projects("clash").exists()
    assert Organisation.objects.filter(name__startswith="Kommune ").count() == 0


def test_utm_coordinates_in_an_import_place_projects_in_their_municipality():
    _import(DK_2014, "dk2014")
    growth = _projects("dk2014").get(title="Vækst 2.0")
    # 560016,186 E, 6319238,093 N (UTM zone 32): Aalborg Øst
    assert Decimal("57.00") < growth.latitude < Decimal("57.03")
    assert Decimal("9.97") < growth.longitude < Decimal("10.00")
    assert 851 in set(growth.municipality_links.values_list("code", flat=True))  # Aalborg
    assert _projects("dk2014").filter(latitude__isnull=False).count() > 50


def test_a_coordinate_that_is_no_number_is_refused_with_its_row_and_column(tmp_path):
    path = tmp_path / "steder.csv"
    path.write_text("Projekttitel;Breddegrad;Længdegrad\nEt projekt;nord;12,5\n", encoding="utf-8")
    with pytest.raises(IngestError) as error:
        _import(path, "steder")
    assert "nord" in str(error.value) and "Breddegrad" in str(error.value)


# -- postcodes -------------------------------------------------------------------------------


def _places(path, text):
    path.write_text(text, encoding="utf-8")
    _import(path, path.stem)
    return {
        p.title: (p.postcode, sorted(p.municipality_links.values_list("code", flat=True)))
        for p in _projects(path.stem)
    }


def test_postcodes_as_people_write_them_place_projects_in_their_municipality(tmp_path):
    found = _places(
        tmp_path / "postnumre.csv",
        "Projekttitel;Postnummer\n"
        "A;2100\n"
        "B;DK-2100 København Ø\n"
        "C;8000 Aarhus C\n"
        "D;dk 5000, Odense C\n"
        "E;900\n"  # 0900 København C, the zero lost to a spreadsheet
        "F;\n",
    )
    assert found == {
        "A": ("2100", [101]),
        "B": ("2100", [101]),
        "C": ("8000", [751]),
        "D": ("5000", [461]),
        "E": ("0900", [101]),
        "F": ("", []),
    }


def test_a_postcode_adds_its_municipality_to_the_leads(tmp_path):
    found = _places(
        tmp_path / "med_ejer.csv",
        "Projekttitel;Projektejer;Postnr.\nA;Odense Kommune;6700 Esbjerg\n",
    )
    assert found == {"A": ("6700", [461, 561])}


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("0000", "0000"),
        ("DK-1234 Nowhere", "1234"),
        ("Nørregade 7b", "Nørregade 7b"),
        ("21OO", "21OO"),
    ],
)
def test_an_unknown_or_garbled_postcode_stops_the_import_naming_file_row_and_column(
    tmp_path, written, said
):
    path = tmp_path / "steder.csv"
    path.write_text(f"Projekttitel;Postnummer\nGod;2100\nDårlig;{written}\n", encoding="utf-8")
    with translation.override("en"), pytest.raises(IngestError) as error:
        _import(path, "steder")
    message = str(error.value)
    assert "steder.csv, row 3, column “Postnummer”" in message
    assert said in message
    assert not _projects("steder").exists()  # all or nothing: the good row is not imported


def test_the_unknown_postcode_error_is_danish(tmp_path):
    path = tmp_path / "steder.csv"
    path.write_text("Projekttitel;Postnummer\nDårlig;0000\n", encoding="utf-8")
    with translation.override("da"), pytest.raises(IngestError) as error:
        _import(path, "steder")
    assert "række 2, kolonne “Postnummer”" in str(error.value)
    with translation.override("en"), pytest.raises(IngestError) as error:
        _import(path, "steder")
    assert "There is no Danish postcode 0000" in str(error.value)


def test_the_eu_lists_postcodes_are_read(tmp_path):
    _import(DK_2014, "dk2014")
    with_postcode = _projects("dk2014").exclude(postcode="")
    assert with_postcode.count() > 50
    esbjerg = with_postcode.filter(postcode="6701").first()  # a PO box postcode
    assert esbjerg is None or 561 in set(esbjerg.municipality_links.values_list("code", flat=True))
