"""Whose roles govern the import drafts and column mappings (accounts.permissions asks)."""

from actionplan.accounts.permissions import Target, register

from .models import ColumnMapping, IngestDraft


def _draft(draft: IngestDraft) -> Target:
    # A memo draft belongs to its plan, a plan draft to the organisation that will own it.
    if draft.plan_id:
        return "plan", draft.plan
    if draft.organisation_id:
        return "organisation", draft.organisation
    return "registry", None


def register_rules() -> None:
    register(IngestDraft, _draft)
    register(ColumnMapping, lambda obj: ("registry", None))
