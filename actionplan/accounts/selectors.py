"""The people and roles an administrator manages."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from actionplan.organisations.models import Organisation
from actionplan.plans.models import ActionPlan
from actionplan.projects.models import Project

from .models import Invitation, Membership
from .permissions import MANAGE_USERS, grants, plans_for, projects_for


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
