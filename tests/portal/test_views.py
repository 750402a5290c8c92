import datetime as dt
import pickle
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionplan.core.services import SYSTEM
from actionplan.indicators.models import Indicator
from actionplan.indicators.services import indicator_create, observation_create
from actionplan.organisations.models import FundingSource
from actionplan.plans.models import ActionPlan
from actionplan.plans.services import goal_create
from actionplan.projects import services as projects
from actionplan.projects.models import CoFunding, Participation, ProjectStatus
from actionplan.rounds.models import StatusRound
from actionplan.rounds.services import assessment_create, round_create
from tests import factories

pytestmark = pytest.mark.django_db


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_front_door_shows_the_own_regions_current_plan_and_the_way_to_the_others(client, demo):
    page = html(client.get("/"))
    assert demo.title in page
    assert 'href="/planer/"' in page


def test_the_front_door_says_so_when_nothing_is_published(client):
    page = html(client.get("/en/"))
    assert "No plans have been published yet." in page


def test_the_demo_plan_front_page_shows_themes_focus_areas_goals_and_money(client, demo):
    page = html(client.get(f"/planer/{demo.slug}/"))
    assert "Handlingsplan 2020-2021" in page
    assert "Effektiv og bæredygtig mobilitet" in page
    assert "Sikre grundvandet" in page
    assert "Vi vil sikre 85% af grundvandet" in page
    assert "mio. kr." in page
    assert 'href="/tilgaengelighed/"' in page


def test_plan_totals_count_the_regional_pool_and_granted_cofunding_once_per_project(client):
    plan = factories.plan(title="Totalplan")
    theme = factories.theme(plan)
    first, second = factories.focus_area(theme), factories.focus_area(theme)
    pool = factories.funding_source(name="RUS-puljen", kind=FundingSource.Kind.REGIONAL_POOL)
    eu = factories.funding_source(name="Interreg", kind=FundingSource.Kind.EU)
    project = factories.project([first, second], status=ProjectStatus.GRANTED)
    factories.grant(project, "1100000", source=pool)
    factories.grant(project, "500000", source=eu)
    projects.cofunding_create(
        actor=SYSTEM,
        project=project,
        source=eu,
        status=CoFunding.Status.GRANTED,
        amount=Decimal(4300000),
    )
    projects.cofunding_create(
        actor=SYSTEM,
        project=project,
        source=eu,
        status=CoFunding.Status.APPLIED,
        amount=Decimal(9000000),
    )
    page = html(client.get(f"/en/planer/{plan.slug}/"))
    # The pool total counts the pool grant once, though the project is in two focus areas.
    # Money is written the English way on English pages (it used to be Danish there too).
    assert "DKK 1.1m" in page
    assert "DKK 4.3m" in page
    assert "DKK 9m" not in page
    assert page.count("DKK 1.6m") == 2  # each focus area shows the project's grants


def test_focus_area_page_shows_challenge_goal_indicator_chart_table_projects_and_assessment(
    client,
):
    plan = factories.plan()
    area = factories.focus_area(
        factories.theme(plan), title="Sikre grundvandet", challenge="Grundvandet er truet."
    )
    goal = goal_create(
        actor=SYSTEM, focus_area=area, statement="85 % sikret i 2030", target_years=[2030]
    )
    indicator = indicator_create(
        actor=SYSTEM,
        goal=goal,
        name="Andel sikret grundvand",
        measure=Indicator.Measure.PERCENTAGE,
        unit="%",
        baseline_value=Decimal(40),
        baseline_year=2018,
        target_value=Decimal(85),
        target_year=2030,
    )
    observation_create(actor=SYSTEM, indicator=indicator, date=dt.date(2020, 6, 1), value="52,5")
    project = factories.project([area], title="Grundvandsprojekt")
    factories.grant(project, "4300000")
    status_round = round_create(
        actor=SYSTEM,
        plan=plan,
        name="Status 2021",
        slug="status-2021",
        reference_date=dt.date(2021, 11, 22),
        state=StatusRound.State.PUBLISHED,
    )
    assessment_create(
        actor=SYSTEM,
        round=status_round,
        focus_area=area,
        text="Fortsat relevant.",
        still_relevant=True,
    )
    page = html(client.get(f"/planer/{plan.slug}/{area.slug}/"))
    assert "Grundvandet er truet." in page
    assert "85 % sikret i 2030" in page
    assert 'type="application/json"' in page and "vega-lite" in page
    assert "52,5 %" in page  # the table alternative, in Danish format
    assert "1. juni 2020" in page
    assert "Grundvandsprojekt" in page and "4,3 mio. kr." in page
    assert "Fortsat relevant." in page and "22. november 2021" in page


def test_project_page_shows_partners_money_with_dates_timeline_and_sdgs(client):
    lead = factories.organisation(name="Movia")
    partner = factories.organisation(name="Københavns Kommune")
    project = factories.project(
        title="Bedre busser", description="Flere busser på Østerbro.", lead=lead, sdgs=[11, 13]
    )
    projects.participation_add(
        actor=SYSTEM, project=project, organisation=partner, role=Participation.Role.IMPLEMENTING
    )
    factories.grant(project, "1100000", decided="2021-08", decided_by="Regionsrådet")
    factories.status_update(
        project,
        date=dt.date(2026, 11, 22),
        status=ProjectStatus.STARTED,
        narrative="Godt i gang.",
        progress=40,
    )
    page = html(client.get(f"/projekter/{project.slug}/"))
    assert "Flere busser på Østerbro." in page
    assert "Movia" in page and "Københavns Kommune" in page
    assert "1,1 mio. kr." in page
    assert "august 2021" in page and "Regionsrådet" in page
    assert "22. november 2026" in page and "Godt i gang." in page
    assert "Mål 11: Bæredygtige byer og lokalsamfund" in page  # SDGs with their names
    assert "Mål 13: Klimaindsats" in page


def test_organisation_page_lists_led_and_partner_projects_with_money(client):
    org = factories.organisation(name="DTU")
    led = factories.project(title="DTU leder", lead=org)
    factories.grant(led, "2000000")
    other = factories.project(title="DTU deltager")
    projects.participation_add(
        actor=SYSTEM, project=other, organisation=org, role=Participation.Role.IMPLEMENTING
    )
    page = html(client.get(f"/organisationer/{org.slug}/"))
    assert "DTU leder" in page and "DTU deltager" in page
    assert "2 mio. kr." in page


def test_organisation_page_shows_the_largest_projects_and_links_to_the_rest(client, monkeypatch):
    from actionplan.portal import selectors

    monkeypatch.setattr(selectors, "ORGANISATION_PROJECTS_SHOWN", 2)
    org = factories.organisation(name="Stor Kommune")
    for n, amount in enumerate(["1000000", "3000000", "2000000"]):
        factories.grant(factories.project(title=f"Ledet {n}", lead=org), amount)
    partnered = factories.project(title="Deltager")
    projects.participation_add(
        actor=SYSTEM, project=partnered, organisation=org, role=Participation.Role.IMPLEMENTING
    )
    page = html(client.get(f"/en/organisationer/{org.slug}/"))
    assert "Ledet 1" in page and "Ledet 2" in page and "Ledet 0" not in page
    assert "3 projects · granted: DKK 6m" in page
    assert "Deltager" in page
    assert f"/projekter/?organisation={org.slug}&amp;sort=-granted" in page
    assert "See all 4 projects in the project list" in page


def test_search_finds_osterbro_from_lower_case_on_this_database(client):
    factories.project(title="Cykelsti på Østerbro", slug="cykelsti-osterbro")
    factories.project(title="Noget helt andet", slug="noget-andet")
    page = html(client.get("/projekter/", {"q": "østerbro"}))
    assert "Cykelsti på Østerbro" in page
    assert "Noget helt andet" not in page
    page = html(client.get("/projekter/", {"q": "ØSTERBRO"}))
    assert "Cykelsti på Østerbro" in page


def test_search_looks_in_descriptions_too(client):
    factories.project(title="Bybus", description="Nye ruter i Ærøskøbing-området")
    assert "Bybus" in html(client.get("/projekter/", {"q": "ærøskøbing"}))


def test_filters_by_status_organisation_source_theme_and_year(client):
    plan = factories.plan()
    theme = factories.theme(plan)
    area = factories.focus_area(theme)
    lead = factories.organisation(name="Region X")
    source = factories.funding_source(name="LIFE")
    match = factories.project(
        [area],
        title="Rammer alt",
        lead=lead,
        status=ProjectStatus.COMPLETED,
        start="2021-03",
        end="2022",
    )
    factories.grant(match, "100000", source=source)
    factories.project(
        [area], title="Forkert status", lead=lead, status=ProjectStatus.IDEA, start="2021"
    )
    factories.project(title="Andet tema", lead=lead, status=ProjectStatus.COMPLETED, start="2021")
    query = {
        "status": "completed",
        "organisation": lead.slug,
        "source": source.slug,
        "theme": theme.pk,
        "focus_area": area.pk,
        "year": 2022,
    }
    page = html(client.get("/projekter/", query))
    assert "Rammer alt" in page
    assert "Forkert status" not in page and "Andet tema" not in page
    assert "1 project found" in html(client.get("/en/projekter/", query))


def test_the_filter_options_are_kept_until_something_changes(client):
    area = factories.focus_area()
    factories.project([area], lead=factories.organisation(name="Gammel Kommune"))
    with CaptureQueriesContext(connection) as first:
        assert "Gammel Kommune" in html(client.get("/projekter/"))
    with CaptureQueriesContext(connection) as again:
        html(client.get("/projekter/"))
    assert len(again) < len(first)  # the options came from the cache

    project = factories.project([area], lead=factories.organisation(name="Ny Kommune"))
    assert "Ny Kommune" in html(client.get("/projekter/"))
    projects.project_update(actor=SYSTEM, project=project, is_published=False)
    assert "Ny Kommune" not in html(client.get("/projekter/"))


def test_the_kept_filter_options_are_data_and_the_statuses_follow_the_language(client):
    from actionplan.portal import selectors

    factories.project([factories.focus_area()])
    # A lazy translation in the cache is a class built at every unpickling (1,7 ms each).
    assert b"_lazy_proxy_unpickle" not in pickle.dumps(selectors.filter_options())
    assert '<option value="started">igangsat</option>' in html(client.get("/projekter/"))
    assert '<option value="started">started</option>' in html(client.get("/en/projekter/"))


def test_with_many_organisations_the_filter_takes_a_name_or_part_of_one(client, monkeypatch):
    from actionplan.portal import selectors

    monkeypatch.setattr(selectors, "ORGANISATIONS_LISTED", 1)
    area = factories.focus_area()
    lead = factories.organisation(name="Østerbro Lokaludvalg", slug="oesterbro")
    factories.project([area], title="Ledet projekt", lead=lead)
    partnered = factories.project([area], title="Partnerprojekt")
    projects.participation_add(
        actor=SYSTEM, project=partnered, organisation=lead, role=Participation.Role.IMPLEMENTING
    )
    factories.project([area], title="Andet projekt", lead=factories.organisation(name="Region X"))

    page = html(client.get("/projekter/"))
    assert 'type="search" id="id_organisation"' in page and "Region X</option>" not in page
    for typed in ["østerbro", "ØSTERBRO lokal", "oesterbro"]:
        page = html(client.get("/projekter/", {"organisation": typed}))
        assert "Ledet projekt" in page and "Partnerprojekt" in page, typed
        assert "Andet projekt" not in page, typed
    assert "Ingen projekter" in html(client.get("/projekter/", {"organisation": "Vesterbro"}))


def test_a_bad_filter_value_is_explained_and_ignored(client):
    factories.project(title="Synligt projekt")
    page = html(client.get("/en/projekter/", {"status": "nonsense", "q": "synligt"}))
    assert "Synligt projekt" in page
    assert "form-error-message" in page


def test_paging_without_javascript_uses_plain_links(client):
    for n in range(23):
        factories.project(
            title=f"Pagineret {n:02d}", slug=f"pagineret-{n:02d}", description="pagineret"
        )
    first = html(client.get("/projekter/", {"q": "pagineret"}))
    assert "Pagineret 00" in first and "Pagineret 20" not in first
    assert "side=2" in first
    second = html(client.get("/projekter/", {"q": "pagineret", "side": 2}))
    assert "Pagineret 20" in second and "Pagineret 00" not in second


def test_beyond_the_cap_the_list_says_more_than_and_pages_up_to_it(client, monkeypatch):
    from functools import partial

    from actionplan.core.paging import CappedPaginator
    from actionplan.portal import views

    monkeypatch.setattr(views, "CappedPaginator", partial(CappedPaginator, cap=40))
    for n in range(45):
        parity = "ulige" if n % 2 else "lige"
        factories.project(title=f"Mange {n:02d}", slug=f"mange-{n:02d}", description=parity)
    # A list without a search orders every match and pages to the cap.
    first = html(client.get("/en/projekter/"))
    assert "More than 40 projects found; narrow the search" in first
    assert "page 1 of 2" in first
    last = html(client.get("/en/projekter/", {"side": 9}))  # past the cap
    assert "Mange 39" in last and "Mange 40" not in last
    exact = html(client.get("/en/projekter/", {"q": "ulige"}))
    assert "22 projects found" in exact and "More than" not in exact

    # A search beyond the cap orders the first 40 matches found, and says so.
    pages = [html(client.get("/en/projekter/", {"q": "Mange", "side": n})) for n in (1, 2)]
    assert "these are the first 40 found" in pages[0]
    titles = [re.findall(r">(Mange \d\d)<", page) for page in pages]
    assert [len(t) for t in titles] == [20, 20]
    assert all(t == sorted(t) for t in titles) and titles[0][-1] < titles[1][0]


def test_htmx_gets_only_the_results(client):
    factories.project(title="Htmx projekt")
    partial = html(client.get("/projekter/", {"q": "htmx"}, headers={"HX-Request": "true"}))
    assert "Htmx projekt" in partial
    assert "<html" not in partial
    assert "HX-Request" in client.get("/projekter/")["Vary"]


def test_sorting_by_money_puts_the_biggest_grant_first(client):
    small = factories.project(title="A lille", description="sortering")
    big = factories.project(title="B stor", description="sortering")
    factories.grant(small, "1000")
    factories.grant(big, "9000000")
    page = html(client.get("/projekter/", {"q": "sortering", "sort": "-granted"}))
    assert page.index("B stor") < page.index("A lille")


def test_english_version_is_served_under_en(client):
    factories.project(title="Engelsk")
    page = html(client.get("/en/projekter/", {"q": "engelsk"}))
    assert '<html lang="en">' in page
    assert "Projects" in page


def test_language_switch_is_a_form_that_works_without_javascript(client):
    page = html(client.get("/projekter/"))
    assert 'action="/i18n/setlang/"' in page
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/projekter/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/projekter/"


def test_accessibility_statement_in_both_languages(client):
    assert "Tilgængelighedserklæring" in html(client.get("/tilgaengelighed/"))
    assert "Accessibility statement" in html(client.get("/en/tilgaengelighed/"))


@pytest.mark.parametrize(
    "url",
    ["/planer/nope/", "/planer/nope/nope/", "/projekter/nope/", "/organisationer/nope/"],
)
def test_unknown_things_are_404(client, url):
    assert client.get(url).status_code == 404


def test_danish_money_and_dates_filters():
    from actionplan.portal.templatetags.portal import dkk, dkk_short, long_date, number_da

    assert dkk(Decimal(4300000)) == "4.300.000 kr."
    assert dkk_short(Decimal(1100000)) == "1,1 mio. kr."
    assert long_date(dt.date(2026, 11, 22)) == "22. november 2026"
    assert number_da(Decimal("12500.50")) == "12.500,5"


def test_get_user_model_is_not_needed_for_public_pages(client, demo):
    assert get_user_model().objects.filter(username="anonymous").count() == 0
    assert client.get(f"/planer/{demo.slug}/").status_code == 200


def test_draft_plan_has_no_public_pages(client):
    plan = factories.plan(status=ActionPlan.Status.DRAFT)
    area = factories.focus_area(factories.theme(plan))
    assert client.get(f"/planer/{plan.slug}/").status_code == 404
    assert client.get(f"/planer/{plan.slug}/{area.slug}/").status_code == 404


def test_postgresql_search_stems_danish_words(client):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("Danish stemming is PostgreSQL's; SQLite folds case only")
    factories.project(title="Klimatilpasning i kommunerne", slug="klimatilpasning-kommuner")
    page = html(client.get("/projekter/", {"q": "klimatilpasningen"}))
    assert "Klimatilpasning i kommunerne" in page


def test_goal_status_from_the_indicators_shows_with_its_reason(client, demo):
    front = html(client.get(f"/en/planer/{demo.slug}/"))
    assert "status-off_track" in front  # the EUD goal: stable at 14 % against 30 % in 2025
    area = html(client.get(f"/en/planer/{demo.slug}/faglaerte/"))
    assert "status-off_track" in area
