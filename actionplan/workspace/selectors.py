"""What the workspace's overview shows a user: only what their roles let them see."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from actionplan.accounts.permissions import EDIT, REPORT, VIEW, grants, plans_for
from actionplan.plans.models import ActionPlan, FocusArea
from actionplan.projects.models import Project, ProjectFocusArea


@dataclass
class Overview:
    plans: QuerySet[ActionPlan]
    editable_plan_ids: set[int]
    reported_projects: QuerySet[Project]


def overview(user) -> Overview:
    return Overview(
        plans=plans_for(user, VIEW, published=False)
        .select_related("organisation", "strategy")
        .order_by("-period_start", "title"),
        editable_plan_ids=set(plans_for(user, EDIT).values_list("pk", flat=True)),
        # Only the projects a role names directly: an editor reports on every project of the
        # organisation, which is what the project list is for.
        reported_projects=Project.objects.filter(pk__in=grants(user).scopes(REPORT).projects)
        .select_related("lead")
        .order_by("title"),
    )


def project_filter_choices(user) -> tuple[QuerySet[ActionPlan], QuerySet[FocusArea]]:
    """The plans and focus areas the workspace's project list offers as filters: those the
    user's roles cover and those of the projects a role names. Read from the roles, not from
    the projects: the plans of a national editor hold hundreds of thousands of them."""
    named = ProjectFocusArea.objects.filter(project_id__in=grants(user).scopes(VIEW).projects)
    covered = plans_for(user, VIEW, published=False).values("pk")
    plans = ActionPlan.objects.filter(
        Q(pk__in=covered) | Q(pk__in=named.values("focus_area__plan_id"))
    ).order_by("-period_start", "title")
    areas = (
        FocusArea.objects.filter(Q(plan_id__in=covered) | Q(pk__in=named.values("focus_area_id")))
        .select_related("plan")
        .order_by("plan__title", "theme__order", "order")
    )
    return plans, areas
