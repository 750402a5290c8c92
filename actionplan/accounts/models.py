from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actionplan.organisations.models import Organisation
from actionplan.plans.models import ActionPlan
from actionplan.projects.models import Project


class Role(models.TextChoices):
    ADMIN = "admin", _("administrator")
    EDITOR = "editor", _("editor")
    READER = "reader", _("reader")
    REPORTER = "reporter", _("project reporter")


# Exactly one scope: an organisation (its plans and their projects), one plan, or one project.
ONE_SCOPE = (
    Q(organisation__isnull=False, plan__isnull=True, project__isnull=True)
    | Q(organisation__isnull=True, plan__isnull=False, project__isnull=True)
    | Q(organisation__isnull=True, plan__isnull=True, project__isnull=False)
)


class ScopedRole(models.Model):
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def scope(self) -> models.Model | None:
        """The organisation, plan or project (one, by the check constraint, once saved)."""
        return self.organisation or self.plan or self.project

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        scopes = [s for s in (self.organisation_id, self.plan_id, self.project_id) if s]
        if len(scopes) != 1:
            raise ValidationError(_("Choose exactly one of organisation, plan or project."))
        if self.role == Role.REPORTER and not self.project_id:
            raise ValidationError({"role": _("A project reporter is assigned to a project.")})


class Membership(ScopedRole):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(condition=ONE_SCOPE, name="membership_one_scope"),
            models.UniqueConstraint(
                fields=["user", "role", "organisation", "plan", "project"],
                name="membership_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()} ({self.scope})"


class Invitation(ScopedRole):
    """An e-mailed link that creates a user with one role; it works once and expires."""

    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [models.CheckConstraint(condition=ONE_SCOPE, name="invitation_one_scope")]

    def __str__(self) -> str:
        return f"{self.email}: {self.get_role_display()} ({self.scope})"


class LoginFailure(models.Model):
    """A failed login, kept for throttling; holds no password."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")

    def __str__(self) -> str:
        return f"{self.username} {self.address} {self.at:%Y-%m-%d %H:%M}"
