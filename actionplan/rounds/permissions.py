"""Whose roles govern the rows of the status rounds (accounts.permissions asks)."""

from actionplan.accounts.permissions import REPORT, register

from .models import (
    FocusAreaAssessment,
    Milestone,
    ReminderSent,
    RoundSnapshot,
    StatusRound,
    StatusUpdate,
    UpdateRequest,
)


def register_rules() -> None:
    register(StatusRound, lambda obj: ("plan", obj.plan))
    register(FocusAreaAssessment, lambda obj: ("plan", obj.round.plan))
    register(RoundSnapshot, lambda obj: ("plan", obj.round.plan))
    # A project's reporters write its updates, fill in its update request and milestones;
    # approval checks EDIT.
    register(StatusUpdate, lambda obj: ("project", obj.project), write=REPORT)
    register(UpdateRequest, lambda obj: ("project", obj.project), write=REPORT)
    register(Milestone, lambda obj: ("project", obj.project), write=REPORT)
    register(ReminderSent, lambda obj: ("project", obj.request.project))
