from collections.abc import Sequence

from django.db.models import Prefetch, QuerySet

from actionplan.core.errors import ActionplanError, EmptyDatabaseError
from actionplan.core.search import search_filter
from actionplan.indicators.models import Indicator, Observation

from .models import (
    ActionPlan,
    FocusArea,
    Goal,
    PlannedActivity,
    SuggestedFunding,
    SuggestedPartner,
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


def themes_with_content(plans: QuerySet[ActionPlan] | list[ActionPlan]) -> QuerySet[Theme]:
    """Themes with everything under them, in a fixed number of queries."""
    goals = Goal.objects.prefetch_related(
        Prefetch(
            "indicators",
            queryset=Indicator.objects.prefetch_related("observations").order_by("order", "id"),
        )
    )
    focus_areas = FocusArea.objects.prefetch_related(
        "facts",
        Prefetch("goals", queryset=goals),
        Prefetch(
            "activities",
            queryset=PlannedActivity.objects.filter(parent=None).prefetch_related("items"),
            to_attr="top_activities",
        ),
        "suggested_partners",
        "suggested_funding",
    ).order_by("order", "id")
    return (
        Theme.objects.filter(plan__in=plans)
        .select_related("plan")
        .prefetch_related(Prefetch("focus_areas", queryset=focus_areas))
        .order_by("plan__period_start", "plan__slug", "order", "id")
    )


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


def public_goals(*, plan: str | None = None, focus_area: int | None = None) -> QuerySet[Goal]:
    goals = Goal.objects.filter(focus_area__plan__status=ActionPlan.Status.PUBLISHED)
    if plan:
        goals = goals.filter(focus_area__plan__slug=plan)
    if focus_area:
        goals = goals.filter(focus_area_id=focus_area)
    return (
        goals.select_related("focus_area__plan")
        .prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id"))
        )
        .order_by(
            "focus_area__plan__period_start",
            "focus_area__theme__order",
            "focus_area__order",
            "order",
            "pk",
        )
    )


def public_indicators(
    *,
    plan: str | None = None,
    focus_area: int | None = None,
    goal: int | None = None,
    measure: str | None = None,
    search: str | None = None,
) -> QuerySet[Indicator]:
    indicators = Indicator.objects.filter(
        goal__focus_area__plan__status=ActionPlan.Status.PUBLISHED
    )
    if plan:
        indicators = indicators.filter(goal__focus_area__plan__slug=plan)
    if focus_area:
        indicators = indicators.filter(goal__focus_area_id=focus_area)
    if goal:
        indicators = indicators.filter(goal_id=goal)
    if measure:
        indicators = indicators.filter(measure=measure)
    indicators = search_filter(indicators, search, ["name"])
    return (
        indicators.select_related("goal__focus_area__plan")
        .prefetch_related(
            Prefetch("observations", queryset=Observation.objects.order_by("date", "id"))
        )
        .order_by(
            "goal__focus_area__plan__period_start",
            "goal__focus_area__theme__order",
            "goal__focus_area__order",
            "goal__order",
            "order",
            "pk",
        )
    )


# -- the staff workspace (access decided by the user's roles) -------------------------------


def workspace_plans(user) -> QuerySet[ActionPlan]:
    """The plans the user's roles cover (drafts included), newest first."""
    from actionplan.accounts.permissions import VIEW, plans_for

    return (
        plans_for(user, VIEW, published=False)
        .select_related("strategy", "organisation")
        .order_by("-period_start", "title", "pk")
    )


def workspace_plan(user, slug: str) -> ActionPlan:
    """One plan the user's roles cover; ActionPlan.DoesNotExist otherwise (a 404, so that
    another organisation's draft cannot even be seen to exist)."""
    return workspace_plans(user).get(slug=slug)


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


def focus_area_for_editing(plan: ActionPlan, pk: int) -> FocusArea:
    """A focus area of the plan with everything its edit page lists, in a fixed number of
    queries however much it holds."""
    return (
        FocusArea.objects.filter(plan=plan)
        .select_related("plan", "theme")
        .prefetch_related(
            "facts",
            Prefetch(
                "goals",
                queryset=Goal.objects.prefetch_related(
                    Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id"))
                ).order_by("order", "id"),
            ),
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
                queryset=SuggestedPartner.objects.select_related("organisation"),
            ),
            Prefetch(
                "suggested_funding", queryset=SuggestedFunding.objects.select_related("source")
            ),
        )
        .get(pk=pk)
    )


def goal_for_editing(plan: ActionPlan, pk: int) -> Goal:
    return Goal.objects.filter(focus_area__plan=plan).select_related("focus_area__plan").get(pk=pk)
