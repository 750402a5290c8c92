"""Every plan, the own organisation's front page, the national view, maps, search, feeds and
the downloads."""

import csv
import datetime as dt
import io
from collections import Counter
from decimal import Decimal

import pytest
from defusedxml import ElementTree as ET
from openpyxl import load_workbook

from actionplan.core.services import SYSTEM
from actionplan.organisations.models import Organisation
from actionplan.portal import overview
from actionplan.portal.charts import short_labels
from actionplan.projects import places
from actionplan.projects import services as projects
from actionplan.projects.models import Participation, ProjectMunicipality
from actionplan.rounds.services import status_update_create
from tests import factories

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def two_owners():
    region = factories.organisation(name="Region Øst", kind=Organisation.Kind.REGION)
    town = factories.organisation(name="Odense Kommune", kind=Organisation.Kind.MUNICIPALITY)
    today = dt.date.today()
    old = factories.plan(
        organisation=region,
        title="Gammel plan",
        period_start=dt.date(2016, 1, 1),
        period_end=dt.date(2017, 12, 31),
    )
    current = factories.plan(
        organisation=region,
        title="Nuværende plan",
        period_start=today.replace(month=1, day=1),
        period_end=today.replace(year=today.year + 1, month=12, day=31),
    )
    town_plan = factories.plan(organisation=town, title="Kommunens plan")
    return {"region": region, "town": town, "old": old, "current": current, "town_plan": town_plan}


def test_the_plan_list_shows_every_published_plan_current_first_by_organisation(client, two_owners):
    groups = overview.plan_index()
    assert groups[0].organisation == two_owners["region"]
    assert [p.title for p, _state in groups[0].plans] == ["Nuværende plan", "Gammel plan"]
    assert [state for _p, state in groups[0].plans] == ["current", "earlier"]
    body = client.get("/planer/").content.decode()
    for title in ("Gammel plan", "Nuværende plan", "Kommunens plan", "Odense Kommune"):
        assert title in body


def test_the_front_page_shows_the_own_regions_current_plan_never_a_municipalitys(
    client, two_owners
):
    body = client.get("/").content.decode()
    assert "Nuværende plan" in body
    assert "Kommunens plan" not in body
    assert "/planer/" in body  # a way to every other plan


def test_the_own_organisation_setting_wins(client, two_owners, settings):
    settings.ACTIONPLAN_OWN_ORGANISATION = two_owners["town"].slug
    assert overview.own_organisation() == two_owners["town"]
    assert "Kommunens plan" in client.get("/").content.decode()


def test_without_a_single_candidate_the_front_page_lists_the_plans(client):
    for n in range(2):
        factories.plan(
            organisation=factories.organisation(kind=Organisation.Kind.MUNICIPALITY),
            title=f"Plan {n}",
        )
    assert overview.own_organisation() is None
    response = client.get("/")
    assert response.status_code == 200
    assert "Plan 0" in response.content.decode() and "Plan 1" in response.content.decode()


def test_an_organisations_page_lists_its_plans(client, two_owners):
    body = client.get(f"/organisationer/{two_owners['region'].slug}/").content.decode()
    assert "Gammel plan" in body and "Nuværende plan" in body
    assert "Kommunens plan" not in body


def test_labels_cut_to_stay_distinct():
    long_a = "Sikre grundvandet og drikkevandet i hele regionen for fremtiden A"
    long_b = "Sikre grundvandet og drikkevandet i hele regionen for fremtiden B"
    labels = short_labels([long_a, long_b, "Kort"])
    assert labels[long_a] != labels[long_b]
    assert labels["Kort"] == "Kort"
    assert len(set(labels.values())) == 3


# -- places and maps ----------------------------------------------------------------------


def test_a_projects_municipalities_come_from_its_lead_partners_and_coordinates():
    lead = factories.organisation(name="Københavns Kommune", kind=Organisation.Kind.MUNICIPALITY)
    assert lead.municipality_code == 101
    project = factories.project(lead=lead, latitude=Decimal("57.0127"), longitude=Decimal("9.9883"))
    partner = factories.organisation(name="Odense Kommune", kind=Organisation.Kind.MUNICIPALITY)
    projects.participation_add(
        actor=SYSTEM, project=project, organisation=partner, role=Participation.Role.IMPLEMENTING
    )
    codes = set(project.municipality_links.values_list("code", flat=True))
    assert codes == {101, 461, 851}  # København, Odense, Aalborg (the point)


def test_staff_set_municipalities_are_kept():
    project = factories.project()
    places.project_municipalities_set(actor=SYSTEM, project=project, codes=[400])
    partner = factories.organisation(name="Odense Kommune", kind=Organisation.Kind.MUNICIPALITY)
    projects.participation_add(
        actor=SYSTEM, project=project, organisation=partner, role=Participation.Role.FUNDING
    )
    assert list(project.municipality_links.values_list("code", flat=True)) == [400]


def test_utm_coordinates_of_the_eu_lists_land_in_the_right_municipality():
    latitude, longitude = places.utm32_to_wgs84(890649.09, 6118912.57)  # Nexø
    assert places.municipality_at(latitude, longitude) == 400  # Bornholm


def _mapped_projects(area, count):
    lead = factories.organisation(kind=Organisation.Kind.MUNICIPALITY, name="Aalborg Kommune")
    for n in range(count):
        project = factories.project(
            [area],
            lead=lead,
            latitude=Decimal("57.01") + Decimal(n) / 1000,
            longitude=Decimal("9.98"),
        )
        factories.grant(project, "200000")


@pytest.mark.parametrize("kind", ["plan", "area", "national"])
def test_map_pages_queries_do_not_grow_with_projects(
    client, kind, django_assert_max_num_queries, django_assert_num_queries
):
    plan = factories.plan()
    area = factories.focus_area(factories.theme(plan))
    url = {
        "plan": f"/planer/{plan.slug}/kort/",
        "area": f"/planer/{plan.slug}/{area.slug}/kort/",
        "national": "/sammenlign/",
    }[kind]
    _mapped_projects(area, 1)
    with django_assert_max_num_queries(30) as one:
        assert client.get(url).status_code == 200
    _mapped_projects(area, 30)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert "Aalborg" in response.content.decode()


def test_the_map_counts_projects_and_money_per_municipality():
    plan = factories.plan()
    area = factories.focus_area(factories.theme(plan))
    _mapped_projects(area, 3)
    data = overview.map_data(plan=plan)
    aalborg = next(m for m in data.municipalities if m.code == 851)
    assert (aalborg.projects, aalborg.granted) == (3, Decimal(600000))
    assert len(data.points) == 3
    assert ProjectMunicipality.objects.count() == 3
    national = next(m for m in overview.map_data().municipalities if m.code == 851)
    assert (national.projects, national.granted) == (3, Decimal(600000))


def test_the_maps_summaries_follow_every_change_as_a_rebuild_would():
    from actionplan.projects import summaries
    from actionplan.projects.models import MunicipalityTotals

    plan = factories.plan()
    area = factories.focus_area(factories.theme(plan))
    _mapped_projects(area, 2)
    project = factories.project([area])
    factories.grant(project, "50000")
    places.project_municipalities_set(actor=SYSTEM, project=project, codes=[101, 851])
    projects.project_update(actor=SYSTEM, project=project, is_published=False)
    projects.project_update(actor=SYSTEM, project=project, is_published=True)
    places.project_municipalities_set(actor=SYSTEM, project=project, codes=[101])

    def rows():
        found = MunicipalityTotals.objects.filter(projects__gt=0).values_list(
            "plan_id", "focus_area_id", "code", "projects", "granted_dkk"
        )
        return sorted(found, key=str)

    kept = rows()
    summaries.rebuild([plan.pk])
    assert kept == rows()
    assert (plan.pk, None, 101, 1, Decimal(50000)) in kept


# -- search and feeds ----------------------------------------------------------------------


def test_one_search_finds_every_kind(client):
    plan = factories.plan(title="Grøn omstilling")
    area = factories.focus_area(factories.theme(plan), title="Grøn energi")
    factories.goal(area, statement="Mere grøn strøm i 2030")
    factories.project([area], title="Grønne tage")
    factories.organisation(name="Grønt Forum")
    results = overview.search_everything("grøn")
    assert results.plans and results.focus_areas and results.goals
    assert results.projects and results.organisations
    body = client.get("/soeg/?q=gr%C3%B8n").content.decode()
    for heading in ("Handlingsplaner", "Indsatsområder", "Mål", "Projekter", "Organisationer"):
        assert heading in body


def test_feeds_are_atom_with_status_updates_and_grants(client):
    plan = factories.plan()
    area = factories.focus_area(factories.theme(plan))
    project = factories.project([area], title="Fulgt projekt")
    factories.grant(project, "300000")
    # A submitted update is not news until staff approve it.
    status_update_create(
        actor=SYSTEM,
        project=project,
        date=dt.date(2021, 6, 1),
        status="started",
        narrative="Venter på godkendelse",
    )
    factories.status_update(project, date=dt.date(2021, 5, 1), narrative="Godt i gang")
    for url in (
        f"/planer/{plan.slug}/nyheder.atom",
        f"/planer/{plan.slug}/{area.slug}/nyheder.atom",
        f"/projekter/{project.slug}/nyheder.atom",
    ):
        response = client.get(url)
        assert response["Content-Type"].startswith("application/atom+xml")
        feed = ET.fromstring(response.content)
        assert feed.tag == f"{ATOM}feed"
        for required in ("id", "title", "updated"):
            assert feed.find(f"{ATOM}{required}") is not None
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == 2
        for entry in entries:
            for required in ("id", "title", "updated"):
                assert entry.find(f"{ATOM}{required}") is not None
    page = client.get(f"/projekter/{project.slug}/").content.decode()
    assert 'rel="alternate" type="application/atom+xml"' in page


# -- downloads -----------------------------------------------------------------------------


def test_the_danish_excel_csv_reads_back_with_the_pages_rows_and_total(client):
    plan = factories.plan()
    area = factories.focus_area(factories.theme(plan))
    amounts = ["1250000.50", "300000", "99999.75"]
    for amount in amounts:
        factories.grant(factories.project([area]), amount)
    factories.grant(factories.project([area]), None)  # unknown: not 0 kr.
    page = client.get(f"/planer/{plan.slug}/{area.slug}/")
    url = f"/projekter/projekter.excel.csv?focus_area={area.pk}&sort=-granted"
    assert url.replace("&", "&amp;") in page.content.decode()
    response = client.get(url)
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    # As Danish Excel reads it: semicolons, decimal comma.
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert len(body) == page.context["page"].project_count == 4
    granted = header.index("Bevilget (kr.)")
    total = sum(Decimal(row[granted].replace(",", ".")) for row in body)
    assert total == page.context["page"].granted.total == sum(Decimal(a) for a in amounts)
    assert "1250000,5" in [row[granted] for row in body]
    status = header.index("Status")
    assert {row[status] for row in body} == {"igangsat"}  # Danish labels, not codes
    unknown = header.index("Bevillinger uden oplyst beløb")
    assert sorted(row[unknown] for row in body) == ["0", "0", "0", "1"]


def test_the_machine_csv_and_xlsx_keep_codes_and_numbers(client):
    area = factories.focus_area()
    factories.grant(factories.project([area], title="Et projekt"), "1500,5".replace(",", "."))
    machine = b"".join(client.get("/projekter/projekter.csv?q=projekt").streaming_content)
    rows = list(csv.DictReader(io.StringIO(machine.decode())))
    assert rows[0]["status"] == "started" and rows[0]["granted_dkk"] == "1500.5"
    xlsx = client.get("/projekter/projekter.xlsx?q=projekt").content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    values = list(sheet.values)
    assert values[0][2] == "Status" and values[1][2] == "igangsat" and values[1][6] == 1500.5


def test_every_plan_chart_offers_its_numbers(client):
    plan = factories.plan()
    area = factories.focus_area(factories.theme(plan))
    factories.grant(factories.project([area]), "500000")
    page = client.get(f"/planer/{plan.slug}/").content.decode()
    for key in ("penge-pr-tema", "penge-pr-indsatsomraade", "projekter-pr-status"):
        for fmt in ("csv", "excel.csv", "xlsx"):
            url = f"/planer/{plan.slug}/diagrammer/{key}.{fmt}"
            assert url in page
            assert client.get(url).status_code == 200


def test_a_goal_carried_into_the_next_plan_shows_as_one_history(client):
    from actionplan.plans import services as plans

    region = factories.organisation(kind=Organisation.Kind.REGION)
    first = factories.plan(organisation=region, title="Plan 2020-2021")
    second = factories.plan(
        organisation=region,
        title="Plan 2022-2023",
        period_start=dt.date(2022, 1, 1),
        period_end=dt.date(2023, 12, 31),
    )
    old_area = factories.focus_area(factories.theme(first))
    new_area = factories.focus_area(factories.theme(second))
    old_goal = factories.goal(old_area, statement="Halvere spildet i 2030")
    plans.goal_create(
        actor=SYSTEM,
        focus_area=new_area,
        statement="Halvere spildet i 2030 (fortsat)",
        carried_from=old_goal,
    )
    newer = client.get(f"/planer/{second.slug}/{new_area.slug}/").content.decode()
    assert "Målet på tværs af planperioder" in newer
    assert "Plan 2020-2021" in newer and f"/planer/{first.slug}/{old_area.slug}/" in newer
    older = client.get(f"/planer/{first.slug}/{old_area.slug}/").content.decode()
    assert f"/planer/{second.slug}/{new_area.slug}/" in older


def test_every_published_rounds_assessment_shows_on_a_timeline(client):
    from actionplan.rounds.models import FocusAreaAssessment, StatusRound

    plan = factories.plan()
    area = factories.focus_area(factories.theme(plan))
    for year, text in ((2021, "Første vurdering"), (2022, "Anden vurdering")):
        status_round = StatusRound.objects.create(
            plan=plan,
            name=f"Status {year}",
            slug=f"status-{year}",
            reference_date=dt.date(year, 9, 1),
            state=StatusRound.State.PUBLISHED,
        )
        FocusAreaAssessment.objects.create(round=status_round, focus_area=area, text=text)
    page = client.get(f"/planer/{plan.slug}/{area.slug}/").content.decode()
    assert "Vurderinger år for år" in page
    assert page.index("Anden vurdering") < page.index("Første vurdering")


def test_the_national_view_counts_goals_by_the_status_their_page_shows(two_owners):
    from django.db.models import Prefetch

    from actionplan.indicators.models import Indicator
    from actionplan.plans.models import Goal
    from actionplan.portal.selectors import goal_status

    area = factories.focus_area(factories.theme(two_owners["current"]))
    year = dt.date.today().year
    for target, values in [
        (200, [100, 150, 200]),  # achieved
        (200, [100, 101, 100]),  # behind
        (110, [100, 120]),  # achieved early
        (200, []),  # nothing measured
    ]:
        goal = factories.goal(area)
        factories.indicator(
            goal,
            [(dt.date(year - 3 + i, 12, 31), v) for i, v in enumerate(values)],
            baseline_value=100,
            baseline_year=year - 4,
            target_value=target,
            target_year=year + 2,
        )
        factories.indicator(goal, weight=2, baseline_value=5, target_value=1, ascending=False)
    factories.goal(area)  # no indicator at all
    shown = Counter(
        (goal_status(g) or {"code": "no_data"})["code"]
        for g in Goal.objects.filter(focus_area=area).prefetch_related(
            Prefetch("indicators", Indicator.objects.prefetch_related("observations"))
        )
    )
    region = next(f for f in overview.national_page() if f.plan == two_owners["current"])
    assert region.goals == shown
    assert region.goals_total == 5 and len(shown) >= 2
