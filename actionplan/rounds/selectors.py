import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from actionplan.accounts.permissions import REPORT, projects_for
from actionplan.accounts.selectors import workspace_projects
from actionplan.core.errors import ActionplanError
from actionplan.plans.models import ActionPlan, FocusArea
from actionplan.projects.models import CoFunding, Grant, Participation, Project, ProjectFocusArea
from actionplan.projects.selectors import focus_area_links

from . import totals
from .models import FocusAreaAssessment, StatusRound, StatusUpdate, UpdateRequest


def assessments_for(
    plans: QuerySet[ActionPlan] | list[ActionPlan],
) -> QuerySet[FocusAreaAssessment]:
    return (
        FocusAreaAssessment.objects.filter(
            round__plan__in=plans, round__state=StatusRound.State.PUBLISHED
        )
        .select_related("round", "focus_area", "round__plan")
        .order_by("round__reference_date", "focus_area__theme__order", "focus_area__order")
    )


def public_rounds(*, plan: str | None = None) -> QuerySet[StatusRound]:
    rounds = StatusRound.objects.filter(
        state=StatusRound.State.PUBLISHED, plan__status=ActionPlan.Status.PUBLISHED
    ).select_related("plan")
    if plan:
        rounds = rounds.filter(plan__slug=plan)
    return rounds.order_by("plan__period_start", "reference_date", "pk")


def public_assessments(
    *,
    plan: str | None = None,
    round: int | None = None,
    focus_area: int | None = None,
    still_relevant: bool | None = None,
) -> QuerySet[FocusAreaAssessment]:
    assessments = FocusAreaAssessment.objects.filter(
        round__state=StatusRound.State.PUBLISHED,
        round__plan__status=ActionPlan.Status.PUBLISHED,
    )
    if plan:
        assessments = assessments.filter(round__plan__slug=plan)
    if round:
        assessments = assessments.filter(round_id=round)
    if focus_area:
        assessments = assessments.filter(focus_area_id=focus_area)
    if still_relevant is not None:
        assessments = assessments.filter(still_relevant=still_relevant)
    return assessments.select_related("round__plan", "focus_area").order_by(
        "round__reference_date", "focus_area__theme__order", "focus_area__order", "pk"
    )


# -- update requests and completeness -------------------------------------------------------


def update_requests_for(user, status_round: StatusRound | None = None) -> QuerySet[UpdateRequest]:
    """The update requests a user may see and report on: a project reporter sees only the
    projects they are assigned to; staff see the projects in their scope."""
    requests = UpdateRequest.objects.filter(project__in=projects_for(user, REPORT))
    if status_round is not None:
        requests = requests.filter(round=status_round)
    return requests.select_related("round", "round__plan", "project").order_by(
        "round__deadline", "project__title", "pk"
    )


def round_get(plan: ActionPlan, name_or_slug: str) -> StatusRound:
    """A plan's round by name (any case) or slug."""
    rounds = StatusRound.objects.filter(plan=plan).select_related("plan")
    found = (
        rounds.filter(slug=name_or_slug).first() or rounds.filter(name__iexact=name_or_slug).first()
    )
    if found is None:
        names = ", ".join(f"'{name}'" for name in rounds.values_list("name", flat=True))
        raise ActionplanError(
            f"The plan '{plan.slug}' has no status round '{name_or_slug}'; "
            + (f"its rounds: {names}." if names else "it has no rounds yet.")
        )
    return found


# -- the staff workspace --------------------------------------------------------------------


def rounds_for(user, action: str = "view") -> QuerySet[StatusRound]:
    """The rounds of the plans a user's roles cover (drafts included), newest first, with
    their counters (rounds.totals): `round.totals.asked`, `.reported`, ..."""
    from actionplan.accounts.permissions import plans_for

    return (
        StatusRound.objects.filter(plan__in=plans_for(user, action, published=False))
        .select_related("plan", "totals")
        .order_by("-reference_date", "plan__title", "pk")
    )


def round_for(user, pk: int, action: str = "view") -> StatusRound:
    """One round the user's roles cover, or Http404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(rounds_for(user, action), pk=pk)


def my_update_requests(user) -> QuerySet[UpdateRequest]:
    """The update requests addressed to a user: those of the projects they hold a role on
    themselves, and those they were named a recipient of, newest round first."""
    from django.db.models import Q

    from actionplan.accounts.permissions import grants

    own = grants(user).scopes(REPORT).projects
    return (
        update_requests_for(user)
        .filter(Q(project_id__in=own) | Q(recipients=user))
        .distinct()
        .order_by("-round__reference_date", "round__deadline", "project__title", "pk")
    )


def update_request_for(user, pk: int) -> UpdateRequest:
    """An update request of a project the user may report on, or Http404 (another lead's)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        update_requests_for(user).select_related("submitted_by", "reviewed_by", "project__lead"),
        pk=pk,
    )


def milestones_of(request: UpdateRequest) -> list:
    return list(request.milestones.order_by("date", "pk"))


@dataclass(frozen=True)
class AssessmentRow:
    focus_area: FocusArea
    assessment: FocusAreaAssessment | None


def round_assessments(status_round: StatusRound) -> list[AssessmentRow]:
    """Every focus area of the round's plan with its assessment in the round (or None)."""
    written = {a.focus_area_id: a for a in FocusAreaAssessment.objects.filter(round=status_round)}
    areas = (
        FocusArea.objects.filter(plan_id=status_round.plan_id)
        .select_related("theme")
        .order_by("theme__order", "theme_id", "order", "pk")
    )
    return [AssessmentRow(area, written.get(area.pk)) for area in areas]


def round_focus_area(
    status_round: StatusRound, pk: int
) -> tuple[FocusArea, FocusAreaAssessment | None]:
    """A focus area of the round's plan and its assessment (None when not written), or 404."""
    from django.shortcuts import get_object_or_404

    area = get_object_or_404(
        FocusArea.objects.select_related("theme"), pk=pk, plan_id=status_round.plan_id
    )
    return area, FocusAreaAssessment.objects.filter(round=status_round, focus_area=area).first()


def pending_updates(project) -> list[UpdateRequest]:
    """A project's updates on their way to approval (draft, submitted or returned) that can
    still change: those outside a round and those of open rounds. One query."""
    from django.db.models import Q

    return list(
        UpdateRequest.objects.filter(project=project)
        .exclude(state=UpdateRequest.State.APPROVED)
        .filter(Q(round__isnull=True) | Q(round__state=StatusRound.State.OPEN))
        .exclude(Q(round__isnull=False) & Q(state=UpdateRequest.State.DRAFT) & Q(narrative=""))
        .select_related("round", "submitted_by")
        .order_by("-pk")
    )


@dataclass(frozen=True)
class AreaCounts:
    focus_area_id: int
    title: str
    theme: str
    requested: int
    reported: int
    late: int


@dataclass(frozen=True)
class Completeness:
    round_id: int
    deadline: dt.date | None
    today: dt.date
    focus_areas: tuple[AreaCounts, ...]
    requested: int
    reported: int
    late: int


def round_completeness(status_round: StatusRound, *, today: dt.date | None = None) -> Completeness:
    """Per focus area how many projects a round asked, how many have reported (submitted or
    approved) and how many are late (not reported by a passed deadline); a project in several
    focus areas counts under each, and once in the round's numbers. Read from the counters
    the services keep (rounds.totals): one query for the focus areas, and one for the round
    unless rounds_for read its counters with it. The rows behind the numbers are the
    cockpit's paged request lists."""
    today = today or timezone.localdate()
    deadline = status_round.deadline
    overdue = deadline is not None and today > deadline
    counted = totals.of_round(status_round)
    return Completeness(
        round_id=status_round.pk,
        deadline=deadline,
        today=today,
        focus_areas=tuple(
            AreaCounts(
                focus_area_id=row.focus_area_id,
                title=row.focus_area.title,
                theme=row.focus_area.theme.title,
                requested=row.asked,
                reported=row.reported,
                late=row.owed if overdue else 0,
            )
            for row in totals.of_areas(status_round)
        ),
        requested=counted.asked,
        reported=counted.reported,
        late=counted.owed if overdue else 0,
    )


# -- projects with their status updates (the updates are the rounds' rows) -----------------


def public_updates() -> QuerySet[StatusUpdate]:
    """Updates outside any round, or in a round that has been published."""
    return StatusUpdate.objects.filter(
        Q(round__isnull=True) | Q(round__state=StatusRound.State.PUBLISHED)
    )


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


EXPORT_PROJECT_FIELDS = (
    "id",
    "slug",
    "title",
    "kind",
    "description",
    "status",
    "start",
    "start_precision",
    "end",
    "end_precision",
    "budget_dkk",
    "budget_upper_bound",
    "lead__name",
    "sdgs",
)


def project_chunks(
    projects: QuerySet[Project], *, chunk_size: int = 2000
) -> Iterator[tuple[list[tuple], dict[str, dict[int, list[tuple]]]]]:
    """The projects (project_list's answer) in id order, a chunk at a time, as plain
    tuples (the fields of EXPORT_PROJECT_FIELDS) with their related rows grouped by project
    id: one keyset query for the chunk and one per relation, ordered as projects_with_details
    orders them. For exports of a whole portfolio: no model instances."""
    rows = projects.order_by("id").values_list(*EXPORT_PROJECT_FIELDS)
    last = 0
    while True:
        chunk = list(rows.filter(id__gt=last)[:chunk_size])
        if not chunk:
            return
        last = chunk[-1][0]
        ids = [row[0] for row in chunk]
        related = {
            name: _grouped(queryset.filter(project_id__in=ids))
            for name, queryset in _export_relations().items()
        }
        yield chunk, related


def _grouped(rows: QuerySet) -> dict[int, list[tuple]]:
    """(project_id, *values) rows as {project_id: [values, ...]}, in the rows' order."""
    grouped: dict[int, list[tuple]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row[1:])
    return grouped


def _export_relations() -> dict[str, QuerySet]:
    return {
        "focus_areas": ProjectFocusArea.objects.order_by(
            "project_id", "-is_primary", "focus_area__theme__order", "focus_area__order", "id"
        ).values_list("project_id", "focus_area__slug"),
        "partners": Participation.objects.order_by(
            "project_id", "organisation__name", "role", "id"
        ).values_list("project_id", "organisation__name", "role"),
        "grants": Grant.objects.order_by("project_id", "decided_on", "id").values_list(
            "project_id", "source__name", "amount", "upper_bound", "decided_on", "decided_precision"
        ),
        "cofunding": CoFunding.objects.order_by(
            "project_id", F("year").asc(nulls_first=True), "id"
        ).values_list("project_id", "source__name", "amount", "status", "year", "note"),
        "updates": public_updates()
        .order_by("project_id", "date", "id")
        .values_list("project_id", "date", "status", "progress", "narrative"),
    }


def public_project_get(slug: str) -> Project | None:
    """One published project with everything public about it, or None."""
    return (
        Project.objects.filter(is_published=True, slug=slug)
        .select_related("lead")
        .prefetch_related(
            Prefetch("focus_area_links", queryset=focus_area_links(public=True)),
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
