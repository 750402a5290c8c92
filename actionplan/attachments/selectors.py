"""Reads of attachments: which a page lists and who may download one."""

from django.db.models import Q, QuerySet

from actionplan.accounts.permissions import VIEW, may
from actionplan.rounds.models import StatusRound, UpdateRequest

from .models import Attachment


def _public_q() -> Q:
    """Marked public, on a published project, and not waiting for staff: a file sent with a
    reporter's update is public only once the update is approved and, in a round, the round
    published, exactly as the update's own text."""
    published = StatusRound.State.PUBLISHED
    return (
        Q(is_public=True, project__is_published=True)
        & (
            Q(status_update__isnull=True)
            | Q(status_update__round__isnull=True)
            | Q(status_update__round__state=published)
        )
        & (
            Q(update_request__isnull=True)
            | Q(update_request__state=UpdateRequest.State.APPROVED)
            & (Q(update_request__round__isnull=True) | Q(update_request__round__state=published))
        )
    )


def public_attachments() -> QuerySet[Attachment]:
    return Attachment.objects.filter(_public_q()).order_by("-created_at", "-id")


def project_attachments(project) -> QuerySet[Attachment]:
    """Every attachment of the project, for those who may read the project in the workspace."""
    return (
        Attachment.objects.filter(project=project)
        .select_related("uploaded_by", "status_update", "update_request__round", "about")
        .order_by("-created_at", "-id")
    )


def downloadable(user, pk: int) -> Attachment | None:
    """The attachment if the user may download it: anyone when it is public, otherwise those
    who may read its project in the workspace (staff of the organisation, its reporters)."""
    attachment = Attachment.objects.select_related("project").filter(pk=pk).first()
    if attachment is None:
        return None
    if public_attachments().filter(pk=pk).exists():
        return attachment
    if getattr(user, "is_authenticated", False) and may(user, VIEW, attachment.project):
        return attachment
    return None
