import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from actionplan.accounts.permissions import REPORT, projects_for
from actionplan.core.errors import ActionplanError
from actionplan.plans.models import ActionPlan, FocusArea
from actionplan.projects.models import ProjectFocusArea

from .models import FocusAreaAssessment, StatusRound, UpdateRequest


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


@dataclass(frozen=True)
class RequestRow:
    request_id: int
    project_id: int
    project_title: str
    state: str
    state_label: str
    reported: bool
    late: bool
    submitted_at: dt.datetime | None


@dataclass(frozen=True)
class FocusAreaCompleteness:
    focus_area_id: int
    title: str
    theme: str
    rows: tuple[RequestRow, ...]

    @property
    def reported(self) -> int:
        return sum(row.reported for row in self.rows)

    @property
    def late(self) -> int:
        return sum(row.late for row in self.rows)


@dataclass(frozen=True)
class Completeness:
    round_id: int
    deadline: dt.date | None
    today: dt.date
    focus_areas: tuple[FocusAreaCompleteness, ...]
    requested: int
    reported: int
    late: int


def round_completeness(status_round: StatusRound, *, today: dt.date | None = None) -> Completeness:
    """Which projects have reported in a round and which are late, per focus area. A project
    has reported once its update is submitted or approved; it is late when it has not and
    the deadline has passed. A project in several focus areas is listed under each; the
    totals count it once. Three queries whatever the size of the round."""
    today = today or timezone.localdate()
    deadline = status_round.deadline
    reported_states = {UpdateRequest.State.SUBMITTED, UpdateRequest.State.APPROVED}
    requests = (
        UpdateRequest.objects.filter(round=status_round)
        .select_related("project")
        .prefetch_related(
            Prefetch(
                "project__focus_area_links",
                queryset=ProjectFocusArea.objects.filter(
                    focus_area__plan_id=status_round.plan_id
                ).select_related("focus_area", "focus_area__theme"),
            )
        )
        .order_by("project__title", "pk")
    )
    by_area: dict[int, list[RequestRow]] = {}
    areas: dict[int, FocusArea] = {}
    requested = reported = late = 0
    for request in requests:
        is_reported = request.state in reported_states
        row = RequestRow(
            request_id=request.pk,
            project_id=request.project_id,
            project_title=request.project.title,
            state=request.state,
            state_label=str(request.get_state_display()),
            reported=is_reported,
            late=not is_reported and deadline is not None and today > deadline,
            submitted_at=request.submitted_at,
        )
        requested += 1
        reported += row.reported
        late += row.late
        for link in request.project.focus_area_links.all():
            areas[link.focus_area_id] = link.focus_area
            by_area.setdefault(link.focus_area_id, []).append(row)
    ordered = sorted(areas.values(), key=lambda fa: (fa.theme.order, fa.theme_id, fa.order, fa.pk))
    return Completeness(
        round_id=status_round.pk,
        deadline=deadline,
        today=today,
        focus_areas=tuple(
            FocusAreaCompleteness(
                focus_area_id=fa.pk,
                title=fa.title,
                theme=fa.theme.title,
                rows=tuple(by_area[fa.pk]),
            )
            for fa in ordered
        ),
        requested=requested,
        reported=reported,
        late=late,
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
    how many projects were asked and how many have reported."""
    from django.db.models import Count, Q

    from actionplan.accounts.permissions import plans_for

    reported = Q(requests__state__in=[UpdateRequest.State.SUBMITTED, UpdateRequest.State.APPROVED])
    return (
        StatusRound.objects.filter(plan__in=plans_for(user, action, published=False))
        .select_related("plan")
        .annotate(requested=Count("requests"), reported=Count("requests", filter=reported))
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
class CompletenessCounts:
    round_id: int
    deadline: dt.date | None
    today: dt.date
    focus_areas: tuple[AreaCounts, ...]
    requested: int
    reported: int
    late: int


def round_completeness_counts(
    status_round: StatusRound, *, today: dt.date | None = None
) -> CompletenessCounts:
    """round_completeness's numbers without its rows: per focus area how many projects were
    asked, have reported and are late, counted in the database (a national round asks
    100.000 projects; their rows are the round's request lists, paged). Three queries
    whatever the size of the round."""
    today = today or timezone.localdate()
    deadline = status_round.deadline
    overdue = deadline is not None and today > deadline
    reported_states = [UpdateRequest.State.SUBMITTED, UpdateRequest.State.APPROVED]
    requests = UpdateRequest.objects.filter(round=status_round)
    totals = requests.aggregate(
        requested=Count("pk"), reported=Count("pk", filter=Q(state__in=reported_states))
    )
    link = "project__focus_area_links__focus_area"
    per_area = {
        row[link]: row
        for row in requests.filter(**{f"{link}__plan_id": status_round.plan_id})
        .values(link)
        .annotate(requested=Count("pk"), reported=Count("pk", filter=Q(state__in=reported_states)))
        .order_by()
    }
    areas = (
        FocusArea.objects.filter(pk__in=per_area)
        .select_related("theme")
        .order_by("theme__order", "theme_id", "order", "pk")
    )
    return CompletenessCounts(
        round_id=status_round.pk,
        deadline=deadline,
        today=today,
        focus_areas=tuple(
            AreaCounts(
                focus_area_id=area.pk,
                title=area.title,
                theme=area.theme.title,
                requested=per_area[area.pk]["requested"],
                reported=per_area[area.pk]["reported"],
                late=(per_area[area.pk]["requested"] - per_area[area.pk]["reported"])
                if overdue
                else 0,
            )
            for area in areas
        ),
        requested=totals["requested"],
        reported=totals["reported"],
        late=totals["requested"] - totals["reported"] if overdue else 0,
    )
