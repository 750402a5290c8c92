"""Every write of notices, settings and follows; and the mail.

A notice is stored in the transaction that caused it and e-mailed only after that transaction
commits (transaction.on_commit): a rolled-back change tells nobody. Each notice names its event
(`key`), so telling the same event twice stores it once, and a mail is claimed (mailed_at set,
rows locked) before it is sent, so two senders never send the same notice. Notices are not
audited through core.services: they are the system's own bookkeeping, and an audit event would
also expire every cached public page for a message to one user.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from actionplan.plans.models import ActionPlan, FocusArea
from actionplan.projects.models import Project

from .models import Delivery, Follow, Kind, Notice, NoticeSettings

log = logging.getLogger("actionplan.notices")


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    link: str = ""  # a path on this site; mails make it absolute


# Called with the recipient's language active, so its texts come out in that language.
Compose = Callable[[], Message]


def absolute(path: str) -> str:
    """A path on this site as a link that works from a mail (setting ACTIONPLAN_BASE_URL)."""
    if not path or "://" in path:
        return path
    return settings.ACTIONPLAN_BASE_URL.rstrip("/") + path


def _settings_of(user_ids: Iterable[int]) -> dict[int, NoticeSettings]:
    return {s.user_id: s for s in NoticeSettings.objects.filter(user_id__in=list(user_ids))}


@dataclass(frozen=True)
class Event:
    recipients: Iterable
    kind: str
    key: str
    compose: Compose


def notify(*, recipients: Iterable, kind: str, key: str, compose: Compose) -> int:
    """Tell each recipient (users; inactive ones and None are skipped) of one event, once per
    recipient and key, and e-mail those who want it at once after the transaction commits.
    Returns how many notices were stored."""
    return notify_many([Event(recipients, kind, key, compose)])


def notify_many(events: Iterable[Event]) -> int:
    """notify() for several events at once (a round asking a hundred projects): their mails
    go in one batch, over one connection to the mail server."""
    events = [Event(list(e.recipients), e.kind, e.key, e.compose) for e in events]
    users = {
        user.pk: user
        for event in events
        for user in event.recipients
        if user is not None and user.is_active
    }
    if not users:
        return 0
    told = set(
        Notice.objects.filter(
            key__in=[event.key[:200] for event in events], recipient_id__in=users
        ).values_list("key", "recipient_id")
    )
    chosen = _settings_of(users)
    new = []
    for event in events:
        key = event.key[:200]
        messages: dict[str, Message] = {}
        for pk in sorted({u.pk for u in event.recipients if u is not None and u.pk in users}):
            if (key, pk) in told:
                continue
            choice = chosen.get(pk)
            language = choice.language if choice else settings.LANGUAGE_CODE
            if language not in messages:
                with translation.override(language):
                    messages[language] = event.compose()
            message = messages[language]
            new.append(
                Notice(
                    recipient_id=pk,
                    kind=event.kind,
                    key=key,
                    subject=message.subject[:300],
                    body=message.body,
                    link=message.link[:500],
                    delivery=choice.delivery(event.kind) if choice else Delivery.IMMEDIATE,
                )
            )
    # ignore_conflicts: a concurrent transaction telling the same event wins, once.
    Notice.objects.bulk_create(new, ignore_conflicts=True)
    keys = sorted({n.key for n in new if n.delivery == Delivery.IMMEDIATE})
    if keys:
        transaction.on_commit(lambda: send_immediate(keys=keys))
    return len(new)


# -- mail -----------------------------------------------------------------------------------


def _claim(notices: QuerySet[Notice]) -> list[Notice]:
    """Lock and mark the notices as mailed before sending, so no other sender takes them."""
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            notices.filter(mailed_at__isnull=True)
            .exclude(recipient__email="")
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient", "recipient__notice_settings")
            .order_by("recipient_id", "created_at", "pk")
        )
        Notice.objects.filter(pk__in=[row.pk for row in rows]).update(mailed_at=now)
    return rows


def _language(user) -> str:
    try:
        return user.notice_settings.language
    except NoticeSettings.DoesNotExist:
        return settings.LANGUAGE_CODE


def _footer() -> str:
    return _(
        "You get this e-mail from actionplan. Choose which notices you get, and how, at %(url)s"
    ) % {"url": absolute(reverse("notices:settings"))}


def _send(user, subject: str, body: str, notices: list[Notice], connection=None) -> bool:
    """Send one mail; on failure the notices become unsent again (a later run retries)."""
    try:
        send_mail(
            subject=subject,
            message=body,
            from_email=None,
            recipient_list=[user.email],
            connection=connection,
        )
    except Exception:  # any backend error: keep the notices for the next run
        log.exception("notice mail to user %s failed", user.pk)
        Notice.objects.filter(pk__in=[n.pk for n in notices]).update(mailed_at=None)
        return False
    return True


def _notice_text(notice: Notice) -> str:
    text = notice.body
    if notice.link:
        text += "\n\n" + absolute(notice.link)
    return text


def send_immediate(*, keys: Iterable[str] | None = None) -> int:
    """E-mail the unsent notices due at once (of these events, or all); returns mails sent."""
    notices = Notice.objects.filter(delivery=Delivery.IMMEDIATE)
    if keys is not None:
        notices = notices.filter(key__in=list(keys))
    claimed = _claim(notices)
    if not claimed:
        return 0
    sent = 0
    with get_connection() as connection:
        for notice in claimed:
            user = notice.recipient
            with translation.override(_language(user)):
                body = _notice_text(notice) + "\n\n-- \n" + _footer()
                sent += _send(user, notice.subject, body, [notice], connection)
    return sent


def digest_send() -> int:
    """One mail to each user with their notices waiting for the daily digest; and a retry of
    any mail that failed to go at once. Returns mails sent. Safe to run twice: a notice is
    mailed once."""
    sent = send_immediate()
    users = (
        Notice.objects.filter(delivery=Delivery.DIGEST, mailed_at__isnull=True)
        .exclude(recipient__email="")
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )
    for user_id in list(users):
        notices = _claim(Notice.objects.filter(recipient_id=user_id, delivery=Delivery.DIGEST))
        if not notices:
            continue
        user = notices[0].recipient
        with translation.override(_language(user)):
            subject = _("actionplan: %(count)s notices since the last digest") % {
                "count": len(notices)
            }
            parts = [
                f"{n.subject}\n{'-' * min(len(n.subject), 70)}\n{_notice_text(n)}" for n in notices
            ]
            body = "\n\n\n".join(parts) + "\n\n-- \n" + _footer()
            sent += _send(user, subject, body, notices)
    return sent


# -- the user's own writes ------------------------------------------------------------------


def _require_self(actor, user) -> None:
    if actor is None or not actor.is_authenticated or actor.pk != user.pk:
        raise PermissionDenied(_("You can only change your own notices."))


def settings_get(user) -> NoticeSettings:
    """The user's settings (unsaved defaults when they never chose)."""
    found = NoticeSettings.objects.filter(user=user).first()
    return found or NoticeSettings(user=user)


@transaction.atomic
def settings_save(*, actor, user, language: str, deliveries: dict[str, str]) -> NoticeSettings:
    _require_self(actor, user)
    unknown = [k for k, v in deliveries.items() if k not in Kind.values or v not in Delivery.values]
    if unknown:
        raise ValidationError(_("Unknown notice kind or delivery: %(kinds)s") % {"kinds": unknown})
    choice, _created = NoticeSettings.objects.get_or_create(user=user)
    choice.language = language
    choice.deliveries = dict(deliveries)
    choice.full_clean()
    choice.save()
    return choice


def notices_mark_read(*, actor, user, pks: Iterable[int] | None = None) -> int:
    """Mark the user's notices read (the given ones, or all); returns how many changed."""
    _require_self(actor, user)
    notices = Notice.objects.filter(recipient=user, read_at__isnull=True)
    if pks is not None:
        notices = notices.filter(pk__in=list(pks))
    return notices.update(read_at=timezone.now())


def _follow_field(target: Model) -> str:
    match target:
        case ActionPlan():
            return "plan"
        case FocusArea():
            return "focus_area"
        case Project():
            return "project"
    raise ValidationError(_("Only a plan, a focus area or a project can be followed."))


def _public(target: Model) -> bool:
    match target:
        case ActionPlan():
            return target.status == ActionPlan.Status.PUBLISHED
        case FocusArea():
            return target.plan.status == ActionPlan.Status.PUBLISHED
        case Project():
            return target.is_published
    return False


@transaction.atomic
def follow(*, actor, target: Model) -> Follow:
    """Follow a published plan, focus area or project (again: nothing changes)."""
    field = _follow_field(target)
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Log in to follow."))
    if not _public(target):
        raise ValidationError(_("Only what is published can be followed."))
    lookup: dict[str, Any] = {field: target}
    found, _created = Follow.objects.get_or_create(user=actor, **lookup)
    return found


@transaction.atomic
def unfollow(*, actor, target: Model) -> None:
    field = _follow_field(target)
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Log in to follow."))
    Follow.objects.filter(user=actor, **{field: target}).delete()
