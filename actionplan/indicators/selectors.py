from django.db.models import Prefetch, QuerySet

from actionplan.core.search import search_filter
from actionplan.plans.models import (
    ActionPlan,
    FocusArea,
    Goal,
    PlannedActivity,
    SuggestedFunding,
    SuggestedPartner,
    Theme,
)

from .models import Indicator, Observation


def indicators_for_plan(plan: ActionPlan) -> QuerySet[Indicator]:
    """A plan's indicators with their goal, focus area, theme and observations (by date), in
    two queries however many there are; ready for actionplan.indicators.progress."""
    return (
        Indicator.objects.filter(goal__focus_area__plan=plan)
        .select_related("goal__focus_area__theme")
        .prefetch_related(
            Prefetch("observations", queryset=Observation.objects.order_by("date", "id"))
        )
        .order_by(
            "goal__focus_area__theme__order",
            "goal__focus_area__order",
            "goal__focus_area__id",
            "goal__order",
            "goal__id",
            "order",
            "id",
        )
    )


def indicator_for_editing(plan: ActionPlan, pk: int) -> Indicator:
    """An indicator of the plan, with its goal and focus area; Indicator.DoesNotExist when it
    belongs to another plan."""
    return (
        Indicator.objects.filter(goal__focus_area__plan=plan)
        .select_related("goal__focus_area__plan", "goal__focus_area__theme")
        .get(pk=pk)
    )


def observations_of(indicator: Indicator) -> QuerySet[Observation]:
    """Newest first, with who recorded each."""
    return indicator.observations.select_related("recorded_by").order_by("-date", "-id")


# -- the plan tree down to its goals' indicators -------------------------------------------


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
