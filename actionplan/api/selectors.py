"""Reads the API needs beyond the public selectors of each app."""

from django.db.models import Prefetch, QuerySet

from actionplan.accounts.permissions import VIEW, plans_for, projects_for
from actionplan.indicators.models import Indicator
from actionplan.organisations.models import FundingSource, Organisation
from actionplan.plans.models import ActionPlan, FocusArea, Theme
from actionplan.plans.selectors import published_plans
from actionplan.projects.models import CoFunding, Grant, Participation, Project, ProjectFocusArea
from actionplan.rounds.models import StatusRound, StatusUpdate

from .models import ApiToken


def public_plan_detail(slug: str) -> ActionPlan | None:
    """A published plan with its themes and their focus areas."""
    return (
        published_plans()
        .filter(slug=slug)
        .prefetch_related(
            Prefetch(
                "themes",
                queryset=Theme.objects.order_by("order", "id").prefetch_related(
                    Prefetch("focus_areas", queryset=FocusArea.objects.order_by("order", "id"))
                ),
            )
        )
        .first()
    )


def project_detail_for(user, slug: str, action: str = VIEW) -> Project | None:
    """A project the user may see (or do `action` on), with every detail the owner may see:
    unpublished plans' focus areas and updates of unpublished rounds included."""
    return (
        projects_for(user, action)
        .filter(slug=slug)
        .select_related("lead")
        .prefetch_related(
            Prefetch(
                "focus_area_links",
                queryset=ProjectFocusArea.objects.select_related("focus_area__plan").order_by(
                    "-is_primary", "focus_area__theme__order", "focus_area__order"
                ),
            ),
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("organisation").order_by(
                    "organisation__name", "role"
                ),
            ),
            Prefetch(
                "grants",
                queryset=Grant.objects.select_related("source").order_by("decided_on", "id"),
            ),
            Prefetch("cofunding", queryset=CoFunding.objects.select_related("source")),
            Prefetch(
                "updates",
                queryset=StatusUpdate.objects.select_related("round").order_by("date", "id"),
            ),
        )
        .first()
    )


def project_for(user, slug: str) -> Project | None:
    """A project the user may see, to write to (the service decides whether they may)."""
    return projects_for(user, VIEW).filter(slug=slug).first()


def grant_for(user, grant_id: int) -> Grant | None:
    return (
        Grant.objects.filter(pk=grant_id, project__in=projects_for(user, VIEW))
        .select_related("project", "source")
        .first()
    )


def indicator_for(user, indicator_id: int) -> Indicator | None:
    return (
        Indicator.objects.filter(pk=indicator_id, goal__focus_area__plan__in=plans_for(user, VIEW))
        .select_related("goal__focus_area__plan")
        .first()
    )


def focus_areas_for(user, ids: list[int]) -> list[FocusArea]:
    """The focus areas with these ids that the user may see, in the order given."""
    found = FocusArea.objects.filter(pk__in=ids, plan__in=plans_for(user, VIEW)).in_bulk()
    return [found[i] for i in ids if i in found]


def organisation_by_slug(slug: str) -> Organisation | None:
    return Organisation.objects.filter(slug=slug).first()


def funding_source_by_slug(slug: str) -> FundingSource | None:
    return FundingSource.objects.filter(slug=slug).first()


def round_for(user, round_id: int) -> StatusRound | None:
    return StatusRound.objects.filter(pk=round_id, plan__in=plans_for(user, VIEW)).first()


def tokens_for(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(owner=user).order_by("-created_at", "-id")
