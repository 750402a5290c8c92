import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplan.core import services as core
from actionplan.core.services import Actor

from .models import Invitation, Membership
from .permissions import forget


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def membership_grant(*, actor: Actor, user, role: str, **scope) -> Membership:
    membership = core.create(Membership(user=user, role=role, **scope), actor=actor)
    forget(user)
    return membership


def membership_revoke(*, actor: Actor, membership: Membership) -> None:
    core.delete(membership, actor=actor)
    forget(membership.user)


@transaction.atomic
def invitation_create(
    *, actor: Actor, email: str, role: str, accept_url: str, **scope
) -> tuple[Invitation, str]:
    """Create an invitation and e-mail its link once it is committed (never a link to an
    invitation that was rolled back); returns the invitation and the raw token (which is
    stored only as a hash)."""
    token = secrets.token_urlsafe(32)
    days = settings.ACTIONPLAN_INVITATION_DAYS
    invitation = core.create(
        Invitation(
            email=email,
            role=role,
            token_hash=_hash(token),
            expires_at=timezone.now() + dt.timedelta(days=days),
            invited_by=core.acting_user(actor),
            **scope,
        ),
        actor=actor,
    )
    link = accept_url.replace("TOKEN", token)
    mail: dict[str, Any] = dict(
        subject=_("Invitation to actionplan"),
        message=_(
            "You have been invited to actionplan as %(role)s for %(scope)s.\n\n"
            "Open this link within %(days)s days to choose your user name and password:\n"
            "%(link)s\n\nThe link works once."
        )
        % {
            "role": invitation.get_role_display(),
            "scope": invitation.scope,
            "days": days,
            "link": link,
        },
        from_email=None,
        recipient_list=[email],
    )
    transaction.on_commit(lambda: send_mail(**mail))
    return invitation, token


def invitation_for_token(token: str) -> Invitation | None:
    """The open invitation a token belongs to, or None when it is unknown, used or expired."""
    invitation = Invitation.objects.filter(token_hash=_hash(token)).first()
    if invitation is None or invitation.accepted_at or invitation.expires_at <= timezone.now():
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, username: str, password: str):
    """Create the invited user with the invitation's role. The link then no longer works."""
    invitation = invitation_for_token(token)
    if invitation is None:
        raise ValidationError(_("This invitation link is invalid, used or expired."))
    # Lock the row so two simultaneous clicks cannot both succeed.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError(_("This invitation link is invalid, used or expired."))
    user_model = get_user_model()
    if user_model.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("That user name is taken.")})
    user = user_model(username=username, email=invitation.email)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    core.record(actor=user, action="create", instance=user, changes={"username": [None, username]})
    scope = {
        "organisation": invitation.organisation,
        "plan": invitation.plan,
        "project": invitation.project,
    }
    # The inviter's authority carries the grant; the new user cannot grant themselves anything.
    membership = Membership(user=user, role=invitation.role, **scope)
    membership.full_clean()
    membership.save()
    core.record(
        # An invitation the system made (invited_by empty) is granted by the system.
        actor=invitation.invited_by or core.system("invitation accepted"),
        action="create",
        instance=membership,
        changes={"role": [None, invitation.role], "user": [None, user.pk]},
    )
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    return user
