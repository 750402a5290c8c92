"""Reads for the workspace's import pages: the drafts and owners a user's roles cover."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from actionplan.accounts.permissions import EDIT, grants, plans_for
from actionplan.organisations.models import Organisation

from .models import ColumnMapping, IngestDraft


def drafts_for(user) -> QuerySet[IngestDraft]:
    """Drafts of plans the user edits (memos) or of organisations they edit for (plans)."""
    drafts = IngestDraft.objects.select_related("plan", "organisation", "created_by")
    g = grants(user)
    if not g.superuser:
        drafts = drafts.filter(
            Q(plan__in=plans_for(user, EDIT))
            | Q(plan__isnull=True, organisation_id__in=g.scopes(EDIT).organisations)
        )
    return drafts.order_by("-created_at", "-pk")


def draft_for(user, pk: int) -> IngestDraft:
    return get_object_or_404(drafts_for(user), pk=pk)


def plan_owners_for(user) -> QuerySet[Organisation]:
    """The organisations the user may create a plan for."""
    g = grants(user)
    owners = Organisation.objects.all()
    if not g.superuser:
        owners = owners.filter(pk__in=g.scopes(EDIT).organisations)
    return owners.order_by("name")


def column_mappings() -> QuerySet[ColumnMapping]:
    return ColumnMapping.objects.order_by("name")
