from collections.abc import Sequence

from django.db.models import Prefetch, QuerySet

from actionplan.core.errors import ActionplanError, EmptyDatabaseError
from actionplan.core.search import search_filter

from .models import (
    ActionPlan,
    FocusArea,
    Goal,
    PlannedActivity,
    Theme,
)


def plan_list() -> QuerySet[ActionPlan]:
    return ActionPlan.objects.select_related("strategy", "organisation").order_by(
        "-period_start", "slug"
    )


def published_plans() -> QuerySet[ActionPlan]:
    return plan_list().filter(status=ActionPlan.Status.PUBLISHED)


def plan_get(slug: str, *, published_only: bool = False) -> ActionPlan:
    plans = published_plans() if published_only else plan_list()
    try:
        return plans.get(slug=slug)
    except ActionPlan.DoesNotExist:
        require_plans()
        raise ActionplanError(f"No plan with the slug '{slug}'.") from None


def require_plans() -> None:
    """For the CLI: a database without a plan says what to run first."""
    if not ActionPlan.objects.exists():
        raise EmptyDatabaseError


# The reads of the plan tree down to its goals' indicators (themes_with_content, public_goals,
# public_indicators, focus_area_for_editing) are in indicators.selectors, above the plans.


# -- public reads for the API and open data (published plans only) --------------------------


def _ordered(queryset: QuerySet, order: Sequence[str]) -> QuerySet:
    """A stable order: whatever was asked for, then the primary key."""
    return queryset.order_by(*order, "pk")


def public_plans(
    *,
    search: str | None = None,
    organisation: str | None = None,
    year: int | None = None,
    order: Sequence[str] = ("-period_start",),
) -> QuerySet[ActionPlan]:
    plans = published_plans()
    if organisation:
        plans = plans.filter(organisation__slug=organisation)
    if year:
        plans = plans.filter(period_start__year__lte=year, period_end__year__gte=year)
    plans = search_filter(plans, search, ["title", "intro"])
    return _ordered(plans, order)


def public_themes(*, plan: str | None = None) -> QuerySet[Theme]:
    themes = Theme.objects.filter(plan__status=ActionPlan.Status.PUBLISHED).select_related("plan")
    if plan:
        themes = themes.filter(plan__slug=plan)
    return themes.prefetch_related(
        Prefetch("focus_areas", queryset=FocusArea.objects.order_by("order", "id"))
    ).order_by("plan__period_start", "plan__slug", "order", "pk")


def public_focus_areas(
    *,
    plan: str | None = None,
    theme: int | None = None,
    search: str | None = None,
    order: Sequence[str] = ("plan__period_start", "theme__order", "order"),
) -> QuerySet[FocusArea]:
    areas = FocusArea.objects.filter(plan__status=ActionPlan.Status.PUBLISHED)
    if plan:
        areas = areas.filter(plan__slug=plan)
    if theme:
        areas = areas.filter(theme_id=theme)
    areas = search_filter(areas, search, ["title", "challenge", "approach"])
    areas = areas.select_related("plan", "theme").prefetch_related(
        "facts",
        Prefetch("goals", queryset=Goal.objects.order_by("order", "id")),
        Prefetch(
            "activities",
            queryset=PlannedActivity.objects.filter(parent=None).prefetch_related("items"),
            to_attr="top_activities",
        ),
        "suggested_partners",
        "suggested_funding",
    )
    return _ordered(areas, order)


# -- the staff workspace (the plans a user's roles cover: accounts.selectors.workspace_plans)


def plan_themes_for_editing(plan: ActionPlan) -> QuerySet[Theme]:
    """The plan's themes, each with its focus areas in order (two queries)."""
    return (
        Theme.objects.filter(plan=plan)
        .prefetch_related(
            Prefetch("focus_areas", queryset=FocusArea.objects.order_by("order", "id"))
        )
        .order_by("order", "id")
    )


def theme_for_editing(plan: ActionPlan, pk: int) -> Theme:
    return (
        Theme.objects.filter(plan=plan)
        .select_related("plan")
        .prefetch_related(
            Prefetch("focus_areas", queryset=FocusArea.objects.order_by("order", "id"))
        )
        .get(pk=pk)
    )


def goal_for_editing(plan: ActionPlan, pk: int) -> Goal:
    return Goal.objects.filter(focus_area__plan=plan).select_related("focus_area__plan").get(pk=pk)
