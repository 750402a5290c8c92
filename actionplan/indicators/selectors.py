from django.db.models import Prefetch, QuerySet

from actionplan.plans.models import ActionPlan

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
