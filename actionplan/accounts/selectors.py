"""The people and roles an administrator manages."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from actionplan.organisations.models import Organisation
from actionplan.plans.models import ActionPlan
from actionplan.projects.models import Project

from .models import Invitation, Membership
from .permissions import MANAGE_USERS, VIEW, grants, plans_for, projects_for


@dataclass
class ManagedScopes:
    organisations: QuerySet[Organisation]
    plans: QuerySet[ActionPlan]
    projects: QuerySet[Project]
    everything: bool = False  # an administrator's: every role, without reading every project

    def __bool__(self) -> bool:
        return self.organisations.exists() or self.plans.exists() or self.projects.exists()

    def q(self) -> Q:
        if self.everything:
            return Q()
        return (
            Q(organisation__in=self.organisations)
            | Q(plan__in=self.plans)
            | Q(project__in=self.projects)
        )


def managed_scopes(user) -> ManagedScopes:
    g = grants(user)
    organisations = Organisation.objects.all()
    if not g.superuser:
        organisations = organisations.filter(pk__in=g.scopes(MANAGE_USERS).organisations)
    return ManagedScopes(
        organisations=organisations.order_by("name"),
        plans=plans_for(user, MANAGE_USERS).order_by("-period_start", "title"),
        projects=projects_for(user, MANAGE_USERS).order_by("title"),
        everything=g.superuser,
    )


def memberships_managed_by(user, scopes: ManagedScopes) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(scopes.q())
        .select_related("user", "organisation", "plan", "project")
        .order_by("user__username", "role", "pk")
    )


def open_invitations_managed_by(user, scopes: ManagedScopes) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(scopes.q(), accepted_at__isnull=True)
        .filter(expires_at__gt=timezone.now())
        .select_related("organisation", "plan", "project")
        .order_by("-created_at", "pk")
    )


# -- the staff workspace: what the user's roles cover (drafts included) --------------------


def workspace_plans(user) -> QuerySet[ActionPlan]:
    """The plans the user's roles cover (drafts included), newest first."""
    return (
        plans_for(user, VIEW, published=False)
        .select_related("strategy", "organisation")
        .order_by("-period_start", "title", "pk")
    )


def workspace_plan(user, slug: str) -> ActionPlan:
    """One plan the user's roles cover; ActionPlan.DoesNotExist otherwise (a 404, so that
    another organisation's draft cannot even be seen to exist)."""
    return workspace_plans(user).get(slug=slug)


def workspace_projects(user) -> QuerySet[Project]:
    """Projects inside the user's roles (any role: edit, report or read), drafts included;
    unlike permissions.projects_for(VIEW), other organisations' published projects are left
    out, so the workspace shows only what the user works on."""
    return projects_for(user, VIEW, published=False)
