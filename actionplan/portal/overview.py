"""Reads for the portal's pages across plans: every plan, the installation's own
organisation and its current plan, the national comparison, maps and the search over every
kind. Each function fetches in a fixed number of queries, however many projects there are.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from actionplan.core.search import contains, search_projects
from actionplan.indicators.models import Indicator, Observation
from actionplan.organisations.models import Organisation
from actionplan.organisations.municipalities import MUNICIPALITIES, municipality_name
from actionplan.plans.models import ActionPlan, FocusArea, Goal, Theme
from actionplan.plans.selectors import published_plans
from actionplan.projects.models import (
    FocusAreaTotals,
    MunicipalityTotals,
    Project,
    ProjectFocusArea,
)
from actionplan.projects.selectors import published_projects

from .selectors import ZERO, Money

# -- plans and the installation's own organisation -----------------------------------------


class PlanState:
    CURRENT = "current"
    UPCOMING = "upcoming"
    EARLIER = "earlier"


def plan_state(plan: ActionPlan, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    if plan.period_start > today:
        return PlanState.UPCOMING
    if plan.period_end < today:
        return PlanState.EARLIER
    return PlanState.CURRENT


def own_organisation() -> Organisation | None:
    """The organisation this installation belongs to: ACTIONPLAN_OWN_ORGANISATION (a slug),
    else the one region that publishes plans, else the one organisation that does. With
    several candidates and no setting there is no guessing: None (the front page then lists
    every plan instead of showing someone's)."""
    slug = getattr(settings, "ACTIONPLAN_OWN_ORGANISATION", "")
    if slug:
        found = Organisation.objects.filter(slug=slug).first()
        if found is not None:
            return found
    owners = Organisation.objects.filter(
        Exists(published_plans().filter(organisation=OuterRef("pk")))
    )
    for candidates in (owners.filter(kind=Organisation.Kind.REGION), owners):
        found = list(candidates[:2])
        if len(found) == 1:
            return found[0]
    return None


def _order_key(plan: ActionPlan, today: dt.date) -> tuple:
    rank = {PlanState.CURRENT: 0, PlanState.UPCOMING: 1, PlanState.EARLIER: 2}
    return (rank[plan_state(plan, today)], -plan.period_start.toordinal(), plan.slug)


def current_plan(organisation: Organisation) -> ActionPlan | None:
    """The organisation's plan for today; else its next one; else its newest."""
    today = timezone.localdate()
    plans = list(published_plans().filter(organisation=organisation))
    return min(plans, key=lambda plan: _order_key(plan, today), default=None)


@dataclass
class PlanGroup:
    organisation: Organisation
    plans: list[tuple[ActionPlan, str]]  # (plan, PlanState), current first
    own: bool = False


def plan_index() -> list[PlanGroup]:
    """Every published plan grouped by organisation: the own organisation first, then by
    name; in each group the current plan first, then upcoming, then earlier ones."""
    today = timezone.localdate()
    own = own_organisation()
    groups: dict[int, PlanGroup] = {}
    for plan in published_plans():
        group = groups.setdefault(
            plan.organisation_id,
            PlanGroup(
                plan.organisation, [], own=own is not None and own.pk == plan.organisation_id
            ),
        )
        group.plans.append((plan, plan_state(plan, today)))
    for group in groups.values():
        group.plans.sort(key=lambda item: _order_key(item[0], today))
    return sorted(groups.values(), key=lambda g: (not g.own, g.organisation.name.casefold()))


def organisation_plans(organisation: Organisation) -> list[tuple[ActionPlan, str]]:
    today = timezone.localdate()
    plans = list(published_plans().filter(organisation=organisation))
    plans.sort(key=lambda plan: _order_key(plan, today))
    return [(plan, plan_state(plan, today)) for plan in plans]


# -- the national comparison ---------------------------------------------------------------


@dataclass
class OrganisationFigures:
    organisation: Organisation
    plan: ActionPlan
    projects: int = 0
    granted: Money = field(default_factory=Money)
    themes: list[tuple[str, Money]] = field(default_factory=list)
    goals: Counter = field(default_factory=Counter)  # status code -> goals

    @property
    def goals_total(self) -> int:
        return sum(self.goals.values())


def national_page() -> list[OrganisationFigures]:
    """Each organisation's current plan side by side: projects, money per theme, goals by
    status. Read from the summaries the project services keep (no project row is read)."""
    today = timezone.localdate()
    best: dict[int, ActionPlan] = {}
    for plan in published_plans():
        held = best.get(plan.organisation_id)
        if held is None or _order_key(plan, today) < _order_key(held, today):
            best[plan.organisation_id] = plan
    plans = list(best.values())
    figures = {plan.pk: OrganisationFigures(plan.organisation, plan) for plan in plans}
    from actionplan.projects.models import PlanStatusTotals

    for row in (
        PlanStatusTotals.objects.filter(plan__in=plans)
        .values("plan_id")
        .annotate(
            projects=Sum("projects"),
            granted_dkk=Sum("granted_dkk"),
            granted_count=Sum("granted_count"),
            granted_unknown=Sum("granted_unknown"),
        )
    ):
        entry = figures[row["plan_id"]]
        entry.projects = row["projects"] or 0
        entry.granted = Money(
            row["granted_dkk"] or ZERO, row["granted_count"] or 0, row["granted_unknown"] or 0
        )
    per_theme: dict[int, dict[str, Money]] = defaultdict(dict)
    for theme in Theme.objects.filter(plan__in=plans).order_by("plan_id", "order", "id"):
        per_theme[theme.plan_id][theme.title] = Money()
    for row in (
        FocusAreaTotals.objects.filter(focus_area__plan__in=plans)
        .values("focus_area__plan_id", "focus_area__theme__title")
        .annotate(
            granted_dkk=Sum("granted_dkk"),
            granted_count=Sum("granted_count"),
            granted_unknown=Sum("granted_unknown"),
        )
    ):
        money = per_theme[row["focus_area__plan_id"]].setdefault(
            row["focus_area__theme__title"], Money()
        )
        money.merge(
            Money(
                row["granted_dkk"] or ZERO, row["granted_count"] or 0, row["granted_unknown"] or 0
            )
        )
    for plan_id, status in _goal_statuses(plans):
        figures[plan_id].goals[status] += 1
    for plan_id, entry in figures.items():
        entry.themes = list(per_theme[plan_id].items())
    return sorted(figures.values(), key=lambda f: f.organisation.name.casefold())


def _goal_statuses(plans: list[ActionPlan]) -> list[tuple[int, str]]:
    """(plan, status code) of every goal of the plans, as goal_status rolls it up, from three
    reads of plain rows: a national view assesses every current plan's goals, and building
    model instances for their thousands of observations cost most of its time."""
    from actionplan.indicators import progress

    goals = Goal.objects.filter(focus_area__plan__in=plans).order_by()
    indicators = defaultdict(list)  # goal -> [(indicator, weight, SERIES_FIELDS values)]
    for pk, goal_id, weight, *fields in (
        Indicator.objects.filter(goal__in=goals)
        .order_by("order", "id")
        .values_list("pk", "goal_id", "weight", *progress.SERIES_FIELDS)
    ):
        indicators[goal_id].append((pk, weight, fields))
    observations = defaultdict(list)
    for indicator_id, *point in (
        Observation.objects.filter(indicator__goal__in=goals)
        .order_by("indicator", "date")
        .values_list("indicator_id", "date", "value", "text")
    ):
        observations[indicator_id].append(point)
    result = []
    for goal_id, plan_id in goals.values_list("pk", "focus_area__plan_id"):
        parts = [
            (progress.assess(progress.series_from(fields, observations[pk])), float(weight))
            for pk, weight, fields in indicators[goal_id]
        ]
        status = progress.roll_up(parts).status if parts else "no_data"
        result.append((plan_id, str(status)))
    return result


# -- maps ----------------------------------------------------------------------------------

# A map shows at most this many project points (the largest grants); the table and the
# shading count every project.
MAP_POINTS = 300


@dataclass
class MunicipalityFigure:
    code: int
    name: str
    region: str
    projects: int
    granted: Decimal


@dataclass
class MapData:
    municipalities: list[MunicipalityFigure]
    points: list[dict[str, Any]]


def _scope(plan: ActionPlan | None, area: FocusArea | None) -> QuerySet[Project]:
    projects = published_projects()
    if area is not None:
        return projects.filter(
            Exists(ProjectFocusArea.objects.filter(project=OuterRef("pk"), focus_area=area))
        )
    if plan is not None:
        return projects.filter(
            Exists(ProjectFocusArea.objects.filter(project=OuterRef("pk"), focus_area__plan=plan))
        )
    return projects


def map_data(
    *, plan: ActionPlan | None = None, area: FocusArea | None = None, english: bool = False
) -> MapData:
    """Projects and money per municipality (a project in two municipalities counts in each),
    read from the summaries the project services keep (MunicipalityTotals), and the points of
    the projects with coordinates (the largest grants, through a partial index): two queries
    however many projects. The national view adds up the published plans' rows (a project
    in two plans counts in each)."""
    if area is not None:
        rows = MunicipalityTotals.objects.filter(focus_area=area).values(
            "code", "projects", "granted_dkk"
        )
    elif plan is not None:
        rows = MunicipalityTotals.objects.filter(plan=plan).values(
            "code", "projects", "granted_dkk"
        )
    else:
        rows = (
            MunicipalityTotals.objects.filter(plan__in=published_plans().order_by())
            .values("code")
            .annotate(projects=Sum("projects"), granted_dkk=Sum("granted_dkk"))
            .order_by()
        )
    figures = {row["code"]: row for row in rows}
    municipalities = [
        MunicipalityFigure(
            code=code,
            name=municipality_name(code, english=english),
            region=names[2],
            projects=figures.get(code, {}).get("projects", 0),
            granted=figures.get(code, {}).get("granted_dkk") or ZERO,
        )
        for code, names in MUNICIPALITIES.items()
    ]
    municipalities.sort(key=lambda m: (-m.granted, -m.projects, m.name))
    located = _scope(plan, area).filter(latitude__isnull=False)
    points = [
        {"title": title, "slug": slug, "lat": float(lat), "lon": float(lon), "granted": float(g)}
        for title, slug, lat, lon, g in located.order_by("-granted_dkk", "id").values_list(
            "title", "slug", "latitude", "longitude", "granted_dkk"
        )[:MAP_POINTS]
    ]
    return MapData(municipalities=municipalities, points=points)


# -- one search over every kind ------------------------------------------------------------

SEARCH_SHOWN = 10


@dataclass
class SearchResults:
    query: str
    plans: list[ActionPlan] = field(default_factory=list)
    focus_areas: list[FocusArea] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(
            len(kind)
            for kind in (
                self.plans,
                self.focus_areas,
                self.goals,
                self.projects,
                self.organisations,
            )
        )


def _all_words(field_names: tuple[str, ...], words: list[str]) -> Q:
    condition = Q()
    for word in words:
        either = Q()
        for name in field_names:
            either |= contains(name, word)
        condition &= either
    return condition


def search_everything(query: str) -> SearchResults:
    """Plans, focus areas, goals, projects and organisations matching every word (at most
    SEARCH_SHOWN of each kind): one query per kind."""
    words = query.split()
    results = SearchResults(query=query)
    if not words:
        return results
    plans = published_plans()
    results.plans = list(plans.filter(_all_words(("title", "intro"), words))[:SEARCH_SHOWN])
    results.focus_areas = list(
        FocusArea.objects.filter(plan__in=plans)
        .filter(_all_words(("title", "challenge", "approach"), words))
        .select_related("plan", "theme")
        .order_by("-plan__period_start", "order", "id")[:SEARCH_SHOWN]
    )
    results.goals = list(
        Goal.objects.filter(focus_area__plan__in=plans)
        .filter(_all_words(("statement",), words))
        .select_related("focus_area__plan")
        .order_by("-focus_area__plan__period_start", "focus_area__order", "order", "id")[
            :SEARCH_SHOWN
        ]
    )
    results.projects = list(
        search_projects(published_projects(), query)
        .select_related("lead")
        .order_by("-granted_dkk", "id")[:SEARCH_SHOWN]
    )
    results.organisations = list(
        Organisation.objects.filter(_all_words(("name",), words)).order_by("name")[:SEARCH_SHOWN]
    )
    return results
