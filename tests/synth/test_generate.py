"""The synthetic portfolio: repeatable for a seed, and keeping every invariant of the domain."""

import json
import statistics

import pytest
from django.db import connection, transaction
from django.db.models import Count, F, Q

from actionplan.cli import main
from actionplan.core.errors import ActionplanError
from actionplan.opendata import stream
from actionplan.opendata.csv_export import iter_csv
from actionplan.plans.models import ActionPlan, FocusArea
from actionplan.projects.models import (
    CoFunding,
    Grant,
    Participation,
    Project,
    ProjectFocusArea,
)
from actionplan.rounds.models import FocusAreaAssessment, StatusRound, StatusUpdate
from actionplan.synth.generate import generate

pytestmark = pytest.mark.django_db

N = 60


def exported(seed: int) -> dict:
    """The open-data document of one fresh portfolio, the database left as it was. Lists are
    compared as sets: the export orders assessments of plans with the same round date
    arbitrarily."""
    with transaction.atomic():
        generate(projects=N, seed=seed)
        document = json.loads("".join(stream.iter_json()))
        transaction.set_rollback(True)
    return {
        key: sorted(json.dumps(item, sort_keys=True) for item in value)
        if isinstance(value, list)
        else value
        for key, value in document.items()
    }


@pytest.fixture
def portfolio():
    generate(projects=N, seed=7)
    return Project.objects.filter(slug__startswith="s7-")


def test_the_same_seed_gives_the_same_portfolio():
    assert exported(3) == exported(3)


def test_another_seed_gives_another_portfolio():
    assert exported(3)["projects"] != exported(4)["projects"]


def test_it_makes_the_projects_asked_for(portfolio):
    assert portfolio.count() == N


def test_every_project_has_exactly_one_primary_focus_area(portfolio):
    counts = portfolio.annotate(
        primary=Count("focus_area_links", filter=Q(focus_area_links__is_primary=True))
    ).values_list("primary", flat=True)
    assert set(counts) == {1}


def test_a_projects_focus_areas_are_in_one_plan(portfolio):
    plans = portfolio.annotate(
        plans=Count("focus_area_links__focus_area__plan", distinct=True)
    ).values_list("plans", flat=True)
    assert set(plans) == {1}


def test_every_project_has_one_to_five_partners(portfolio):
    partners = portfolio.annotate(
        partners=Count("participations__organisation", distinct=True)
    ).values_list("partners", flat=True)
    assert min(partners) >= 1
    assert max(partners) <= 5


def test_the_lead_is_one_of_the_partners(portfolio):
    assert not portfolio.exclude(participations__organisation=F("lead")).exists()


def test_amounts_are_never_negative(portfolio):
    assert not Grant.objects.filter(amount__lt=0).exists()
    assert not CoFunding.objects.filter(amount__lt=0).exists()
    assert not portfolio.filter(budget_dkk__lt=0).exists()


def test_grant_amounts_are_skewed_many_small_a_few_large(portfolio):
    amounts = [
        float(a) for a in Grant.objects.exclude(amount=None).values_list("amount", flat=True)
    ]
    assert statistics.mean(amounts) > 1.3 * statistics.median(amounts)


def test_no_project_ends_before_it_starts(portfolio):
    assert not portfolio.filter(end__lt=F("start")).exists()


def test_there_are_several_organisations_plans_and_published_rounds_with_assessments():
    generate(projects=N, seed=8)
    plans = ActionPlan.objects.filter(slug__startswith="s8-")
    assert plans.count() >= 5
    assert plans.values("organisation").distinct().count() == plans.count()
    published = StatusRound.objects.filter(plan__in=plans, state=StatusRound.State.PUBLISHED)
    areas = FocusArea.objects.filter(plan__in=plans).count()
    assert FocusAreaAssessment.objects.filter(round__in=published).count() == 2 * areas
    assert StatusUpdate.objects.filter(round__in=published).exists()


def test_indicators_have_observations(portfolio):
    from actionplan.indicators.models import Indicator

    indicators = Indicator.objects.filter(goal__focus_area__plan__slug__startswith="s7-")
    assert indicators.exists()
    assert not indicators.filter(observations=None).exists()


def test_the_same_seed_twice_in_one_database_is_refused_and_writes_nothing(portfolio):
    before = Project.objects.count()
    with pytest.raises(ActionplanError, match="seed 7"):
        generate(projects=5, seed=7)
    assert Project.objects.count() == before


def test_two_seeds_live_side_by_side(portfolio):
    generate(projects=5, seed=9)
    assert Project.objects.filter(slug__startswith="s9-").count() == 5


def test_zero_projects_is_refused():
    with pytest.raises(ActionplanError, match="at least 1"):
        generate(projects=0)


def test_portal_pages_answer_on_the_portfolio(client, portfolio):
    project = portfolio.filter(is_published=True).select_related("lead").first()
    link = project.focus_area_links.select_related("focus_area__plan").get(is_primary=True)
    area = link.focus_area
    urls = [
        f"/planer/{area.plan.slug}/",
        f"/planer/{area.plan.slug}/{area.slug}/",
        f"/projekter/?status=started&sort=-granted&theme={area.theme_id}",
        f"/projekter/{project.slug}/",
        "/projekter/?q=klimatilpasning",
        f"/organisationer/{project.lead.slug}/",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert project.title in client.get(f"/projekter/{project.slug}/").content.decode()


def test_the_json_export_holds_every_published_project(portfolio):
    document = json.loads("".join(stream.iter_json()))
    # Other tests may have left the demo plan in the database: look at this seed's projects.
    slugs = {p["id"] for p in document["projects"] if p["id"].startswith("s7-")}
    assert slugs == set(portfolio.filter(is_published=True).values_list("slug", flat=True))


def test_the_csv_export_has_a_line_per_published_project(portfolio):
    lines = "".join(iter_csv()).splitlines()
    ours = [line for line in lines[1:] if line.startswith("s7-")]
    assert len(ours) == portfolio.filter(is_published=True).count()


def test_the_command_line_builds_a_portfolio_and_prints_the_counts(capsys):
    assert main(["synth", "--projects", "12", "--seed", "11"]) == 0
    out = capsys.readouterr().out
    assert "12  Project" in out
    assert Project.objects.filter(slug__startswith="s11-").count() == 12


def test_the_stored_money_totals_match_the_grants_and_cofunding(portfolio):
    from actionplan.projects.services import totals_of

    fields = list(totals_of(portfolio.first().pk))
    for project in portfolio.values("pk", *fields):
        assert {name: project[name] for name in fields} == totals_of(project["pk"])


def test_the_staff_options_add_a_national_round_and_audit_events(portfolio):
    from actionplan.core.models import AuditEvent
    from actionplan.rounds.models import UpdateRequest
    from actionplan.synth.staff import extend

    events_before = AuditEvent.objects.count()
    counts = extend(seed=1, update_requests=5, audit_events_count=300)
    national = StatusRound.objects.get(slug="status-national-1")
    assert national.state == StatusRound.State.OPEN
    asked = UpdateRequest.objects.filter(round=national)
    assert asked.count() == counts["UpdateRequest (national)"] == 5
    # every project asked is in the round's plan
    assert not asked.exclude(project__focus_area_links__focus_area__plan=national.plan_id).exists()
    assert AuditEvent.objects.count() - events_before == counts["AuditEvent"] == 300
    with pytest.raises(ActionplanError):
        extend(seed=1, update_requests=5)


def test_the_rounds_counters_match_their_requests(portfolio):
    from actionplan.synth.staff import extend
    from tests.rounds.totals_check import counted, stored

    extend(seed=1, update_requests=5)
    assert counted()  # the open rounds ask the active projects
    assert stored() == counted()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the stored link ids exist on PostgreSQL only"
)
def test_the_stored_link_ids_are_what_the_links_say_and_the_triggers_work_after(portfolio):
    """The synth writes the projects' organisation and focus-area ids itself with its
    triggers off (synth.bulk); they must be what the triggers compute, and the triggers
    must be on again afterwards."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, organisation_ids, focus_area_ids FROM projects_project WHERE id = ANY(%s)",
            [list(portfolio.values_list("pk", flat=True))],
        )
        stored = {pk: (list(orgs), list(areas)) for pk, orgs, areas in cursor.fetchall()}
    assert len(stored) == N
    for project in portfolio.prefetch_related("participations", "focus_area_links"):
        organisations = {p.organisation_id for p in project.participations.all()}
        organisations |= {project.lead_id} - {None}
        areas = {link.focus_area_id for link in project.focus_area_links.all()}
        assert stored[project.pk] == (sorted(organisations), sorted(areas))
    project = portfolio.first()
    Participation.objects.filter(project=project).delete()
    ProjectFocusArea.objects.filter(project=project).delete()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT organisation_ids, focus_area_ids FROM projects_project WHERE id = %s",
            [project.pk],
        )
        assert cursor.fetchone() == ([project.lead_id], [])
