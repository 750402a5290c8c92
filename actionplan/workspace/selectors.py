"""What the workspace's overview shows a user: only what their roles let them see."""

from dataclasses import dataclass

from django.db.models import QuerySet

from actionplan.accounts.permissions import EDIT, REPORT, VIEW, grants, plans_for
from actionplan.plans.models import ActionPlan
from actionplan.projects.models import Project


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
