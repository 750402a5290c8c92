"""Reads for the public portal: only published plans, projects and rounds, never personal data.

Every function here fetches what its page needs in a fixed number of queries, however many
projects there are. Pages that list projects show one page of them, each project's money
summed in Python from prefetched rows; counts and sums over many projects (plan front page,
focus-area page) are database aggregates of the projects' stored totals (Project.granted_dkk
and its siblings, kept by the grant and co-funding services), so no money row is read (a
project linked to two focus areas counts once in the plan's totals and once in each area).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import (
    Count,
    Exists,
    Max,
    Min,
    OuterRef,
    Prefetch,
    QuerySet,
    Sum,
)
from django.http import Http404
from django.utils.translation import get_language

from actionplan.attachments.selectors import public_attachments
from actionplan.core.errors import ActionplanError
from actionplan.core.version import data_version
from actionplan.indicators import progress
from actionplan.indicators.models import Indicator, Observation
from actionplan.organisations.models import FundingSource, Organisation
from actionplan.organisations.municipalities import municipality_name
from actionplan.plans.models import (
    ActionPlan,
    FocusArea,
    Goal,
    PlannedActivity,
    SuggestedFunding,
    SuggestedPartner,
    Theme,
)
from actionplan.plans.selectors import plan_get, published_plans
from actionplan.projects import selectors as projects_selectors
from actionplan.projects.models import (
    CoFunding,
    FocusAreaTotals,
    Grant,
    Participation,
    Project,
    ProjectFocusArea,
    ProjectStatus,
)
from actionplan.projects.selectors import (
    ProjectFilter,
    focus_area_links,
    published_projects,
)
from actionplan.rounds.models import FocusAreaAssessment, StatusRound
from actionplan.rounds.selectors import public_updates

ZERO = Decimal(0)


# -- indicator status (indicators.progress) --------------------------------------------------


def _status(assessment: progress.Assessment) -> dict[str, str]:
    status = str(assessment.status)
    label = progress.Status(status).label
    return {"code": status, "label": str(label), "reason": str(assessment.reason)}


def indicator_status(indicator: Indicator) -> dict[str, str]:
    """{"code", "label", "reason"} of the indicator's progress."""
    return _status(progress.assess_indicator(indicator))


def goal_status(goal: Goal) -> dict[str, str] | None:
    """The goal's status rolled up from its indicators (which must be prefetched)."""
    if not goal.indicators.all():
        return None
    return _status(progress.assess_goal(goal))


# -- money -------------------------------------------------------------------------------------


@dataclass
class Money:
    """A sum of amounts, and how many amounts the sources left unstated."""

    total: Decimal = ZERO
    count: int = 0
    unknown: int = 0

    def add(self, amount: Decimal | None) -> None:
        self.count += 1
        if amount is None:
            self.unknown += 1
        else:
            self.total += amount

    def merge(self, other: Money) -> None:
        self.total += other.total
        self.count += other.count
        self.unknown += other.unknown


def is_regional_pool(grant: Grant) -> bool:
    return grant.source.kind == FundingSource.Kind.REGIONAL_POOL


def granted_cofunding(project: Project) -> list[CoFunding]:
    return [c for c in project.cofunding.all() if c.status == CoFunding.Status.GRANTED]


def project_money(project: Project) -> dict[str, Money]:
    granted, pool, cofunding = Money(), Money(), Money()
    for grant in project.grants.all():
        granted.add(grant.amount)
        if is_regional_pool(grant):
            pool.add(grant.amount)
    for item in granted_cofunding(project):
        cofunding.add(item.amount)
    return {"granted": granted, "pool": pool, "cofunding": cofunding}


# -- prefetches ---------------------------------------------------------------------------------


def with_money(projects: QuerySet[Project]) -> QuerySet[Project]:
    return projects.select_related("lead").prefetch_related(
        Prefetch(
            "grants", queryset=Grant.objects.select_related("source").order_by("decided_on", "id")
        ),
        Prefetch(
            "cofunding",
            queryset=CoFunding.objects.select_related("source").order_by("year", "id"),
        ),
        Prefetch("focus_area_links", queryset=focus_area_links(public=True)),
    )


def status_counts(projects) -> list[dict[str, Any]]:
    counts = Counter(project.status for project in projects)
    return [
        {"status": value, "label": label, "count": counts[value]}
        for value, label in ProjectStatus.choices
        if counts[value]
    ]


# -- plan front page ----------------------------------------------------------------------------


class ProjectCount:
    """Stands in for a list of projects where a page shows only how many there are:
    len() and truth work, the projects themselves are never loaded."""

    def __init__(self, count: int) -> None:
        self.count = count

    def __len__(self) -> int:
        return self.count

    def __iter__(self):
        raise TypeError("ProjectCount holds only the number of projects")


@dataclass
class AreaSummary:
    area: FocusArea
    projects: ProjectCount = field(default_factory=lambda: ProjectCount(0))
    granted: Money = field(default_factory=Money)
    statuses: list[dict[str, str]] = field(default_factory=list)


@dataclass
class ThemeSummary:
    theme: Theme
    areas: list[AreaSummary]
    granted: Money = field(default_factory=Money)


@dataclass
class PlanPage:
    plan: ActionPlan
    themes: list[ThemeSummary]
    projects: ProjectCount
    pool: Money
    granted: Money
    cofunding: Money
    by_status: list[dict[str, Any]]
    rounds: list[StatusRound]


def get_published_plan(slug: str) -> ActionPlan:
    try:
        return plan_get(slug, published_only=True)
    except ActionplanError:
        raise Http404("No such published plan") from None


def _money(row: dict[str, Any], prefix: str = "granted") -> Money:
    """Money from aggregates named like the projects' stored totals (granted_dkk, ...)."""
    return Money(
        total=row[f"{prefix}_dkk"] or ZERO,
        count=row[f"{prefix}_count"] or 0,
        unknown=row[f"{prefix}_unknown"] or 0,
    )


def _front_page_themes(plan: ActionPlan) -> list[Theme]:
    """The plan's themes with what the front page shows of each focus area: its goals, with
    their indicators and observations for the goal status (not the facts, activities and
    suggestions themes_with_content also fetches)."""
    goals = Goal.objects.prefetch_related(
        Prefetch(
            "indicators",
            queryset=Indicator.objects.prefetch_related("observations").order_by("order", "id"),
        )
    )
    areas = FocusArea.objects.prefetch_related(Prefetch("goals", queryset=goals)).order_by(
        "order", "id"
    )
    return list(
        Theme.objects.filter(plan=plan)
        .select_related("plan")
        .prefetch_related(Prefetch("focus_areas", queryset=areas))
        .order_by("order", "id")
    )


def plan_page(slug: str) -> PlanPage:
    plan = get_published_plan(slug)
    themes = _front_page_themes(plan)
    # Read from the summaries the project services keep (actionplan/projects/summaries.py):
    # a row per status for the plan (each project once), a row per focus area.
    per_status = list(plan.status_totals.values())
    totals: dict[str, Money] = {"granted": Money(), "pool": Money(), "cofunding": Money()}
    for row in per_status:
        for prefix, money in totals.items():
            money.merge(_money(row, prefix))
    counts = {row["status"]: row["projects"] for row in per_status}
    per_area = {
        row["focus_area_id"]: row
        for row in FocusAreaTotals.objects.filter(focus_area__plan=plan).values()
    }
    summaries = []
    for theme in themes:
        areas = []
        theme_total = Money()
        for area in theme.focus_areas.all():
            row = per_area.get(area.pk)
            summary = AreaSummary(area=area)
            if row is not None:
                summary.projects = ProjectCount(row["projects"])
                summary.granted = _money(row)
            summary.statuses = [s for s in map(goal_status, area.goals.all()) if s]
            theme_total.merge(summary.granted)
            areas.append(summary)
        summaries.append(ThemeSummary(theme=theme, areas=areas, granted=theme_total))
    rounds = list(plan.rounds.filter(state=StatusRound.State.PUBLISHED).order_by("-reference_date"))
    return PlanPage(
        plan=plan,
        themes=summaries,
        projects=ProjectCount(sum(counts.values())),
        pool=totals["pool"],
        granted=totals["granted"],
        cofunding=totals["cofunding"],
        by_status=[
            {"status": value, "label": label, "count": counts[value]}
            for value, label in ProjectStatus.choices
            if counts.get(value)
        ],
        rounds=rounds,
    )


# -- focus-area page ----------------------------------------------------------------------------

# The focus-area page lists this many of its projects, the largest grants first; the project
# list filtered by the focus area shows them all.
AREA_PROJECTS_SHOWN = 20


@dataclass
class FocusAreaPage:
    plan: ActionPlan
    area: FocusArea
    projects: list[Project]  # the AREA_PROJECTS_SHOWN largest by granted amount
    project_count: int
    granted: Money
    assessment: FocusAreaAssessment | None
    assessments: list[FocusAreaAssessment] = field(default_factory=list)

    @property
    def more(self) -> bool:
        return self.project_count > len(self.projects)


def goal_history(goal: Goal) -> list[Goal]:
    """The goal with the same goal in earlier and later published plans, oldest first (two
    plans back and one ahead, from what focus_area_page fetched)."""
    earlier = []
    previous = goal.carried_from
    depth = 0
    while previous is not None and depth < 2:
        if previous.focus_area.plan.status == ActionPlan.Status.PUBLISHED:
            earlier.insert(0, previous)
        previous = previous.carried_from if depth == 0 else None
        depth += 1
    later = [
        g for g in goal.carried_to.all() if g.focus_area.plan.status == ActionPlan.Status.PUBLISHED
    ]
    if not earlier and not later:
        return []
    return [*earlier, goal, *later]


def focus_area_page(plan_slug: str, area_slug: str) -> FocusAreaPage:
    plan = get_published_plan(plan_slug)
    history = "focus_area__plan"
    goals = (
        Goal.objects.select_related(
            f"carried_from__{history}", f"carried_from__carried_from__{history}"
        )
        .prefetch_related(
            Prefetch("carried_to", queryset=Goal.objects.select_related(history).order_by("id")),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.prefetch_related(
                    Prefetch("observations", queryset=Observation.objects.order_by("date"))
                ).order_by("order", "id"),
            ),
        )
        .order_by("order", "id")
    )
    areas = FocusArea.objects.filter(plan=plan, slug=area_slug).select_related("theme")
    areas = areas.prefetch_related(
        "facts",
        Prefetch("goals", queryset=goals),
        Prefetch(
            "activities",
            queryset=PlannedActivity.objects.filter(parent=None)
            .prefetch_related(
                Prefetch("items", queryset=PlannedActivity.objects.order_by("order", "id"))
            )
            .order_by("order", "id"),
            to_attr="top_activities",
        ),
        Prefetch(
            "suggested_partners",
            queryset=SuggestedPartner.objects.select_related("organisation").order_by(
                "order", "id"
            ),
        ),
        Prefetch(
            "suggested_funding",
            queryset=SuggestedFunding.objects.select_related("source").order_by("order", "id"),
        ),
    )
    area = areas.first()
    if area is None:
        raise Http404("No such focus area")
    in_area = published_projects().filter(
        Exists(ProjectFocusArea.objects.filter(project=OuterRef("pk"), focus_area=area))
    )
    summary = FocusAreaTotals.objects.filter(focus_area=area).values().first()
    projects = list(
        with_money(in_area).order_by("-granted_dkk", "title", "id")[:AREA_PROJECTS_SHOWN]
    )
    for project in projects:
        project.money = project_money(project)
    # Every published round's assessment, newest first: the year-over-year timeline.
    assessments = list(
        FocusAreaAssessment.objects.filter(
            focus_area=area, round__state=StatusRound.State.PUBLISHED
        )
        .select_related("round")
        .order_by("-round__reference_date", "-id")
    )
    return FocusAreaPage(
        plan=plan,
        area=area,
        projects=projects,
        project_count=summary["projects"] if summary else 0,
        granted=_money(summary) if summary else Money(),
        assessment=assessments[0] if assessments else None,
        assessments=assessments,
    )


# -- project page -------------------------------------------------------------------------------


def project_page(slug: str) -> Project:
    project = (
        with_money(published_projects())
        .filter(slug=slug)
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("organisation").order_by(
                    "organisation__name", "role"
                ),
            ),
            Prefetch(
                "updates",
                queryset=public_updates().select_related("round").order_by("date", "id"),
            ),
            "municipality_links",
            Prefetch("attachments", queryset=public_attachments(), to_attr="public_files"),
        )
        .first()
    )
    if project is None:
        raise Http404("No such published project")
    project.money = project_money(project)
    partners: dict[int, dict[str, Any]] = {}
    for participation in project.participations.all():
        entry = partners.setdefault(
            participation.organisation_id,
            {"organisation": participation.organisation, "roles": []},
        )
        entry["roles"].append(participation.get_role_display())
    project.partners = list(partners.values())
    english = (get_language() or "da").startswith("en")
    project.municipality_names = sorted(
        municipality_name(link.code, english=english) for link in project.municipality_links.all()
    )
    return project


# -- organisation page --------------------------------------------------------------------------


# How many projects the organisation page lists of each kind: a municipality in a national
# portfolio leads tens of thousands; the project list has them all.
ORGANISATION_PROJECTS_SHOWN = 20


@dataclass
class OrganisationPage:
    organisation: Organisation
    led: list[Project]  # the largest by granted amount, at most ORGANISATION_PROJECTS_SHOWN
    partner_in: list[Project]  # the same
    led_count: int
    partner_count: int
    granted_led: Money
    granted_partner: Money

    @property
    def led_more(self) -> bool:
        return self.led_count > len(self.led)

    @property
    def partner_more(self) -> bool:
        return self.partner_count > len(self.partner_in)


def organisation_page(slug: str) -> OrganisationPage:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404("No such organisation")
    visible = published_projects()
    led = visible.filter(lead=organisation)
    partner_in = visible.filter(
        Exists(Participation.objects.filter(project=OuterRef("pk"), organisation=organisation))
    ).exclude(lead=organisation)
    led_sums, partner_sums = (_sums(projects) for projects in (led, partner_in))
    return OrganisationPage(
        organisation=organisation,
        led=_largest(led, organisation),
        partner_in=_largest(partner_in, organisation),
        led_count=led_sums["projects"],
        partner_count=partner_sums["projects"],
        granted_led=_money(led_sums),
        granted_partner=_money(partner_sums),
    )


def _sums(projects: QuerySet[Project]) -> dict[str, Any]:
    """The number of projects and the sums of their stored granted totals."""
    return projects.aggregate(
        projects=Count("pk"),
        granted_dkk=Sum("granted_dkk"),
        granted_count=Sum("granted_count"),
        granted_unknown=Sum("granted_unknown"),
    )


def _largest(projects: QuerySet[Project], organisation: Organisation) -> list[Project]:
    """The projects with the largest grants, with their money and the organisation's roles."""
    shown = list(
        with_money(projects)
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.filter(organisation=organisation),
                to_attr="own_roles",
            )
        )
        .order_by("-granted_dkk", "title", "id")[:ORGANISATION_PROJECTS_SHOWN]
    )
    for project in shown:
        project.money = project_money(project)
        project.role_labels = [p.get_role_display() for p in project.own_roles]
    return shown


# -- project list -------------------------------------------------------------------------------

# Beyond this many organisations (a national portfolio has tens of thousands) the
# organisation filter is a text field matching names instead of a list of them all.
ORGANISATIONS_LISTED = 300

# How long the filter options are kept at most, even when no change has been recorded
# since (bulk tools such as `actionplan synth` write without audit events).
FILTER_OPTIONS_SECONDS = 600


def filter_options() -> dict[str, Any]:
    """What the project list's filters offer: only what published content uses. Themes and
    focus areas as (pk, title, plan pk, plan title), organisations and sources as
    (slug, name); organisations None when more than ORGANISATIONS_LISTED are in use.

    Kept in the cache under the data version (the newest audit event): every service that
    changes content records one, so a change is offered at the next request. Finding which
    of 40.000 organisations and which sources a published project uses took 1,1 s at
    1.000.000 projects; the version is one index lookup. Only data: no lazy translations,
    whose every unpickling builds a class (1,7 ms each; the statuses cost 14 ms a request)."""
    return cache.get_or_set(
        f"portal:filter-options:{data_version().token}", _filter_options, FILTER_OPTIONS_SECONDS
    )


def _filter_options() -> dict[str, Any]:
    plans = published_plans()
    # Plain tuples of what the choices show, not model instances: a national portfolio
    # offers thousands of focus areas and organisations.
    themes = list(
        Theme.objects.filter(plan__in=plans)
        .order_by("-plan__period_start", "order", "id")
        .values_list("pk", "title", "plan_id", "plan__title")
    )
    areas = list(
        FocusArea.objects.filter(plan__in=plans)
        .order_by("-plan__period_start", "theme__order", "order", "id")
        .values_list("pk", "title", "plan_id", "plan__title")
    )
    visible = published_projects()
    # EXISTS per organisation and source, each through its own row's foreign-key index and
    # stopping at the first published project: not joins with DISTINCT (an organisation's
    # led projects times its partner roles), nor `project IN (every published project)`.
    published = {"project__is_published": True}
    # Partner roles first: a lead usually holds one too (accountable), and PostgreSQL then
    # never builds the hash of every published project's lead that it plans for the OR.
    organisations = list(
        Organisation.objects.filter(
            Exists(Participation.objects.filter(organisation=OuterRef("pk"), **published))
            | Exists(visible.filter(lead=OuterRef("pk")))
        )
        .order_by("name")
        .values_list("slug", "name")[: ORGANISATIONS_LISTED + 1]
    )
    sources = list(
        FundingSource.objects.filter(
            Exists(Grant.objects.filter(source=OuterRef("pk"), **published))
            | Exists(CoFunding.objects.filter(source=OuterRef("pk"), **published))
        )
        .order_by("name")
        .values_list("slug", "name")
    )
    return {
        "themes": themes,
        "focus_areas": areas,
        "organisations": organisations if len(organisations) <= ORGANISATIONS_LISTED else None,
        "sources": sources,
        "years": _filter_years(visible),
        "plans_count": len({plan_id for _pk, _title, plan_id, _plan in themes}),
    }


def _filter_years(visible: QuerySet[Project]) -> list[int]:
    """The years the year filter offers, newest first: from the first start to the last end,
    but no further than 15 years after the last start (a project ending in 2100 does not
    fill the list). Three index lookups (min and max of start, max of end) instead of
    reading every project's dates; a year inside the span in which no project runs is
    offered too (and finds nothing)."""
    bounds = visible.aggregate(first=Min("start"), last_start=Max("start"), last_end=Max("end"))
    if bounds["first"] is None:
        return []
    last = bounds["last_start"].year
    if bounds["last_end"] is not None:
        last = max(last, min(bounds["last_end"].year, last + 15))
    return list(range(last, bounds["first"].year - 1, -1))


def project_list(filters: ProjectFilter, sort: str = "title") -> QuerySet[Project]:
    """The project list page and its downloads: projects.selectors.project_list with money."""
    return with_money(projects_selectors.project_list(filters, sort=sort))


def attach_money(projects) -> list[Project]:
    projects = list(projects)
    for project in projects:
        project.money = project_money(project)
    return projects
