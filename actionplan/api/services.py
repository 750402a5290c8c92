"""API tokens: made and revoked by their owner, each change audited like any other write.

core.services.create/update ask accounts.permissions who may change an object, and a token
is no plan's or project's business: its owner (or a superuser) is the only one who may.
So these services authorize themselves and then validate, save and record as core does.
"""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplan.accounts.permissions import EDIT, grants
from actionplan.core import services as core
from actionplan.core.models import AuditEvent
from actionplan.core.services import Actor

from .models import ApiToken

TOKEN_PREFIX = "ap_"  # noqa: S105 (a marker, not a secret)
SHOWN_CHARS = 8


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def may_hold_tokens(user) -> bool:
    """Staff, i.e. editors and administrators of some organisation or plan; a token can do no
    more than its owner's roles allow."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and (grants(user).superuser or bool(grants(user).scopes(EDIT)))
    )


@transaction.atomic
def token_create(*, actor: Actor, name: str) -> tuple[ApiToken, str]:
    """A new token for the actor; returns it with the raw token, which is not stored."""
    if not may_hold_tokens(actor):
        raise PermissionDenied(_("Only staff can create API tokens."))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        owner=actor,
        name=" ".join(name.split()),
        prefix=raw[: len(TOKEN_PREFIX) + SHOWN_CHARS],
        token_hash=token_hash(raw),
    )
    token.full_clean()
    token.save(force_insert=True)
    core.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=token,
        changes={"name": [None, token.name], "prefix": [None, token.prefix]},
    )
    return token, raw


@transaction.atomic
def token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Revoke a token; revoking a revoked token changes nothing."""
    if not may_hold_tokens(actor) or not (actor.is_superuser or token.owner_id == actor.pk):
        raise PermissionDenied(_("You can only revoke your own API tokens."))
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    core.record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=token,
        changes={"revoked_at": [None, token.revoked_at.isoformat()]},
    )
    return token


def token_authenticate(raw: str):
    """The owner of an active token, or None. Marks the token used (bookkeeping, not a
    change of data, so no audit event)."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("owner")
        .filter(token_hash=token_hash(raw), revoked_at__isnull=True, owner__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # At most one write a minute per token, so a busy integration does not write every call.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.owner
