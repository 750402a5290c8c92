import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from actionplan.accounts.models import Role
from actionplan.core.history import events_for
from actionplan.core.services import SYSTEM, version_of
from actionplan.indicators.models import Indicator, Observation
from actionplan.indicators.services import observation_create
from actionplan.plans import services
from actionplan.plans.models import (
    ActionPlan,
    FocusArea,
    Goal,
    PlannedActivity,
    SuggestedPartner,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return factories.organisation(name="Region Test")


@pytest.fixture
def plan(region):
    return factories.plan(organisation=region, status=ActionPlan.Status.DRAFT, slug="hp")


@pytest.fixture
def theme(plan):
    return factories.theme(plan, title="Klima")


@pytest.fixture
def area(theme):
    return factories.focus_area(theme, title="Sikre grundvandet", slug="grundvand")


@pytest.fixture
def editor(region):
    return factories.user("editor", role=Role.EDITOR, organisation=region)


@pytest.fixture
def reader(region):
    return factories.user("reader", role=Role.READER, organisation=region)


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def as_reader(client, reader):
    client.force_login(reader)
    return client


@pytest.fixture
def share(area):
    goal = factories.goal(area, statement="30 % i 2025")
    return factories.indicator(
        goal, name="EUD-andel", measure=Indicator.Measure.PERCENTAGE, unit="%"
    )


def url(name, *args):
    return reverse(f"workspace:{name}", args=args)


# -- access --------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client, plan):
    response = client.get(url("plan", plan.slug))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("workspace:login"))


def test_anonymous_posts_change_nothing(client, plan):
    client.post(url("plan_edit", plan.slug), {"title": "Hacket"})
    assert ActionPlan.objects.get(pk=plan.pk).title == plan.title


def test_another_organisations_plan_is_not_found(as_editor):
    other = factories.plan(status=ActionPlan.Status.DRAFT)
    assert as_editor.get(url("plan", other.slug)).status_code == 404


def test_another_organisations_focus_area_is_not_found_under_ones_own_plan(as_editor, plan):
    foreign = factories.focus_area()
    assert as_editor.get(url("focus_area", plan.slug, foreign.pk)).status_code == 404


def test_a_reader_sees_the_plan_without_edit_controls(as_reader, plan, area):
    response = as_reader.get(url("plan", plan.slug))
    assert response.status_code == 200
    assert url("plan_edit", plan.slug) not in response.content.decode()
    assert url("focus_area_move", plan.slug, area.pk) not in response.content.decode()


def test_a_reader_may_not_post(as_reader, plan):
    response = as_reader.post(url("plan_edit", plan.slug), {"title": "Ny"})
    assert response.status_code == 403


def test_a_reader_may_not_move_a_focus_area(as_reader, plan, area):
    response = as_reader.post(url("focus_area_move", plan.slug, area.pk), {"direction": "up"})
    assert response.status_code == 403


# -- the plan list and creating a plan -------------------------------------------------------


def test_the_list_shows_the_users_plans_and_not_another_organisations_draft(as_editor, plan):
    factories.plan(status=ActionPlan.Status.DRAFT, title="Fremmed udkast")
    response = as_editor.get(url("plans"))
    assert list(response.context["plans"]) == [plan]


def _plans_page_queries(client, region, count):
    for _ in range(count):
        factories.plan(organisation=region)
    client.get(url("plans"))  # warm-up (session stamp)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("plans")).status_code == 200
    return len(queries)


def test_the_plan_list_takes_as_many_queries_for_50_plans_as_for_1(as_editor, region):
    one = _plans_page_queries(as_editor, region, 1)
    assert _plans_page_queries(as_editor, region, 49) == one


def test_an_editor_creates_a_draft_plan(as_editor, region, plan):
    response = as_editor.post(
        url("plan_create"),
        {
            "organisation": region.pk,
            "strategy": plan.strategy.pk,
            "title": "Handlingsplan 2022-2023",
            "slug": "hp-2022",
            "period_start": "2022",
            "period_end": "2023",
            "status": "draft",
        },
    )
    created = ActionPlan.objects.get(slug="hp-2022")
    assert response["Location"] == url("plan", "hp-2022")
    assert (created.period_start, created.period_end) == (
        dt.date(2022, 1, 1),
        dt.date(2023, 12, 31),
    )


def test_a_period_ending_before_it_starts_is_refused_next_to_the_end(as_editor, region, plan):
    response = as_editor.post(
        url("plan_create"),
        {
            "organisation": region.pk,
            "strategy": plan.strategy.pk,
            "title": "Baglæns",
            "slug": "baglaens",
            "period_start": "2023",
            "period_end": "2022",
            "status": "draft",
        },
    )
    assert "period_end" in response.context["form"].errors
    assert not ActionPlan.objects.filter(slug="baglaens").exists()


def test_a_plan_cannot_be_created_for_another_organisation(as_editor, plan):
    other = factories.organisation()
    response = as_editor.post(
        url("plan_create"),
        {
            "organisation": other.pk,
            "strategy": plan.strategy.pk,
            "title": "Fremmed",
            "slug": "fremmed",
            "period_start": "2022",
            "period_end": "2023",
            "status": "draft",
        },
    )
    assert "organisation" in response.context["form"].errors
    assert not ActionPlan.objects.filter(slug="fremmed").exists()


# -- editing the plan, optimistic locking ---------------------------------------------------


def _plan_form(plan, **changes):
    return {
        "version": version_of(plan),
        "title": plan.title,
        "slug": plan.slug,
        "period_start": "01.01.2020",
        "period_end": "31.12.2021",
        "status": plan.status,
        "intro": plan.intro,
        **changes,
    }


def test_the_second_of_two_edits_opened_together_is_refused_and_the_first_survives(as_editor, plan):
    first = _plan_form(plan, title="Først")
    second = _plan_form(plan, title="Anden")
    assert as_editor.post(url("plan_edit", plan.slug), first).status_code == 302
    response = as_editor.post(url("plan_edit", plan.slug), second)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert ActionPlan.objects.get(pk=plan.pk).title == "Først"


def test_extra_fields_in_a_post_change_nothing_else(as_editor, plan):
    other = factories.organisation()
    as_editor.post(url("plan_edit", plan.slug), _plan_form(plan, organisation=other.pk))
    assert ActionPlan.objects.get(pk=plan.pk).organisation_id == plan.organisation_id


# -- themes and focus areas -----------------------------------------------------------------


def _three_areas(theme):
    return [factories.focus_area(theme, title=t, order=0) for t in ("A", "B", "C")]


def _titles(theme):
    return list(theme.focus_areas.order_by("order", "id").values_list("title", flat=True))


def test_moving_a_focus_area_up_persists_the_new_order(as_editor, plan, theme):
    *_, c = _three_areas(theme)
    response = as_editor.post(url("focus_area_move", plan.slug, c.pk), {"direction": "up"})
    assert response.status_code == 302
    assert _titles(theme) == ["A", "C", "B"]


def test_moving_a_focus_area_is_audited(as_editor, plan, theme, editor):
    a, *_ = _three_areas(theme)
    as_editor.post(url("focus_area_move", plan.slug, a.pk), {"direction": "down"})
    event = events_for(FocusArea.objects.get(pk=a.pk)).order_by("-pk").first()
    assert (event.actor, event.changes["order"][1]) == (editor, 1)


def test_moving_with_htmx_answers_with_the_themes_list_only(as_editor, plan, theme):
    _a, b, _c = _three_areas(theme)
    response = as_editor.post(
        url("focus_area_move", plan.slug, b.pk), {"direction": "down"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<h1" not in body
    assert body.index(">C<") < body.index(">B<")


def test_the_first_focus_area_cannot_move_further_up(as_editor, plan, theme):
    _three_areas(theme)
    first = theme.focus_areas.order_by("order", "id").first()
    as_editor.post(url("focus_area_move", plan.slug, first.pk), {"direction": "up"})
    assert _titles(theme) == ["A", "B", "C"]


def test_a_new_theme_is_created(as_editor, plan):
    as_editor.post(
        url("theme_create", plan.slug), {"title": "Mobilitet", "slug": "mob", "order": 2}
    )
    assert plan.themes.get(slug="mob").title == "Mobilitet"


def _area_form(area, **changes):
    return {
        "version": version_of(area),
        "title": area.title,
        "slug": area.slug,
        "challenge": area.challenge,
        "approach": area.approach,
        **changes,
    }


def test_a_focus_area_is_saved(as_editor, plan, area):
    as_editor.post(url("focus_area", plan.slug, area.pk), _area_form(area, challenge="Pesticider"))
    assert FocusArea.objects.get(pk=area.pk).challenge == "Pesticider"


def test_a_focus_area_gets_a_dac_sector_for_the_iati_export(as_editor, plan, area):
    as_editor.post(url("focus_area", plan.slug, area.pk), _area_form(area, dac_sector="14015"))
    assert FocusArea.objects.get(pk=area.pk).dac_sector == "14015"
    response = as_editor.post(
        url("focus_area", plan.slug, area.pk), _area_form(area, dac_sector="99999")
    )
    assert response.status_code == 200  # the form again, with the error
    assert FocusArea.objects.get(pk=area.pk).dac_sector == "14015"


def test_a_focus_area_edit_on_stale_values_is_refused(as_editor, plan, area):
    stale = _area_form(area, title="Anden")
    services.focus_area_update(actor=SYSTEM, focus_area=area, title="Først")
    response = as_editor.post(url("focus_area", plan.slug, area.pk), stale)
    assert response.context["form"].non_field_errors()
    assert FocusArea.objects.get(pk=area.pk).title == "Først"


def test_a_focus_area_post_cannot_move_it_to_another_order(as_editor, plan, area):
    as_editor.post(url("focus_area", plan.slug, area.pk), _area_form(area, order=99))
    assert FocusArea.objects.get(pk=area.pk).order == area.order


def _plan_page_queries(client, plan, theme, count):
    for _ in range(count):
        factories.focus_area(theme)
    client.get(url("plan", plan.slug))  # warm-up (session stamp)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("plan", plan.slug)).status_code == 200
    return len(queries)


def test_the_plan_page_takes_as_many_queries_for_50_focus_areas_as_for_1(as_editor, plan, theme):
    one = _plan_page_queries(as_editor, plan, theme, 1)
    assert _plan_page_queries(as_editor, plan, theme, 49) == one


# -- what a focus area holds ----------------------------------------------------------------


def test_a_fact_is_added_without_javascript(as_editor, plan, area):
    response = as_editor.post(
        url("item_create", plan.slug, area.pk, "fakta"),
        {"fakta-text": "85 % af grundvandet er sikret", "fakta-value": "85", "fakta-year": "2020"},
    )
    assert response.status_code == 302
    assert area.facts.get().value == Decimal(85)


def test_a_fact_added_with_htmx_answers_with_its_section(as_editor, plan, area):
    response = as_editor.post(
        url("item_create", plan.slug, area.pk, "fakta"),
        {"fakta-text": "Ny fakta"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert 'id="section-fakta"' in body and "Ny fakta" in body and "<h1" not in body


def test_a_goal_with_a_bad_target_year_shows_the_error_next_to_the_field(as_editor, plan, area):
    response = as_editor.post(
        url("item_create", plan.slug, area.pk, "maal"),
        {"maal-statement": "Mål", "maal-target_years": "2030, snart", "maal-weight": "1"},
    )
    assert "target_years" in response.context["form"].errors
    assert not area.goals.exists()


def test_a_goal_is_edited_with_its_target_years(as_editor, plan, area):
    goal = factories.goal(area, statement="Mål")
    as_editor.post(
        url("item_edit", plan.slug, area.pk, "maal", goal.pk),
        {
            "version": version_of(Goal.objects.get(pk=goal.pk)),  # as stored, e.g. 1.00
            "statement": "Mål",
            "target_years": "2035, 2050",
            "weight": "1",
        },
    )
    goal.refresh_from_db()
    assert goal.target_years == [2035, 2050]


def test_a_sub_activity_is_added_under_its_parent(as_editor, plan, area):
    parent = services.activity_create(actor=SYSTEM, focus_area=area, text="Samarbejde om:")
    as_editor.post(
        url("item_create", plan.slug, area.pk, "aktiviteter"),
        {"aktiviteter-text": "kortlægning", "aktiviteter-parent": parent.pk},
    )
    assert PlannedActivity.objects.get(text="kortlægning").parent == parent


def test_a_suggested_partner_is_deleted(as_editor, plan, area):
    partner = services.suggested_partner_create(actor=SYSTEM, focus_area=area, name="DTU")
    as_editor.post(url("item_delete", plan.slug, area.pk, "partnere", partner.pk))
    assert not SuggestedPartner.objects.filter(pk=partner.pk).exists()


def test_another_focus_areas_item_is_not_found(as_editor, plan, area):
    elsewhere = factories.focus_area(area.theme)
    fact = services.fact_create(actor=SYSTEM, focus_area=elsewhere, text="Andetsteds")
    response = as_editor.get(url("item_edit", plan.slug, area.pk, "fakta", fact.pk))
    assert response.status_code == 404


def test_the_focus_area_page_takes_as_many_queries_for_50_items_as_for_1(as_editor, plan, area):
    def queries(count):
        for n in range(count):
            services.fact_create(actor=SYSTEM, focus_area=area, text=f"Fakta {n}")
            goal = factories.goal(area)
            factories.indicator(goal)
            services.suggested_partner_create(actor=SYSTEM, focus_area=area, name=f"P {n}")
        as_editor.get(url("focus_area", plan.slug, area.pk))  # warm-up (session stamp)
        with CaptureQueriesContext(connection) as captured:
            assert as_editor.get(url("focus_area", plan.slug, area.pk)).status_code == 200
        return len(captured)

    one = queries(1)
    assert queries(49) == one


# -- indicators and observations -------------------------------------------------------------


def test_an_indicator_is_created_on_a_goal(as_editor, plan, area):
    goal = factories.goal(area)
    as_editor.post(
        url("indicator_create", plan.slug, goal.pk),
        {
            "name": "Sikret grundvand",
            "measure": "percentage",
            "unit": "%",
            "ascending": "on",
            "baseline_value": "62,5",
            "baseline_year": "2018",
            "target_value": "85",
            "target_year": "2030",
            "weight": "1",
        },
    )
    made = goal.indicators.get()
    assert (made.baseline_value, made.target_value) == (Decimal("62.5"), Decimal(85))


def test_a_percentage_target_above_100_is_refused_next_to_the_field(as_editor, plan, area):
    goal = factories.goal(area)
    response = as_editor.post(
        url("indicator_create", plan.slug, goal.pk),
        {"name": "Andel", "measure": "percentage", "target_value": "140", "weight": "1"},
    )
    assert "target_value" in response.context["form"].errors
    assert not goal.indicators.exists()


def _observe(client, plan, indicator, **values):
    return client.post(url("observation_create", plan.slug, indicator.pk), values)


def test_an_observation_is_recorded_by_the_user(as_editor, plan, share, editor):
    _observe(as_editor, plan, share, date="31.12.2021", value="14,5", source="UVM")
    observation = share.observations.get()
    assert (observation.value, observation.recorded_by) == (Decimal("14.5"), editor)


def test_na_for_a_numeric_indicator_is_refused_next_to_the_value(as_editor, plan, share):
    response = _observe(as_editor, plan, share, date="31.12.2021", value="N/A")
    assert "N/A" in " ".join(response.context["observation_form"].errors["value"])
    assert not share.observations.exists()


def test_a_percentage_of_140_is_refused_next_to_the_value(as_editor, plan, share):
    response = _observe(as_editor, plan, share, date="31.12.2021", value="140")
    assert response.context["observation_form"].errors["value"]


def test_a_second_observation_on_the_same_date_is_refused_next_to_the_date(as_editor, plan, share):
    observation_create(actor=SYSTEM, indicator=share, date=dt.date(2021, 12, 31), value=14)
    response = _observe(as_editor, plan, share, date="31.12.2021", value="15")
    assert response.context["observation_form"].errors["date"]
    assert share.observations.get().value == 14


def test_the_error_is_shown_in_danish_next_to_the_field(as_editor, plan, share):
    with translation.override("da"):
        response = _observe(as_editor, plan, share, date="31.12.2021", value="140")
    assert "En procentsats skal ligge mellem 0 og 100." in response.content.decode()
    assert 'id="id_value-error"' in response.content.decode()


def test_a_reader_may_not_record_an_observation(as_reader, plan, share):
    response = _observe(as_reader, plan, share, date="31.12.2021", value="14")
    assert response.status_code == 403
    assert not share.observations.exists()


def test_the_indicator_page_takes_as_many_queries_for_50_observations_as_for_1(
    as_editor, plan, share
):
    def queries(count, start):
        for n in range(count):
            observation_create(
                actor=SYSTEM, indicator=share, date=dt.date(2000 + start + n, 1, 1), value=n
            )
        as_editor.get(url("indicator", plan.slug, share.pk))  # warm-up (session stamp)
        with CaptureQueriesContext(connection) as captured:
            assert as_editor.get(url("indicator", plan.slug, share.pk)).status_code == 200
        return len(captured)

    one = queries(1, 0)
    assert queries(49, 1) == one


# -- bulk entry ------------------------------------------------------------------------------


@pytest.fixture
def two(area):
    goal = factories.goal(area)
    return (
        factories.indicator(goal, name="Andel", measure=Indicator.Measure.PERCENTAGE),
        factories.indicator(goal, name="Antal", unit="ton"),
    )


def test_bulk_entry_records_a_value_per_row_with_one_date(as_editor, plan, two):
    share, count = two
    response = as_editor.post(
        url("bulk_entry", plan.slug),
        {"date": "31.12.2021", f"value-{share.pk}": "14,5", f"value-{count.pk}": "1.200"},
    )
    assert response.status_code == 302
    assert sorted(Observation.objects.values_list("value", flat=True)) == [
        Decimal("14.5"),
        Decimal(1200),
    ]


def test_bulk_entry_records_nothing_when_one_row_is_refused(as_editor, plan, two):
    share, count = two
    response = as_editor.post(
        url("bulk_entry", plan.slug),
        {"date": "31.12.2021", f"value-{share.pk}": "140", f"value-{count.pk}": "1200"},
    )
    rows = {row.indicator.pk: row for row in response.context["rows"]}
    assert rows[share.pk].errors and not rows[count.pk].errors
    assert rows[count.pk].typed == "1200"
    assert not Observation.objects.exists()


def test_bulk_entry_needs_a_date(as_editor, plan, two):
    share, _count = two
    response = as_editor.post(url("bulk_entry", plan.slug), {f"value-{share.pk}": "14"})
    assert "date" in response.context["form"].errors


def test_the_bulk_page_takes_as_many_queries_for_50_indicators_as_for_1(as_editor, plan, area):
    goal = factories.goal(area)

    def queries(count):
        for n in range(count):
            factories.indicator(goal, observations=[(dt.date(2020, 1, 1), n)])
        as_editor.get(url("bulk_entry", plan.slug))  # warm-up (session stamp)
        with CaptureQueriesContext(connection) as captured:
            assert as_editor.get(url("bulk_entry", plan.slug)).status_code == 200
        return len(captured)

    one = queries(1)
    assert queries(49) == one


def test_a_csv_upload_records_every_row(as_editor, plan, two):
    share, _count = two
    data = f"indikator;dato;værdi\n{share.pk};31.12.2021;14,5\nAntal;31.12.2021;1.200\n"
    response = as_editor.post(
        url("bulk_csv", plan.slug),
        {"file": SimpleUploadedFile("maal.csv", data.encode("utf-8-sig"), "text/csv")},
    )
    assert response.status_code == 302
    assert Observation.objects.count() == 2


def test_a_csv_upload_with_a_bad_row_lists_it_and_records_nothing(as_editor, plan, two):
    share, _count = two
    data = f"indikator;dato;værdi\n{share.pk};31.12.2021;14\n{share.pk};31.12.2022;N/A\n"
    response = as_editor.post(
        url("bulk_csv", plan.slug),
        {"file": SimpleUploadedFile("maal.csv", data.encode("latin-1"), "text/csv")},
    )
    assert len(response.context["problems"]) == 1
    assert not Observation.objects.exists()


# -- duplicating a plan ----------------------------------------------------------------------


@pytest.fixture
def full_plan(plan, area, region):
    services.fact_create(actor=SYSTEM, focus_area=area, text="Fakta", value=Decimal(85), unit="%")
    goal = factories.goal(area, statement="85 % i 2030", target_years=[2030])
    factories.indicator(
        goal,
        name="Sikret",
        measure=Indicator.Measure.PERCENTAGE,
        baseline_value=Decimal(60),
        baseline_year=2018,
        target_value=Decimal(85),
        target_year=2030,
        observations=[(dt.date(2020, 12, 31), 70)],
    )
    parent = services.activity_create(actor=SYSTEM, focus_area=area, text="Samarbejde:")
    services.activity_create(actor=SYSTEM, focus_area=area, text="kortlægning", parent=parent)
    services.suggested_partner_create(actor=SYSTEM, focus_area=area, name="Kommunerne")
    services.suggested_funding_create(
        actor=SYSTEM, focus_area=area, name="RUS-puljen", source=factories.funding_source()
    )
    return plan


def _duplicate(plan, actor=SYSTEM):
    return services.plan_duplicate(
        actor=actor,
        plan=plan,
        title="Handlingsplan 2022-2023",
        slug="hp-2022",
        period_start=dt.date(2022, 1, 1),
        period_end=dt.date(2023, 12, 31),
    )


def test_a_duplicated_plan_is_a_draft_with_the_new_period(full_plan):
    full_plan.status = ActionPlan.Status.PUBLISHED
    copy = _duplicate(full_plan)
    assert (copy.status, copy.period_start, copy.strategy) == (
        ActionPlan.Status.DRAFT,
        dt.date(2022, 1, 1),
        full_plan.strategy,
    )


def test_a_duplicated_plan_has_the_same_themes_and_focus_areas(full_plan):
    copy = _duplicate(full_plan)
    assert list(copy.themes.values_list("title", flat=True)) == ["Klima"]
    assert list(copy.focus_areas.values_list("slug", "theme__plan")) == [("grundvand", copy.pk)]


def test_a_duplicated_plan_copies_facts_goals_activities_partners_and_funding(full_plan):
    area = _duplicate(full_plan).focus_areas.get()
    assert list(area.facts.values_list("value", flat=True)) == [Decimal(85)]
    assert list(area.goals.values_list("target_years", flat=True)) == [[2030]]
    assert area.activities.get(text="kortlægning").parent.text == "Samarbejde:"
    assert area.activities.get(text="kortlægning").parent.focus_area == area
    assert list(area.suggested_partners.values_list("name", flat=True)) == ["Kommunerne"]
    assert area.suggested_funding.get().source is not None


def test_a_duplicated_plan_copies_indicators_without_observations(full_plan):
    area = _duplicate(full_plan).focus_areas.get()
    indicator = Indicator.objects.get(goal__focus_area=area)
    assert (indicator.baseline_value, indicator.target_year) == (Decimal(60), 2030)
    assert not indicator.observations.exists()


def test_duplicating_leaves_the_original_plan_alone(full_plan):
    _duplicate(full_plan)
    assert Observation.objects.filter(indicator__goal__focus_area__plan=full_plan).count() == 1
    assert full_plan.focus_areas.count() == 1


def test_an_editor_duplicates_a_plan_from_its_page(as_editor, full_plan, editor):
    response = as_editor.post(
        url("plan_duplicate", full_plan.slug),
        {
            "title": "Handlingsplan 2022-2023",
            "slug": "hp-2022",
            "period_start": "2022",
            "period_end": "2023",
        },
    )
    assert response["Location"] == url("plan", "hp-2022")
    copy = ActionPlan.objects.get(slug="hp-2022")
    assert events_for(copy).get().actor == editor


def test_a_reader_may_not_duplicate_a_plan(as_reader, full_plan):
    response = as_reader.post(
        url("plan_duplicate", full_plan.slug),
        {"title": "Kopi", "slug": "kopi", "period_start": "2022", "period_end": "2023"},
    )
    assert response.status_code == 403
    assert not ActionPlan.objects.filter(slug="kopi").exists()
