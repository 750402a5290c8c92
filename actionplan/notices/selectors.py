"""Reads of a user's notices, settings and follows: always the user's own."""

from django.db.models import QuerySet

from .models import Follow, Notice

FIELD = {"actionplan": "plan", "focusarea": "focus_area", "project": "project"}


def notices_of(user) -> QuerySet[Notice]:
    return Notice.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def notice_of(user, pk: int) -> Notice:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Notice, recipient=user, pk=pk)


def follows_of(user) -> QuerySet[Follow]:
    return (
        Follow.objects.filter(user=user)
        .select_related("plan", "focus_area", "focus_area__plan", "project")
        .order_by("created_at", "pk")
    )


def is_following(user, target) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    field = FIELD[target._meta.model_name]
    return Follow.objects.filter(user=user, **{field: target}).exists()
