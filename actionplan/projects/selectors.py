from collections.abc import Sequence
from decimal import Decimal

from django.db.models import (
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce

from actionplan.core.history import HistoryItem, Part, object_history
from actionplan.core.models import MoneyField
from actionplan.core.search import search_filter
from actionplan.core.services import version_of
from actionplan.plans.models import ActionPlan
from actionplan.rounds.models import StatusRound, StatusUpdate

from .models import (
    CoFunding,
    Grant,
    Participation,
    PlanStatusTotals,
    Project,
    ProjectFocusArea,
)


def published_projects(plan: ActionPlan | None = None) -> QuerySet[Project]:
    projects = Project.objects.filter(is_published=True)
    if plan is not None:
        projects = projects.filter(
            Exists(ProjectFocusArea.objects.filter(project=OuterRef("pk"), focus_area__plan=plan))
        )
    return projects


def projects_with_details(projects: QuerySet[Project]) -> QuerySet[Project]:
    return (
        projects.select_related("lead")
        .prefetch_related(
            Prefetch(
                "focus_area_links",
                queryset=ProjectFocusArea.objects.select_related("focus_area").order_by(
                    "-is_primary", "focus_area__theme__order", "focus_area__order"
                ),
            ),
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("organisation").order_by(
                    "organisation__name", "role"
                ),
            ),
            "grants__source",
            "cofunding__source",
            Prefetch("updates", queryset=public_updates().order_by("date", "id")),
        )
        .order_by("id")
    )


def public_updates() -> QuerySet[StatusUpdate]:
    """Updates outside any round, or in a round that has been published."""
    return StatusUpdate.objects.filter(
        Q(round__isnull=True) | Q(round__state=StatusRound.State.PUBLISHED)
    )


# -- public reads for the API and open data (published projects only) ----------------------


def granted_total() -> Coalesce:
    """The sum of a project's grants as a subquery, so other joins cannot multiply it.
    Project.granted_dkk holds the same sum, kept by the grant services; prefer it."""
    total = (
        Grant.objects.filter(project=OuterRef("pk"))
        .values("project")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(total), Value(Decimal(0)), output_field=MoneyField())


def public_project_list(
    *,
    plan: str | None = None,
    theme: int | None = None,
    focus_area: int | None = None,
    status: str | None = None,
    year: int | None = None,
    organisation: str | None = None,
    funding_source: str | None = None,
    sdg: int | None = None,
    amount_min: Decimal | None = None,
    amount_max: Decimal | None = None,
    search: str | None = None,
    order: Sequence[str] = ("title",),
) -> QuerySet[Project]:
    """Published projects matching every filter given (`granted_dkk` is a stored total)."""
    projects = Project.objects.filter(is_published=True)
    links = ProjectFocusArea.objects.filter(project=OuterRef("pk"))
    if plan:
        projects = projects.filter(Exists(links.filter(focus_area__plan__slug=plan)))
    if theme:
        projects = projects.filter(Exists(links.filter(focus_area__theme_id=theme)))
    if focus_area:
        projects = projects.filter(Exists(links.filter(focus_area_id=focus_area)))
    if status:
        projects = projects.filter(status=status)
    if year:
        # Running at some time in the year; an unknown start or end leaves that side open.
        projects = projects.filter(
            Q(start__isnull=True) | Q(start__year__lte=year),
            Q(end__isnull=True) | Q(end__year__gte=year),
        )
    if organisation:
        projects = projects.filter(
            Q(lead__slug=organisation)
            | Exists(
                Participation.objects.filter(
                    project=OuterRef("pk"), organisation__slug=organisation
                )
            )
        )
    if funding_source:
        projects = projects.filter(
            Exists(Grant.objects.filter(project=OuterRef("pk"), source__slug=funding_source))
            | Exists(CoFunding.objects.filter(project=OuterRef("pk"), source__slug=funding_source))
        )
    if sdg:
        # JSON containment is not available on SQLite; the stored list is plain text there
        # and on PostgreSQL (jsonb::text), so match the number as a whole word.
        projects = projects.alias(_sdgs=Cast("sdgs", TextField())).filter(
            _sdgs__regex=rf"(^|[^0-9]){int(sdg)}([^0-9]|$)"
        )
    if amount_min is not None:
        projects = projects.filter(granted_dkk__gte=amount_min)
    if amount_max is not None:
        projects = projects.filter(granted_dkk__lte=amount_max)
    projects = search_filter(projects, search, ["title", "description"])
    return (
        projects.select_related("lead")
        .prefetch_related(_public_focus_area_links())
        .order_by(*order, "pk")
    )


def public_project_count_in_plan(plan: str, status: str | None = None) -> int:
    """How many projects public_project_list(plan=plan, status=status) lists, from the
    stored totals (a row per plan and status) rather than by counting them: a plan of a
    national portfolio holds 100.000 projects, and counting them took half a second."""
    totals = PlanStatusTotals.objects.filter(plan__slug=plan)
    if status:
        totals = totals.filter(status=status)
    return totals.aggregate(projects=Sum("projects"))["projects"] or 0


def _public_focus_area_links() -> Prefetch:
    return Prefetch(
        "focus_area_links",
        queryset=ProjectFocusArea.objects.filter(
            focus_area__plan__status=ActionPlan.Status.PUBLISHED
        )
        .select_related("focus_area__plan")
        .order_by("-is_primary", "focus_area__theme__order", "focus_area__order"),
    )


def public_project_version(slug: str) -> str | None:
    """The stored version (core.services.version_of) of a published project, or None."""
    project = Project.objects.filter(is_published=True, slug=slug).first()
    return version_of(project) if project else None


def public_project_get(slug: str) -> Project | None:
    """One published project with everything public about it, or None."""
    return (
        Project.objects.filter(is_published=True, slug=slug)
        .select_related("lead")
        .prefetch_related(
            _public_focus_area_links(),
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
            Prefetch(
                "cofunding",
                queryset=CoFunding.objects.select_related("source"),
            ),
            Prefetch(
                "updates",
                queryset=public_updates().select_related("round").order_by("date", "id"),
            ),
        )
        .first()
    )


def projects_for_iati(plan: ActionPlan | None = None) -> QuerySet[Project]:
    """Published projects with a known start (IATI requires one), with organisations, money
    and the goals of their focus areas."""
    from actionplan.indicators.models import Indicator, Observation
    from actionplan.plans.models import Goal

    goals = Goal.objects.order_by("order", "id").prefetch_related(
        Prefetch(
            "indicators",
            queryset=Indicator.objects.order_by("order", "id").prefetch_related(
                Prefetch("observations", queryset=Observation.objects.order_by("date", "id"))
            ),
        )
    )
    links = (
        ProjectFocusArea.objects.filter(focus_area__plan__status=ActionPlan.Status.PUBLISHED)
        .select_related("focus_area__plan__organisation", "focus_area__theme")
        .prefetch_related(Prefetch("focus_area__goals", queryset=goals))
        .order_by("-is_primary", "focus_area__theme__order", "focus_area__order")
    )
    return (
        published_projects(plan)
        .filter(start__isnull=False)
        .select_related("lead")
        .prefetch_related(
            Prefetch("focus_area_links", queryset=links),
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("organisation").order_by(
                    "organisation__name", "role"
                ),
            ),
            Prefetch(
                "grants",
                queryset=Grant.objects.select_related("source__organisation").order_by(
                    "decided_on", "id"
                ),
            ),
        )
        .order_by("id")
    )


# -- the staff workspace (drafts included, limited to the user's roles) --------------------


def workspace_projects(user) -> QuerySet[Project]:
    """Projects inside the user's roles (any role: edit, report or read), drafts included;
    unlike permissions.projects_for(VIEW), other organisations' published projects are left
    out, so the workspace shows only what the user works on."""
    from actionplan.accounts.permissions import VIEW, projects_for

    return projects_for(user, VIEW, published=False)


def workspace_project_list(
    user,
    *,
    plan: int | None = None,
    focus_area: int | None = None,
    status: str | None = None,
    search: str | None = None,
) -> QuerySet[Project]:
    """The workspace's project list: `granted_dkk` annotated, lead and focus areas fetched."""
    projects = workspace_projects(user)
    links = ProjectFocusArea.objects.filter(project=OuterRef("pk"))
    if plan:
        projects = projects.filter(Exists(links.filter(focus_area__plan_id=plan)))
    if focus_area:
        projects = projects.filter(Exists(links.filter(focus_area_id=focus_area)))
    if status:
        projects = projects.filter(status=status)
    projects = search_filter(projects, search, ["title", "description"])
    return (
        projects.select_related("lead")
        .prefetch_related(
            Prefetch(
                "focus_area_links",
                queryset=ProjectFocusArea.objects.select_related("focus_area__plan").order_by(
                    "-is_primary", "focus_area__theme__order", "focus_area__order"
                ),
            )
        )
        .order_by("title", "pk")
    )


def workspace_project_get(user, pk: int) -> Project | None:
    """One project inside the user's roles with everything its workspace page shows."""
    return (
        workspace_projects(user)
        .filter(pk=pk)
        .select_related("lead")
        .prefetch_related(
            Prefetch(
                "focus_area_links",
                queryset=ProjectFocusArea.objects.select_related(
                    "focus_area__plan", "focus_area__theme"
                ).order_by("-is_primary", "focus_area__theme__order", "focus_area__order"),
            ),
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("organisation").order_by(
                    "organisation__name", "role"
                ),
            ),
            Prefetch(
                "grants",
                queryset=Grant.objects.select_related("source").order_by(
                    F("decided_on").asc(nulls_first=True), "id"
                ),
            ),
            Prefetch("cofunding", queryset=CoFunding.objects.select_related("source")),
            Prefetch(
                "updates",
                queryset=StatusUpdate.objects.select_related("round", "author").order_by(
                    "-date", "-id"
                ),
            ),
        )
        .first()
    )


# The records that belong to a project and keep its id in their audit events' changes.
PROJECT_PARTS = tuple(
    Part(object_type, "project_id")
    for object_type in (
        "projects.grant",
        "projects.cofunding",
        "projects.participation",
        "projects.projectfocusarea",
        "rounds.statusupdate",
        "rounds.updaterequest",
        "rounds.milestone",
        "attachments.attachment",
    )
)


def project_history(project: Project) -> list[HistoryItem]:
    """The project's audit trail as sentences, newest first, with the events of its grants,
    co-funding, partners, focus-area links, status updates (submitted and approved) and
    milestones, deleted ones included."""
    return object_history(project, PROJECT_PARTS)
