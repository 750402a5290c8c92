import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplan.accounts.models import Role
from actionplan.accounts.permissions import EDIT, may
from actionplan.core import services as core
from actionplan.core.dates import PartialDate
from actionplan.core.models import AuditEvent
from actionplan.core.services import Actor
from actionplan.plans.models import ActionPlan, FocusArea
from actionplan.projects import signals as project_signals
from actionplan.projects.models import Project, ProjectStatus
from actionplan.projects.services import project_update

from . import signals, totals
from .models import (
    FocusAreaAssessment,
    Milestone,
    ReminderSent,
    RoundSnapshot,
    StatusRound,
    StatusUpdate,
    UpdateRequest,
)


@transaction.atomic
def round_create(
    *,
    actor: Actor,
    plan: ActionPlan,
    name: str,
    slug: str,
    reference_date: dt.date,
    title: str = "",
    deadline: dt.date | None = None,
    state: str = StatusRound.State.OPEN,
) -> StatusRound:
    status_round = core.create(
        StatusRound(
            plan=plan,
            name=name,
            slug=slug,
            title=title,
            reference_date=reference_date,
            deadline=deadline,
            state=state,
        ),
        actor=actor,
    )
    totals.round_created(status_round)
    return status_round


def assessment_create(
    *,
    actor: Actor,
    round: StatusRound,
    focus_area: FocusArea,
    text: str,
    still_relevant: bool | None = None,
) -> FocusAreaAssessment:
    return core.create(
        FocusAreaAssessment(
            round=round, focus_area=focus_area, text=text, still_relevant=still_relevant
        ),
        actor=actor,
    )


@transaction.atomic
def status_update_create(
    *,
    actor: Actor,
    project: Project,
    date: dt.date,
    status: str,
    narrative: str = "",
    progress: int | None = None,
    status_label: str = "",
    round: StatusRound | None = None,
    before_submit: Callable[[UpdateRequest], object] | None = None,
) -> UpdateRequest:
    """Report on a project (the workspace's update form, the API, imports): the same path
    and the same states as a round's update. The report goes into an update request (the
    round's request for the project, or one of its own outside any round) and is submitted;
    nothing of it is public, and the project keeps its status, until staff approve it
    (update_approve). before_submit is called with the request while it is still a draft
    (files sent with the update). Returns the submitted request."""
    request = None
    if round is not None:
        request = UpdateRequest.objects.filter(round=round, project=project).first()
    if request is None:
        request = core.create(UpdateRequest(round=round, project=project), actor=actor)
        totals.requests_added([request.pk])
    if before_submit is not None:
        before_submit(request)
    return update_submit(
        actor=actor,
        request=request,
        date=date,
        status=status,
        narrative=narrative,
        progress=progress,
        status_label=status_label,
    )


@transaction.atomic
def status_update_import(*, actor: Actor, **values) -> StatusUpdate:
    """An update that staff import as decided (a status memo read in, the demo): submitted
    and approved by the importing actor through the same states as any other update."""
    request = status_update_create(actor=actor, **values)
    status_update = update_approve(actor=actor, request=request).status_update
    assert status_update is not None  # an approved request has its update
    return status_update


# -- the round's lifecycle ----------------------------------------------------------------
#
# open (update requests go out) -> closed (frozen: the memo data is stored) -> published.
# An update request: draft -> submitted -> approved, or -> returned -> submitted again.

ACTIVE_STATUSES = (ProjectStatus.GRANTED, ProjectStatus.STARTED, ProjectStatus.APPLIED)
EDITABLE_REQUEST_STATES = (UpdateRequest.State.DRAFT, UpdateRequest.State.RETURNED)
# Project-scoped roles whose holders are asked for the project's update.
RECIPIENT_ROLES = (Role.REPORTER, Role.EDITOR, Role.ADMIN)


def _user(actor: Actor):
    return core.acting_user(actor)


def _require_edit(actor: Actor, obj) -> None:
    """Reviewing and running a round is staff work: REPORT (what core checks) is not enough."""
    core.require_actor(actor)
    if not core.is_system(actor) and not may(actor, EDIT, obj):
        raise PermissionDenied(_("You do not have permission to change this."))


def _require_open(status_round: StatusRound | None) -> None:
    """Updates outside a round take changes; a round's only while the round is open."""
    if status_round is not None and status_round.state != StatusRound.State.OPEN:
        raise ValidationError(
            _("The status round “%(round)s” is %(state)s; only an open round takes changes.")
            % {"round": status_round.name, "state": status_round.get_state_display()}
        )


def request_recipients(project: Project) -> list:
    user_model = get_user_model()
    return list(
        user_model.objects.filter(
            is_active=True,
            memberships__project=project,
            memberships__role__in=RECIPIENT_ROLES,
        )
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def round_open(
    *,
    actor: Actor,
    plan: ActionPlan,
    name: str,
    slug: str,
    reference_date: dt.date,
    deadline: dt.date | None = None,
    title: str = "",
) -> StatusRound:
    """Open a round for a plan and ask every active project in it for an update."""
    _require_edit(actor, plan)
    status_round = round_create(
        actor=actor,
        plan=plan,
        name=name,
        slug=slug,
        title=title,
        reference_date=reference_date,
        deadline=deadline,
        state=StatusRound.State.OPEN,
    )
    round_request_updates(actor=actor, round=status_round)
    return status_round


@transaction.atomic
def round_request_updates(*, actor: Actor, round: StatusRound) -> list[UpdateRequest]:
    """Create the missing update requests of an open round (for projects that became active
    after it opened, too); returns the new ones."""
    _require_edit(actor, round)
    _require_open(round)
    asked = UpdateRequest.objects.filter(round=round).values("project_id")
    projects = (
        Project.objects.filter(
            status__in=ACTIVE_STATUSES,
            focus_area_links__focus_area__plan=round.plan,
        )
        .exclude(pk__in=asked)
        .distinct()
        .order_by("pk")
    )
    created = []
    for project in projects:
        request = core.create(UpdateRequest(round=round, project=project), actor=actor)
        recipients = request_recipients(project)
        if recipients:
            request.recipients.set(recipients)
            core.record(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                instance=request,
                changes={"recipients": [[], [user.pk for user in recipients]]},
            )
        created.append(request)
    totals.requests_added([request.pk for request in created])
    signals.requests_opened.send(sender=UpdateRequest, actor=actor, requests=created)
    return created


def _update_values(
    *,
    status: str | None,
    progress: int | None,
    narrative: str | None,
    spent_dkk: Decimal | None,
    status_label: str | None,
    date: dt.date | None = None,
) -> dict:
    values: dict = {}
    if date is not None:
        values["date"] = date
    if status is not None:
        values["status"] = status
    if progress is not None:
        values["progress"] = progress
    if narrative is not None:
        values["narrative"] = narrative.strip()
    if spent_dkk is not None:
        values["spent_dkk"] = Decimal(spent_dkk)
    if status_label is not None:
        values["status_label"] = status_label.strip()
    return values


def _milestones_replace(
    *, actor: Actor, request: UpdateRequest, milestones: Sequence[dict]
) -> list[Milestone]:
    """The request's milestones become exactly the given ones ({date, title, description,
    done}); dates may be "2022", "2022-03" or "2022-03-15". Saving the same milestones
    again changes nothing (and records nothing)."""
    wanted = []
    for index, row in enumerate(milestones, start=1):
        try:
            when = PartialDate.parse(row["date"])
        except KeyError:
            raise ValidationError(
                _("Milestone %(number)s: the date is missing.") % {"number": index}
            ) from None
        except ValidationError as exc:
            raise ValidationError(
                _("Milestone %(number)s: %(error)s")
                % {"number": index, "error": " ".join(exc.messages)}
            ) from exc
        wanted.append(
            (
                when.date,
                str(when.precision),
                (row.get("title") or "").strip(),
                (row.get("description") or "").strip(),
                bool(row.get("done", False)),
            )
        )
    existing = list(request.milestones.order_by("pk"))
    held = [(m.date, str(m.date_precision), m.title, m.description, m.done) for m in existing]
    if held == wanted:
        return existing
    for old in existing:
        core.delete(old, actor=actor)
    return [
        core.create(
            Milestone(
                project=request.project,
                request=request,
                date=date,
                date_precision=precision,
                title=title,
                description=description,
                done=done,
            ),
            actor=actor,
        )
        for date, precision, title, description, done in wanted
    ]


@transaction.atomic
def update_save_draft(
    *,
    actor: Actor,
    request: UpdateRequest,
    status: str | None = None,
    progress: int | None = None,
    narrative: str | None = None,
    spent_dkk: Decimal | None = None,
    status_label: str | None = None,
    milestones: Sequence[dict] | None = None,
    expected_version: str | None = None,
    date: dt.date | None = None,
) -> UpdateRequest:
    """Save the update without submitting it. Only the project's reporters and editors may,
    and only while the round is open and the update is a draft or was returned. With
    expected_version (core.services.version_of when the form opened) a stale save is refused."""
    request = UpdateRequest.objects.select_for_update().get(pk=request.pk)
    core.authorize(actor, AuditEvent.Action.UPDATE, request)
    _require_open(request.round)
    if request.state not in EDITABLE_REQUEST_STATES:
        raise ValidationError(
            _("This update is %(state)s and can no longer be changed.")
            % {"state": request.get_state_display()}
        )
    values = _update_values(
        status=status,
        progress=progress,
        narrative=narrative,
        spent_dkk=spent_dkk,
        status_label=status_label,
        date=date,
    )
    core.update(request, actor=actor, expected_version=expected_version, **values)
    if milestones is not None:
        _milestones_replace(actor=actor, request=request, milestones=milestones)
    return request


@transaction.atomic
def update_submit(*, actor: Actor, request: UpdateRequest, **values) -> UpdateRequest:
    """Submit the update for review (saving any values given first, as update_save_draft)."""
    totals.lock_project(request.project_id)
    request = update_save_draft(actor=actor, request=request, **values)
    before = request.state
    errors = {}
    if not request.status:
        errors["status"] = _("Choose the project's status before submitting.")
    if not request.narrative:
        errors["narrative"] = _("Write how the project is going before submitting.")
    if errors:
        raise ValidationError(errors)
    request = core.update(
        request,
        actor=actor,
        state=UpdateRequest.State.SUBMITTED,
        submitted_by=_user(actor),
        submitted_at=timezone.now(),
    )
    totals.request_moved(request, before=before)
    signals.update_submitted.send(sender=UpdateRequest, actor=actor, request=request)
    return request


def _require_submitted(request: UpdateRequest) -> None:
    if request.state != UpdateRequest.State.SUBMITTED:
        raise ValidationError(
            _("Only a submitted update can be reviewed; this one is %(state)s.")
            % {"state": request.get_state_display()}
        )


@transaction.atomic
def update_approve(*, actor: Actor, request: UpdateRequest, comment: str = "") -> UpdateRequest:
    """Approve a submitted update: it becomes a StatusUpdate (in the round, if any) that
    records its author and its approver, and the project takes on the reported status."""
    totals.lock_project(request.project_id)
    request = (
        UpdateRequest.objects.select_for_update(of=("self",))
        .select_related("round")
        .get(pk=request.pk)
    )
    _require_edit(actor, request.project)
    _require_open(request.round)
    _require_submitted(request)
    status_update = core.create(
        StatusUpdate(
            project=request.project,
            round=request.round,
            date=request.date or timezone.localdate(),
            status=request.status,
            status_label=request.status_label,
            progress=request.progress,
            narrative=request.narrative,
            author=request.submitted_by,
            approved_by=_user(actor),
            approved_at=timezone.now(),
        ),
        actor=actor,
    )
    project_update(actor=actor, project=request.project, status=request.status)
    request = core.update(
        request,
        actor=actor,
        state=UpdateRequest.State.APPROVED,
        reviewed_by=_user(actor),
        reviewed_at=timezone.now(),
        review_comment=comment.strip(),
        status_update=status_update,
    )
    totals.request_moved(request, before=UpdateRequest.State.SUBMITTED)
    signals.update_reviewed.send(sender=UpdateRequest, actor=actor, request=request)
    project_signals.project_changed.send(
        sender=Project,
        actor=actor,
        project=request.project,
        change="update",
        key=f"update:{status_update.pk}",
    )
    return request


@transaction.atomic
def update_return(*, actor: Actor, request: UpdateRequest, comment: str) -> UpdateRequest:
    """Send a submitted update back to its reporters with a comment saying what to fix."""
    totals.lock_project(request.project_id)
    request = (
        UpdateRequest.objects.select_for_update(of=("self",))
        .select_related("round")
        .get(pk=request.pk)
    )
    _require_edit(actor, request.project)
    _require_open(request.round)
    _require_submitted(request)
    if not comment.strip():
        raise ValidationError(
            {"review_comment": _("Say what should be changed when returning an update.")}
        )
    request = core.update(
        request,
        actor=actor,
        state=UpdateRequest.State.RETURNED,
        reviewed_by=_user(actor),
        reviewed_at=timezone.now(),
        review_comment=comment.strip(),
    )
    totals.request_moved(request, before=UpdateRequest.State.SUBMITTED)
    signals.update_reviewed.send(sender=UpdateRequest, actor=actor, request=request)
    return request


@transaction.atomic
def update_request_delete(*, actor: Actor, request: UpdateRequest) -> None:
    """Take back an update request that should not have been made (a project asked by
    mistake): staff's work, while its round is open, and never an approved update, which is
    public."""
    totals.lock_project(request.project_id)
    request = (
        UpdateRequest.objects.select_for_update(of=("self",))
        .select_related("round", "project")
        .get(pk=request.pk)
    )
    _require_edit(actor, request.project)
    _require_open(request.round)
    if request.state == UpdateRequest.State.APPROVED:
        raise ValidationError(
            _("The update of “%(project)s” is approved and public; it cannot be deleted.")
            % {"project": request.project.title}
        )
    totals.requests_removing([request.pk])
    core.delete(request, actor=actor)


# Given as assessment_save's expected_version by a form opened before any assessment existed:
# it matches no stored version, so someone else's assessment written meanwhile is not overwritten.
NEW_ASSESSMENT = "new"


@transaction.atomic
def assessment_save(
    *,
    actor: Actor,
    round: StatusRound,
    focus_area: FocusArea,
    text: str,
    still_relevant: bool | None = None,
    expected_version: str | None = None,
) -> FocusAreaAssessment:
    """Write or rewrite a focus area's assessment in an open round. With expected_version, a
    rewrite of an assessment that changed since the form opened is refused (ConflictError);
    NEW_ASSESSMENT says the form opened when there was none yet."""
    _require_open(round)
    if focus_area.plan_id != round.plan_id:
        raise ValidationError(
            {"focus_area": _("The focus area is not part of the round's action plan.")}
        )
    existing = FocusAreaAssessment.objects.filter(round=round, focus_area=focus_area).first()
    if existing is None:
        return assessment_create(
            actor=actor,
            round=round,
            focus_area=focus_area,
            text=text.strip(),
            still_relevant=still_relevant,
        )
    return core.update(
        existing,
        actor=actor,
        expected_version=expected_version,
        text=text.strip(),
        still_relevant=still_relevant,
    )


@transaction.atomic
def round_close(*, actor: Actor, round: StatusRound) -> StatusRound:
    """Close the round and freeze its memo: the memo data is stored as it is now, so later
    changes to projects do not change what this round's memo says."""
    status_round = StatusRound.objects.select_for_update().get(pk=round.pk)
    _require_open(status_round)
    core.update(status_round, actor=actor, state=StatusRound.State.CLOSED)
    round_freeze(actor=actor, round=status_round)
    round.state = status_round.state
    return status_round


# The memo of a round as plain JSON (reports.builder, above the rounds), installed by
# ReportsConfig.ready(): closing a round freezes it.
MemoData = Callable[[StatusRound], dict[str, Any]]
_memo_data: MemoData | None = None


def set_memo_data(build: MemoData) -> None:
    global _memo_data
    _memo_data = build


@transaction.atomic
def round_freeze(*, actor: Actor, round: StatusRound) -> RoundSnapshot:
    """Store the memo of a closed or published round, once; the stored memo is the round's
    memo from then on (reports.builder.build_memo). round_close calls this; so does the first
    rendering of a round that was closed before rounds kept a snapshot (or was loaded closed),
    which freezes it as the data stands then."""
    if round.state == StatusRound.State.OPEN:
        raise ValidationError(_("Only a closed round's memo can be frozen."))
    # Two first renderings at once: the second waits here and finds the first one's memo.
    StatusRound.objects.select_for_update().filter(pk=round.pk).first()
    existing = RoundSnapshot.objects.filter(round=round).first()
    if existing is not None:
        return existing
    if _memo_data is None:
        raise RuntimeError("No memo builder installed; is actionplan.reports in INSTALLED_APPS?")
    return core.create(RoundSnapshot(round=round, data=_memo_data(round)), actor=actor)


def round_publish(*, actor: Actor, round: StatusRound) -> StatusRound:
    """Publish a closed round: its memo and approved updates become public."""
    _require_edit(actor, round)
    if round.state != StatusRound.State.CLOSED:
        raise ValidationError(
            _("Only a closed round can be published; “%(round)s” is %(state)s.")
            % {"round": round.name, "state": round.get_state_display()}
        )
    return core.update(round, actor=actor, state=StatusRound.State.PUBLISHED)


# -- reminders ----------------------------------------------------------------------------


def reminder_days() -> list[int]:
    """Days before the deadline that reminders go out, largest first (setting
    ACTIONPLAN_REMINDER_DAYS, default 7 and 1)."""
    days = getattr(settings, "ACTIONPLAN_REMINDER_DAYS", (7, 1))
    return sorted({int(day) for day in days}, reverse=True)


def _reminder_kind(days_left: int) -> str | None:
    """The reminder due with this many days left: the nearest threshold not yet passed, so a
    scheduler that missed a day still sends one reminder and never a stale one twice."""
    due = [day for day in reminder_days() if 0 <= days_left <= day]
    return f"{min(due)}d" if due else None


def reminders_send(*, actor: Actor, today: dt.date | None = None) -> list[ReminderSent]:
    """Remind the recipients of every open update request whose round's deadline is near
    (a notice each, e-mailed as they chose). Each (request, reminder) goes out once; running
    this again the same day sends nothing."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=max(reminder_days(), default=0))
    requests = (
        UpdateRequest.objects.filter(
            round__state=StatusRound.State.OPEN,
            round__deadline__gte=today,
            round__deadline__lte=horizon,
            state__in=EDITABLE_REQUEST_STATES,
        )
        .select_related("round", "round__plan", "project")
        .prefetch_related("recipients", "reminders")
        .order_by("round__deadline", "pk")
    )
    sent = []
    for request in requests:
        deadline = request.round.deadline if request.round is not None else None
        assert deadline is not None  # filtered on the round's deadline above
        kind = _reminder_kind((deadline - today).days)
        if kind is None or any(r.kind == kind for r in request.reminders.all()):
            continue
        recipients = [user for user in request.recipients.all() if user.is_active]
        if not recipients:
            continue
        try:
            with transaction.atomic():
                record = core.create(
                    ReminderSent(
                        request=request,
                        kind=kind,
                        recipients=", ".join(sorted({u.email for u in recipients if u.email})),
                    ),
                    actor=actor,
                )
                # A notice to each recipient, e-mailed after the commit as they chose.
                signals.reminder_due.send(
                    sender=UpdateRequest, request=request, kind=kind, recipients=recipients
                )
        except IntegrityError:
            # Another run sent this reminder at the same moment.
            continue
        sent.append(record)
    return sent
