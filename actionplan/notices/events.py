"""What the domain tells users: one function per event, run when the rounds and projects
services send their signals (rounds.signals, projects.signals; connected in
NoticesConfig.ready), at the point the event happens (inside their transaction)."""

from collections.abc import Iterable, Sequence

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from actionplan.accounts.models import Role
from actionplan.core.l10n import format_dkk
from actionplan.plans.models import ActionPlan
from actionplan.projects.models import Project
from actionplan.rounds.models import UpdateRequest

from .models import Kind
from .services import Event, Message, notify, notify_many

STAFF_ROLES = (Role.EDITOR, Role.ADMIN)


def _deadline(request: UpdateRequest) -> str:
    deadline = request.round.deadline if request.round is not None else None
    if deadline is None:
        return _("no deadline is set")
    return date_format(deadline, "DATE_FORMAT")


def _request_params(request: UpdateRequest) -> dict[str, str]:
    """What a message about an update request names: round, plan, project and deadline."""
    status_round = request.round
    assert status_round is not None  # messages about a request name the round that asked
    return {
        "round": status_round.name,
        "plan": status_round.plan.title,
        "project": request.project.title,
        "deadline": _deadline(request),
    }


def _others(users: Iterable, actor) -> list:
    actor_pk = getattr(actor, "pk", None)
    return [user for user in users if user.pk != actor_pk]


def _request_link(request: UpdateRequest) -> str:
    return reverse("workspace:update_request", args=[request.pk])


# -- a round asks for updates ----------------------------------------------------------------


def requests_opened(*, actor, requests: Sequence[UpdateRequest]) -> None:
    """Each reporter asked for an update: a link straight to the form, the deadline and what
    is asked."""
    if not requests:
        return
    recipients = {
        request.pk: list(request.recipients.all())
        for request in UpdateRequest.objects.filter(pk__in=[r.pk for r in requests])
        .select_related("round", "round__plan", "project")
        .prefetch_related("recipients")
    }
    events = []
    for request in requests:

        def compose(request=request) -> Message:
            params = _request_params(request)
            return Message(
                subject=_("Status update for %(project)s by %(deadline)s") % params,
                body=_(
                    "The status round “%(round)s” of %(plan)s asks you for an update on "
                    "%(project)s by %(deadline)s.\n\n"
                    "What is asked: the project's status, how far it has come (%%), how it is "
                    "going in a few sentences, the money spent so far and the next milestones. "
                    "Save a draft as often as you like; submit it when it is ready, and staff "
                    "will approve it or return it with a comment.\n\n"
                    "Write the update here:"
                )
                % params,
                link=_request_link(request),
            )

        events.append(
            Event(
                recipients=recipients.get(request.pk, ()),
                kind=Kind.ROUND_OPENED,
                key=f"round-opened:{request.pk}",
                compose=compose,
            )
        )
    notify_many(events)


# -- an update is submitted, approved, returned ---------------------------------------------


def plan_staff(project: Project) -> list:
    """The editors and administrators of the project, of its plans and of the organisations
    owning those plans: the staff who review its updates."""
    plans = ActionPlan.objects.filter(focus_areas__project_links__project=project)
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__role__in=STAFF_ROLES,
        )
        .filter(
            Q(memberships__project=project)
            | Q(memberships__plan__in=plans)
            | Q(memberships__organisation__in=plans.values("organisation_id"))
        )
        .distinct()
        .order_by("pk")
    )


def update_submitted(*, actor, request: UpdateRequest) -> None:
    def compose() -> Message:
        params = {
            "project": request.project.title,
            "round": request.round.name if request.round else "",
            "who": getattr(actor, "get_full_name", lambda: "")()
            or getattr(actor, "username", "")
            or _("a reporter"),
        }
        if request.round is None:
            body = _(
                "%(who)s has submitted an update on %(project)s (outside a status round). "
                "Approve it, or return it with a comment saying what to change:"
            )
        else:
            body = _(
                "%(who)s has submitted the update on %(project)s in the status round "
                "“%(round)s”. Approve it, or return it with a comment saying what to "
                "change:"
            )
        return Message(
            subject=_("Update to review: %(project)s") % params,
            body=capfirst(body % params),
            link=_request_link(request),
        )

    notify(
        recipients=_others(plan_staff(request.project), actor),
        kind=Kind.UPDATE_SUBMITTED,
        key=f"update-submitted:{request.pk}:{request.submitted_at:%Y%m%d%H%M%S%f}",
        compose=compose,
    )


def update_reviewed(*, actor, request: UpdateRequest) -> None:
    approved = request.state == UpdateRequest.State.APPROVED
    reporters = {user.pk: user for user in request.recipients.all()}
    if request.submitted_by is not None:
        reporters[request.submitted_by.pk] = request.submitted_by

    def compose() -> Message:
        params = {
            "project": request.project.title,
            "round": request.round.name if request.round else "",
            "comment": request.review_comment or _("(no comment)"),
        }
        if request.round is None and approved:
            subject = _("Your update on %(project)s is approved") % params
            body = _("Your update on %(project)s is approved.\n\nComment from staff: %(comment)s")
        elif request.round is None:
            subject = _("Your update on %(project)s is returned") % params
            body = _(
                "Your update on %(project)s is returned to you. Change it and submit it "
                "again.\n\nComment from staff: %(comment)s"
            )
        elif approved:
            subject = _("Your update on %(project)s is approved") % params
            body = _(
                "Your update on %(project)s in the status round “%(round)s” is approved.\n\n"
                "Comment from staff: %(comment)s"
            )
        else:
            subject = _("Your update on %(project)s is returned") % params
            body = _(
                "Your update on %(project)s in the status round “%(round)s” is returned to "
                "you. Change it and submit it again.\n\nComment from staff: %(comment)s"
            )
        return Message(subject=subject, body=body % params, link=_request_link(request))

    notify(
        recipients=_others(reporters.values(), actor),
        kind=Kind.UPDATE_REVIEWED,
        key=f"update-reviewed:{request.pk}:{request.reviewed_at:%Y%m%d%H%M%S%f}",
        compose=compose,
    )


def reminder_due(*, request: UpdateRequest, kind: str, recipients: Iterable) -> None:
    """A reminder before the round's deadline (kind: which one, e.g. "7d")."""

    def compose() -> Message:
        params = _request_params(request)
        return Message(
            subject=_("Reminder: status update for %(project)s by %(deadline)s") % params,
            body=_(
                "The status round “%(round)s” of %(plan)s asks for an update on %(project)s "
                "by %(deadline)s, and it is not submitted yet. Write and submit it here:"
            )
            % params,
            link=_request_link(request),
        )

    notify(
        recipients=recipients,
        kind=Kind.REMINDER,
        key=f"reminder:{request.pk}:{kind}",
        compose=compose,
    )


# -- what people follow ---------------------------------------------------------------------


def followers_of(project: Project) -> list:
    """Users following the project, one of its focus areas or one of its published plans."""
    if not project.is_published:
        return []
    links = project.focus_area_links.filter(
        focus_area__plan__status=ActionPlan.Status.PUBLISHED
    ).values_list("focus_area_id", "focus_area__plan_id")
    areas = {area for area, _plan in links}
    plans = {plan for _area, plan in links}
    return list(
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(follows__project=project)
            | Q(follows__focus_area__in=areas)
            | Q(follows__plan__in=plans)
        )
        .distinct()
        .order_by("pk")
    )


def project_changed(*, actor, project: Project, change: str, key: str, **params) -> None:
    """A published change to a project: change is "status", "update" or "grant"."""
    followers = _others(followers_of(project), actor)
    if not followers:
        return

    def compose() -> Message:
        values = {"project": project.title, **params}
        if change == "status":
            values["status"] = project.get_status_display()
            text = _("The status of %(project)s is now: %(status)s.")
        elif change == "update":
            text = _("A new status update on %(project)s is published.")
        else:
            values["amount"] = (
                format_dkk(params.get("amount"))
                if params.get("amount") is not None
                else _("an amount not stated")
            )
            text = _("%(project)s is granted %(amount)s.")
        return Message(
            subject=_("News on %(project)s") % values,
            body=text % values
            + "\n\n"
            + _("You get this because you follow the project, its focus area or its plan."),
            link=reverse("portal:project", args=[project.slug]),
        )

    notify(recipients=followers, kind=Kind.FOLLOWED, key=f"followed:{key}", compose=compose)
