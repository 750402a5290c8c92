"""What the workspace home shows: staff see the state of the status loop in their plans (the
cockpit), a project's reporter sees what they owe and by when. Every number has a list behind
it (the *_list selectors). Each part is a fixed number of queries whatever the number of
projects: a round's requests by state are the counters the round services keep
(rounds.totals); other counts are computed by the database, grouped, never per row."""

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from actionplan.accounts.permissions import EDIT, REPORT, VIEW, grants, plans_for, projects_for
from actionplan.core.paging import CAP
from actionplan.core.version import data_version
from actionplan.indicators import progress
from actionplan.indicators.models import Indicator, Observation
from actionplan.plans.models import FocusArea, Goal
from actionplan.projects.models import Project, ProjectStatus
from actionplan.rounds import totals as round_totals
from actionplan.rounds.models import StatusRound, StatusUpdate, UpdateRequest

State = UpdateRequest.State
OWED_STATES = (State.DRAFT, State.RETURNED)
# Projects expected to report: money granted and work under way.
RUNNING = (ProjectStatus.GRANTED, ProjectStatus.STARTED)
STALE_DAYS = 365
COCKPIT_SECONDS = 300
# What indicators.progress.series_of reads of an indicator (and assess_goal: its weight).
SERIES_FIELDS = (
    "goal_id",
    "measure",
    "ascending",
    "unit",
    "baseline_value",
    "baseline_year",
    "target_value",
    "target_year",
    "weight",
)


@dataclass
class RoundProgress:
    round: StatusRound
    asked: int = 0
    drafts: int = 0
    submitted: int = 0
    approved: int = 0
    returned: int = 0
    overdue: int = 0

    def share(self, count: int) -> float:
        """Per cent of the asked, for the bar (one decimal, '.' whatever the language)."""
        return round(100 * count / self.asked, 1) if self.asked else 0.0

    @property
    def segments(self) -> list[tuple[str, str, str]]:
        """The bar's parts: (state, x, width) in per cent as SVG takes them ("12.5")."""
        parts, x = [], 0.0
        for state, count in (
            ("approved", self.approved),
            ("submitted", self.submitted),
            ("returned", self.returned),
            ("draft", self.drafts),
        ):
            width = self.share(count)
            if width:
                parts.append((state, f"{x:.1f}", f"{width:.1f}"))
            x += width
        return parts


@dataclass
class Cockpit:
    today: dt.date
    rounds: list[RoundProgress]
    to_review: int
    returned: int
    indicators_without_observation: int
    stale_projects: int
    goals_off_track: int
    can_review: bool

    @property
    def cap(self) -> int:
        return CAP


def _plan_ids(user, action: str = VIEW) -> list[int]:
    return list(plans_for(user, action, published=False).values_list("pk", flat=True))


def _round_progress(plan_ids: list[int], today: dt.date) -> list[RoundProgress]:
    """The open rounds of the plans with their requests counted by state, from the counters
    the services keep (rounds.totals): one query."""
    rounds = (
        StatusRound.objects.filter(plan_id__in=plan_ids, state=StatusRound.State.OPEN)
        .select_related("plan", "totals")
        .order_by("deadline", "plan__title", "pk")
    )
    progress = []
    for status_round in rounds:
        counted = round_totals.of_round(status_round)
        deadline = status_round.deadline
        progress.append(
            RoundProgress(
                status_round,
                asked=counted.asked,
                drafts=counted.draft,
                submitted=counted.submitted,
                approved=counted.approved,
                returned=counted.returned,
                overdue=counted.owed if deadline is not None and today > deadline else 0,
            )
        )
    return progress


def _edit_scope_q(user) -> Q | None:
    """The requests a user reviews (their EDIT scope), or None for all (superuser)."""
    g = grants(user)
    if g.superuser:
        return None
    scopes = g.scopes(EDIT)
    return (
        Q(round__plan__organisation_id__in=scopes.organisations)
        | Q(round__plan_id__in=scopes.plans)
        | Q(project_id__in=scopes.projects)
    )


def to_review(user) -> QuerySet[UpdateRequest]:
    """Requests of open rounds in the user's EDIT scope (state filtered by the caller)."""
    requests = UpdateRequest.objects.filter(round__state=StatusRound.State.OPEN)
    scope = _edit_scope_q(user)
    if scope is not None:
        if not grants(user).scopes(EDIT):
            return requests.none()
        requests = requests.filter(scope)
    return requests


def indicators_without_observation(plan_ids: list[int], year: int) -> QuerySet[Indicator]:
    this_year = Observation.objects.filter(indicator=OuterRef("pk"), date__year=year)
    return Indicator.objects.filter(goal__focus_area__plan_id__in=plan_ids).exclude(
        Exists(this_year)
    )


def stale_projects(
    plan_ids: list[int], today: dt.date, *, all_plans: bool = False
) -> QuerySet[Project]:
    """Running projects that started a year or more ago and have no approved update dated
    within the last year; a project counts in the plan of its primary focus area."""
    cutoff = today - dt.timedelta(days=STALE_DAYS)
    recent = StatusUpdate.objects.filter(project=OuterRef("pk"), date__gt=cutoff)
    projects = Project.objects.filter(status__in=RUNNING).filter(
        Q(start__isnull=True) | Q(start__lte=cutoff)
    )
    if not all_plans:
        # A join on the focus areas' ids (a short list) lets the database start from the
        # plans' projects instead of testing every project of the installation.
        areas = list(FocusArea.objects.filter(plan_id__in=plan_ids).values_list("pk", flat=True))
        projects = projects.filter(
            focus_area_links__focus_area_id__in=areas, focus_area_links__is_primary=True
        )
    return projects.exclude(Exists(recent))


def capped_count(queryset: QuerySet) -> int:
    """Counted up to CAP + 1 (core.paging): past a thousand the cockpit says "more than"."""
    return queryset.order_by()[: CAP + 1].count()


def off_track_goal_ids(plan_ids: list[int]) -> list[int]:
    """Goals whose indicators say they are off track. Three queries of plain values (model
    instances for a few thousand observations cost more than the assessment); the number of
    goals and indicators does not grow with the projects."""
    goals = list(
        Goal.objects.filter(focus_area__plan_id__in=plan_ids)
        .order_by("focus_area__plan__title", "focus_area__order", "order", "pk")
        .values_list("pk", flat=True)
    )
    points: dict[int, list[progress.Point]] = defaultdict(list)
    texts: dict[int, int] = defaultdict(int)
    observations = Observation.objects.filter(
        indicator__goal__focus_area__plan_id__in=plan_ids
    ).values_list("indicator_id", "date", "value", "text")
    for indicator_id, date, value, text in observations:
        if value is not None:
            points[indicator_id].append(progress.Point(date, float(value)))
        elif text:
            texts[indicator_id] += 1
    parts: dict[int, list] = defaultdict(list)
    indicators = Indicator.objects.filter(goal_id__in=goals).values_list("pk", *SERIES_FIELDS)
    for (
        pk,
        goal_id,
        measure,
        ascending,
        unit,
        b_value,
        b_year,
        t_value,
        t_year,
        weight,
    ) in indicators:
        series = progress.Series(
            measure=measure,
            ascending=ascending,
            unit=unit,
            baseline_value=None if b_value is None else float(b_value),
            baseline_year=b_year,
            target_value=None if t_value is None else float(t_value),
            target_year=t_year,
            observations=tuple(points[pk]),
            texts=texts[pk],
        )
        parts[goal_id].append((progress.assess(series), float(weight)))
    return [
        goal
        for goal in goals
        if parts[goal] and progress.roll_up(parts[goal]).status == progress.Status.OFF_TRACK
    ]


def goals_off_track(plan_ids: list[int]) -> list[Goal]:
    ids = off_track_goal_ids(plan_ids)
    found = Goal.objects.filter(pk__in=ids).select_related("focus_area", "focus_area__plan")
    order = {pk: n for n, pk in enumerate(ids)}
    return sorted(found, key=lambda goal: order[goal.pk])


def _waiting(user, rounds: list[RoundProgress]) -> tuple[int, int]:
    """Submitted and returned updates in the user's review scope: summed from the rounds'
    counts when the scope is whole plans, counted by the database for a project's editor."""
    g = grants(user)
    scopes = g.scopes(EDIT)
    if not g.superuser and not scopes:
        return 0, 0
    if not g.superuser and scopes.projects:
        counted = dict(
            to_review(user)
            .filter(state__in=[State.SUBMITTED, State.RETURNED])
            .values_list("state")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return counted.get(State.SUBMITTED, 0), counted.get(State.RETURNED, 0)
    mine = [
        row
        for row in rounds
        if g.superuser
        or row.round.plan.organisation_id in scopes.organisations
        or row.round.plan_id in scopes.plans
    ]
    return sum(row.submitted for row in mine), sum(row.returned for row in mine)


def _build(user, plan_ids: list[int], today: dt.date) -> Cockpit:
    g = grants(user)
    rounds = _round_progress(plan_ids, today)
    submitted, returned = _waiting(user, rounds)
    return Cockpit(
        today=today,
        rounds=rounds,
        to_review=submitted,
        returned=returned,
        indicators_without_observation=indicators_without_observation(plan_ids, today.year).count(),
        stale_projects=capped_count(stale_projects(plan_ids, today, all_plans=g.superuser)),
        goals_off_track=len(off_track_goal_ids(plan_ids)),
        can_review=g.superuser or bool(g.scopes(EDIT)),
    )


def cockpit(user, *, today: dt.date | None = None) -> Cockpit | None:
    """The cockpit of a user with a role on plans (None for a project's reporter only).

    Its figures are kept in the cache under the data version (core.version: any change made
    through a service starts afresh) for at most COCKPIT_SECONDS, per scope and day: at a
    million projects, finding the projects without an update and the goals off track reads
    hundreds of thousands of rows, which only the first view after a change should pay."""
    today = today or timezone.localdate()
    plan_ids = _plan_ids(user)
    if not plan_ids:
        return None
    g = grants(user)
    scopes = g.scopes(EDIT)
    scope = [
        data_version().token,
        today.isoformat(),
        g.superuser,
        sorted(plan_ids),
        sorted(scopes.organisations),
        sorted(scopes.plans),
        sorted(scopes.projects),
    ]
    key = "cockpit:" + hashlib.sha256(repr(scope).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = _build(user, plan_ids, today)
        cache.set(key, found, COCKPIT_SECONDS)
    return found


@dataclass
class Owed:
    request: UpdateRequest
    deadline: dt.date | None
    days_left: int | None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def days_late(self) -> int:
        return -self.days_left if self.overdue else 0


OWED_SHOWN = 20


def owed(user, *, today: dt.date | None = None) -> list[Owed]:
    """The updates a user owes: requests addressed to them in open rounds, not yet submitted
    (drafts and returned ones), soonest deadline first; the first OWED_SHOWN (a reporter on
    hundreds of projects pages through them all under "Your update requests"). One query."""
    today = today or timezone.localdate()
    if not getattr(user, "is_authenticated", False):
        return []
    own = grants(user).scopes(REPORT).projects
    addressed = UpdateRequest.recipients.through.objects.filter(user_id=user.pk).values(
        "updaterequest_id"
    )
    # The same requests as rounds.selectors.my_update_requests (own projects, or named a
    # recipient, and still reportable), found through two indexes instead of a join over
    # every request the user may see.
    requests = (
        UpdateRequest.objects.filter(round__state=StatusRound.State.OPEN, state__in=OWED_STATES)
        .filter(Q(project_id__in=own) | Q(pk__in=addressed))
        .filter(project__in=projects_for(user, REPORT))
        .select_related("round", "round__plan", "project")
        .order_by(F("round__deadline").asc(nulls_last=True), "project__title", "pk")
    )[:OWED_SHOWN]
    rows = [
        Owed(
            request,
            request.round.deadline,
            (request.round.deadline - today).days if request.round.deadline else None,
        )
        for request in requests
    ]
    far = dt.date.max
    return sorted(rows, key=lambda row: (row.deadline or far, row.request.project.title))


# -- the lists behind the numbers ------------------------------------------------------------

REQUEST_FILTERS = ("asked", "draft", "submitted", "approved", "returned", "overdue")


def request_list(
    user,
    *,
    status_round: StatusRound | None = None,
    state: str = "asked",
    waiting: bool = False,
    today: dt.date | None = None,
) -> QuerySet[UpdateRequest]:
    """Update requests of one round (status_round, which the caller has checked), or those
    waiting for the user's review (waiting), filtered by state ("overdue": not submitted by a
    passed deadline)."""
    today = today or timezone.localdate()
    if waiting:
        requests = to_review(user)
    elif status_round is not None:
        requests = UpdateRequest.objects.filter(round=status_round)
    else:
        requests = UpdateRequest.objects.none()
    if state == "overdue":
        requests = requests.filter(state__in=OWED_STATES, round__deadline__lt=today)
    elif state in State.values:
        requests = requests.filter(state=state)
    return requests.select_related("round", "round__plan", "project").order_by(
        "project__title", "pk"
    )


def indicator_list(user, *, today: dt.date | None = None) -> QuerySet[Indicator]:
    today = today or timezone.localdate()
    return (
        indicators_without_observation(_plan_ids(user), today.year)
        .select_related("goal", "goal__focus_area", "goal__focus_area__plan")
        .order_by("goal__focus_area__plan__title", "goal__focus_area__order", "order", "pk")
    )


def stale_project_list(user, *, today: dt.date | None = None) -> QuerySet[Project]:
    today = today or timezone.localdate()
    return (
        stale_projects(_plan_ids(user), today, all_plans=grants(user).superuser)
        .select_related("lead")
        .order_by("title", "pk")
    )


def goal_list(user) -> list[Goal]:
    return goals_off_track(_plan_ids(user))
