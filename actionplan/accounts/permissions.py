"""Who may see and change what.

Roles hold on a scope: an organisation (its plans and the projects under them), one plan, or
one project. Published content is public; a role's "view" covers unpublished content in its
scope. The checks here are used by the selectors (querysets) and by every write, through
core.services (see AccountsConfig.ready). The apps above accounts (rounds, attachments,
privacy, ingest) say whose roles govern their rows with register() in their AppConfig.ready().
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from actionplan.core.services import is_system, require_actor
from actionplan.indicators.models import Indicator, Observation
from actionplan.organisations.models import FundingSource, Organisation
from actionplan.plans.models import (
    ActionPlan,
    Fact,
    FocusArea,
    Goal,
    PlannedActivity,
    Strategy,
    SuggestedFunding,
    SuggestedPartner,
    Theme,
)
from actionplan.projects.models import CoFunding, Grant, Participation, Project, ProjectFocusArea
from actionplan.projects.selectors import linked_to_focus_areas

from .models import Invitation, Membership, Role

log = logging.getLogger("actionplan.security")

VIEW, EDIT, REPORT, MANAGE_USERS = "view", "edit", "report", "manage_users"

ROLE_ACTIONS: dict[str, set[str]] = {
    Role.ADMIN: {VIEW, EDIT, REPORT, MANAGE_USERS},
    Role.EDITOR: {VIEW, EDIT, REPORT},
    Role.READER: {VIEW},
    Role.REPORTER: {VIEW, REPORT},
}


@dataclass
class Scopes:
    organisations: set[int] = field(default_factory=set)
    plans: set[int] = field(default_factory=set)
    projects: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.organisations or self.plans or self.projects)


@dataclass
class Grants:
    superuser: bool = False
    actions: dict[str, Scopes] = field(default_factory=dict)

    def scopes(self, action: str) -> Scopes:
        return self.actions.get(action, Scopes())


def grants(user) -> Grants:
    """The user's roles, read once per request (cached on the user object)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Grants()
    cached = getattr(user, "_actionplan_grants", None)
    if cached is not None:
        return cached
    result = Grants(superuser=user.is_superuser and user.is_active)
    if user.is_active:
        rows = Membership.objects.filter(user=user).values_list(
            "role", "organisation_id", "plan_id", "project_id"
        )
        for role, organisation_id, plan_id, project_id in rows:
            for action in ROLE_ACTIONS[role]:
                scopes = result.actions.setdefault(action, Scopes())
                if organisation_id:
                    scopes.organisations.add(organisation_id)
                if plan_id:
                    scopes.plans.add(plan_id)
                if project_id:
                    scopes.projects.add(project_id)
    user._actionplan_grants = result
    return result


def forget(user) -> None:
    if hasattr(user, "_actionplan_grants"):
        del user._actionplan_grants


# -- reads ---------------------------------------------------------------------------------


def plans_for(user, action: str = VIEW, *, published: bool = True) -> QuerySet[ActionPlan]:
    """The plans the user may do the action on; for VIEW, published plans count too unless
    published=False (the workspace lists only the plans a role covers)."""
    g = grants(user)
    plans = ActionPlan.objects.all()
    if g.superuser:
        return plans
    scopes = g.scopes(action)
    allowed = Q(organisation_id__in=scopes.organisations) | Q(pk__in=scopes.plans)
    if action == VIEW and published:
        allowed |= Q(status=ActionPlan.Status.PUBLISHED)
    return plans.filter(allowed)


def _project_scope_q(scopes: Scopes) -> Q:
    allowed = Q(pk__in=scopes.projects)
    if scopes.organisations or scopes.plans:
        in_plan = Q(plan__organisation_id__in=scopes.organisations) | Q(plan_id__in=scopes.plans)
        allowed |= linked_to_focus_areas(in_plan)
    return allowed


def projects_for(user, action: str = VIEW, *, published: bool = True) -> QuerySet[Project]:
    """The projects the user may do the action on; for VIEW, published projects count too
    unless published=False (the workspace lists only the projects a role covers)."""
    g = grants(user)
    projects = Project.objects.all()
    if g.superuser:
        return projects
    scopes = g.scopes(action)
    allowed = _project_scope_q(scopes) if scopes else Q(pk__in=[])
    if action == VIEW and published:
        allowed |= Q(is_published=True)
    return projects.filter(allowed)


def may(user, action: str, obj: models.Model) -> bool:
    """Whether the user may do the action on an existing object."""
    g = grants(user)
    if g.superuser:
        return True
    scopes = g.scopes(action)
    kind, target = _target(obj)
    if kind == "plan":
        return target.organisation_id in scopes.organisations or target.pk in scopes.plans
    if kind == "project":
        if target.pk in scopes.projects:
            return True
        plans = ProjectFocusArea.objects.filter(project=target).values_list(
            "focus_area__plan_id", "focus_area__plan__organisation_id"
        )
        return any(p in scopes.plans or o in scopes.organisations for p, o in plans)
    if kind == "organisation":
        return target.pk in scopes.organisations
    # The shared registers (organisations, funding sources): any editor anywhere.
    return bool(scopes)


# The plan, project or organisation whose roles govern an object: ("plan", plan),
# ("project", project), ("organisation", organisation), or ("registry", None) for the shared
# registers.
Target = tuple[str, Any]


@dataclass(frozen=True)
class Rule:
    target: Callable[[Any], Target]
    # The action a write needs: EDIT, or REPORT for what a project's reporters fill in.
    write: Callable[[Any], str]


RULES: dict[type[models.Model], Rule] = {}


def register(
    model: type[models.Model],
    target: Callable[[Any], Target],
    *,
    write: str | Callable[[Any], str] = EDIT,
) -> None:
    """Say whose roles govern a model's rows and which action a write needs; the apps above
    accounts call this in their AppConfig.ready()."""
    if isinstance(write, str):
        action = write
        RULES[model] = Rule(target, lambda obj: action)
    else:
        RULES[model] = Rule(target, write)


def _rule(obj: Any) -> Rule | None:
    for cls in type(obj).__mro__:
        if cls in RULES:
            return RULES[cls]
    return None


def _target(obj: Any) -> Target:
    """The plan, project or organisation whose roles govern an object."""
    match obj:
        case ActionPlan():
            return "plan", obj
        case Theme() | FocusArea():
            return "plan", obj.plan
        case Fact() | Goal() | PlannedActivity() | SuggestedPartner() | SuggestedFunding():
            return "plan", obj.focus_area.plan
        case Indicator():
            return "plan", obj.goal.focus_area.plan
        case Observation():
            return "plan", obj.indicator.goal.focus_area.plan
        case ProjectFocusArea():
            return "plan", obj.focus_area.plan
        case Project():
            return ("project", obj) if obj.pk else ("registry", None)
        case Participation() | Grant() | CoFunding():
            return "project", obj.project
        case Strategy():
            return "organisation", obj.organisation
        case Membership() | Invitation():
            return _target(obj.scope)
        case Organisation() | FundingSource():
            return "registry", None
    rule = _rule(obj)
    if rule is not None:
        return rule.target(obj)
    raise PermissionDenied(_("No rule says who may change this."))


def _action_for_write(obj: models.Model) -> str:
    if isinstance(obj, Membership | Invitation):
        return MANAGE_USERS
    rule = _rule(obj)
    return rule.write(obj) if rule is not None else EDIT


def authorize(actor, action: str, instance: models.Model) -> None:
    """Refuse a write the actor's roles do not allow. The system actor (core.services.SYSTEM:
    the demo loader, the command line, scheduled jobs) may do everything; None is refused."""
    require_actor(actor)
    if is_system(actor):
        return
    if isinstance(actor, AnonymousUser) or not actor.is_authenticated or not actor.is_active:
        log.warning("denied anonymous action=%s object=%s", action, instance._meta.label_lower)
        raise PermissionDenied(_("Log in to make changes."))
    if isinstance(instance, ActionPlan) and instance.pk is None:
        # A new plan belongs to its organisation: only that organisation's editors create it.
        g = grants(actor)
        allowed = g.superuser or instance.organisation_id in g.scopes(EDIT).organisations
    else:
        allowed = may(actor, _action_for_write(instance), instance)
    if not allowed:
        log.warning(
            "denied user=%s action=%s object=%s:%s",
            actor.get_username(),
            action,
            instance._meta.label_lower,
            instance.pk,
        )
        raise PermissionDenied(_("You do not have permission to change this."))
