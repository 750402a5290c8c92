"""The IATI export against what IATI's own tools check: the 2.03 schema, the Standard Ruleset
(read from rulesets/standard.json by tests/opendata/iati_rules.py) and the codelists, for the
demo, a synthetic portfolio and an imported real list; and dates and status taken from the
data, never made up."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from lxml import etree

from actionplan.core.services import SYSTEM
from actionplan.ingest import spreadsheets
from actionplan.ingest.safety import read_path
from actionplan.ingest.tables import read_table
from actionplan.opendata import iati
from actionplan.plans.models import ActionPlan
from actionplan.projects.models import Project, ProjectStatus
from actionplan.synth.generate import generate
from tests import factories
from tests.opendata.iati_rules import IATI, Checker, codelist_failures
from tests.paths import REAL_WORLD

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(IATI / "iati-activities-schema.xsd")))


def export(plan: ActionPlan | None = None) -> etree._Element:
    return etree.fromstring(
        b"".join(iati.iter_iati(plan, plan_url=lambda p: f"https://example.org/planer/{p.slug}"))
    )


def assert_valid(root: etree._Element, schema) -> None:
    assert schema.validate(root), schema.error_log.last_error
    failures = Checker().check(root)
    assert not failures, "\n".join(str(f) for f in failures[:20])
    assert not codelist_failures(root)


def by_identifier(root) -> dict[str, etree._Element]:
    return {a.findtext("iati-identifier"): a for a in root.iter("iati-activity")}


def project_of(identifier: str) -> Project:
    # DK-CVR-<8 digits>-<slug>
    return Project.objects.get(slug=identifier.split("-", 3)[3])


def assert_facts_only(root) -> None:
    """Every date is the project's own; the status claims nothing the dates do not show."""
    for identifier, activity in by_identifier(root).items():
        project = project_of(identifier)
        dates = {d.get("type"): d.get("iso-date") for d in activity.iter("activity-date")}
        start = dates.get("2") or dates.get("1")
        assert start == project.start.isoformat(), identifier
        end = dates.get("4") or dates.get("3")
        assert end == (project.end.isoformat() if project.end else None), identifier
        status = activity.find("activity-status").get("code")
        if status == "4":
            assert "4" in dates, f"{identifier} is closed without an actual end"
        if "2" in dates:
            assert project.status in iati.BEGUN, identifier
        if "4" in dates:
            assert project.status == ProjectStatus.COMPLETED, identifier


def test_the_demo_export_passes_schema_ruleset_and_codelists(demo, schema):
    root = export()
    assert len(root) >= 10
    assert_valid(root, schema)
    assert_facts_only(root)
    assert_valid(export(demo), schema)


def test_demo_activities_have_sectors_from_their_focus_areas(demo):
    activities = by_identifier(export())
    activity = activities["DK-CVR-29190623-dk2020"]
    dac = [(s.get("code"), s.get("percentage")) for s in activity.iter("sector")]
    assert ("43060", "100") in dac  # klimatilpasning: disaster risk reduction
    own = activity.find("sector[@vocabulary='99']")
    assert own.get("code") == "klimatilpasning"
    assert own.get("vocabulary-uri") == f"https://example.org/planer/{demo.slug}"
    assert own.get("percentage") == "100"
    assert activity.find("sector[@vocabulary='98']").get("code") == "klima-og-miljo"
    assert activity.find("activity-date[@type='2']").get("iso-date") == "2019-01-01"


def test_the_demo_reports_organisations_by_cvr_or_by_name_only(demo):
    root = export()
    refs = root.xpath("//participating-org/@ref")
    assert refs and all(r.startswith("DK-CVR-") for r in refs)
    named_only = root.xpath("//participating-org[not(@ref)]/narrative/text()")
    assert "Realdania" in named_only
    assert root.findtext("iati-activity/reporting-org/narrative") == "Region Hovedstaden"
    assert root.find("iati-activity/reporting-org").get("ref") == "DK-CVR-29190623"


def test_projects_without_a_known_start_are_left_out(demo):
    root = export()
    identifiers = set(by_identifier(root))
    for project in Project.objects.filter(is_published=True):
        listed = any(i.endswith("-" + project.slug) for i in identifiers)
        assert listed == (project.start is not None), project.slug


@pytest.fixture
def region():
    plan = factories.plan(
        organisation=factories.organisation(name="Region Test", cvr="29190623", kind="region")
    )
    theme = factories.theme(plan, dac_sector="43030")
    return factories.focus_area(theme)


def test_a_synthetic_portfolio_passes(schema):
    generate(projects=60, seed=11)
    root = export()
    assert len(root) > 40
    assert_valid(root, schema)
    assert_facts_only(root)
    assert root.xpath("//participating-org[not(@ref)]") and root.xpath("//participating-org/@ref")
    assert root.xpath("//planned-disbursement") and root.xpath("//budget")


def test_an_imported_real_list_passes(schema, region):
    area = region
    table = read_table(read_path(REAL_WORLD / "dk-eu-structural-funds-2007-2013.csv"))
    rows = spreadsheets.rows_parse(table, spreadsheets.mapping_for(table, "dk2007"))
    spreadsheets.projects_import(
        actor=SYSTEM, file=table.name, rows=rows, publish=True, focus_area=area
    )
    root = export()
    assert len(root) > 500
    assert_valid(root, schema)
    assert_facts_only(root)
    assert set(root.xpath("//sector[@vocabulary='1']/@code")) == {"43030"}


def _project(area, **values):
    return factories.project([area], **values)


def test_a_budget_over_more_than_a_year_is_a_planned_disbursement(schema, region):
    area = region
    long = _project(
        area,
        status=ProjectStatus.STARTED,
        start=dt.date(2020, 3, 1),
        end=dt.date(2022, 6, 30),
        budget_dkk=Decimal("3000000"),
    )
    short = _project(
        area,
        status=ProjectStatus.STARTED,
        start=dt.date(2021, 1, 1),
        end=dt.date(2021, 12, 31),
        budget_dkk=Decimal("500000"),
    )
    root = export()
    assert_valid(root, schema)
    activities = by_identifier(root)
    long_activity = activities[f"DK-CVR-29190623-{long.slug}"]
    assert long_activity.find("budget") is None
    disbursement = long_activity.find("planned-disbursement")
    assert disbursement.find("value").text == "3000000"
    assert disbursement.find("period-end").get("iso-date") == "2022-06-30"
    short_activity = activities[f"DK-CVR-29190623-{short.slug}"]
    assert short_activity.find("budget/value").text == "500000"


def test_a_completed_project_without_an_actual_end_is_not_closed(schema, region):
    area = region
    future = timezone.localdate() + dt.timedelta(days=30)
    open_ended = _project(area, status=ProjectStatus.COMPLETED, start=dt.date(2020, 1, 1))
    not_yet = _project(area, status=ProjectStatus.COMPLETED, start=dt.date(2020, 1, 1), end=future)
    done = _project(
        area, status=ProjectStatus.COMPLETED, start=dt.date(2020, 1, 1), end=dt.date(2021, 1, 1)
    )
    starting = _project(area, status=ProjectStatus.STARTED, start=future)
    root = export()
    assert_valid(root, schema)
    activities = by_identifier(root)

    def status_and_dates(project):
        activity = activities[f"DK-CVR-29190623-{project.slug}"]
        return activity.find("activity-status").get("code"), sorted(
            d.get("type") for d in activity.iter("activity-date")
        )

    assert status_and_dates(open_ended) == ("3", ["2"])
    assert status_and_dates(not_yet) == ("3", ["2", "3"])
    assert status_and_dates(done) == ("4", ["2", "4"])
    assert status_and_dates(starting) == ("2", ["1"])


def test_the_checker_finds_what_it_should():
    """The ruleset reader is not vacuous: a broken activity fails the rules it breaks."""
    broken = etree.fromstring(
        b"""<iati-activities version="2.03"><iati-activity xml:lang="da"
        default-currency="DKK" last-updated-datetime="2021-01-01T00:00:00">
        <iati-identifier>XX-1-a</iati-identifier>
        <reporting-org ref="XX-1" type="90"><narrative>x</narrative></reporting-org>
        <title><narrative>t</narrative></title>
        <activity-date type="3" iso-date="2021-01-01"/>
        <sector code="11110" vocabulary="1" percentage="60"/>
        <sector code="11220" vocabulary="1" percentage="30"/>
        <sector code="a" vocabulary="99" percentage="100"/>
        <budget><period-start iso-date="2020-01-01"/><period-end iso-date="2021-06-30"/>
        <value value-date="2020-01-01">1</value></budget>
        </iati-activity></iati-activities>"""
    )
    rules = {f.rule for f in Checker().check(broken)}
    assert {"6.11.1", "2.1.2", "7.5.3", "2.2.1", "1.14.8"} <= rules
    assert any("XX-1" in f for f in codelist_failures(broken))
