"""Notices: what the system tells a user (in the workspace and by e-mail), how each user wants
to be told per kind, and what they follow on the portal."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actionplan.plans.models import ActionPlan, FocusArea
from actionplan.projects.models import Project


class Kind(models.TextChoices):
    ROUND_OPENED = "round_opened", _("A status round asks you for an update")
    UPDATE_SUBMITTED = "update_submitted", _("An update is submitted for your review")
    UPDATE_REVIEWED = "update_reviewed", _("Your update is approved or returned")
    REMINDER = "reminder", _("Reminders before a deadline")
    FOLLOWED = "followed", _("Changes to what you follow")


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("E-mail at once")
    DIGEST = "digest", _("Daily digest by e-mail")
    OFF = "off", _("No e-mail, only in the workspace")


class Notice(models.Model):
    """One thing told to one user. `key` names the event, so telling it twice stores (and
    mails) it once; `mailed_at` is set when the mail is claimed for sending."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    key = models.CharField(_("event"), max_length=200)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    link = models.CharField(_("link"), max_length=500, blank=True)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    mailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["key", "recipient"], name="notice_once_per_event"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notice_unread"),
            models.Index(fields=["delivery", "mailed_at"], name="notice_to_mail"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"


class NoticeSettings(models.Model):
    """A user's choices: the language of their notices and, per kind, how they are told
    (a kind not in `deliveries` is e-mailed at once)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notice_settings",
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    deliveries = models.JSONField(_("delivery per kind"), default=dict, blank=True)

    class Meta:
        verbose_name = _("notice settings")
        verbose_name_plural = _("notice settings")

    def __str__(self) -> str:
        return str(self.user)

    def delivery(self, kind: str) -> str:
        chosen = self.deliveries.get(kind)
        return chosen if chosen in Delivery.values else Delivery.IMMEDIATE


class Follow(models.Model):
    """A user following a published plan, focus area or project by notice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="follows",
    )
    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), null=True, blank=True, on_delete=models.CASCADE
    )
    focus_area = models.ForeignKey(
        FocusArea, verbose_name=_("focus area"), null=True, blank=True, on_delete=models.CASCADE
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), null=True, blank=True, on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=Q(plan__isnull=False, focus_area__isnull=True, project__isnull=True)
                | Q(plan__isnull=True, focus_area__isnull=False, project__isnull=True)
                | Q(plan__isnull=True, focus_area__isnull=True, project__isnull=False),
                name="follow_one_target",
            ),
            # One constraint per target: NULLs never clash in a unique index.
            models.UniqueConstraint(
                fields=["user", "plan"], condition=Q(plan__isnull=False), name="follow_plan_once"
            ),
            models.UniqueConstraint(
                fields=["user", "focus_area"],
                condition=Q(focus_area__isnull=False),
                name="follow_focus_area_once",
            ),
            models.UniqueConstraint(
                fields=["user", "project"],
                condition=Q(project__isnull=False),
                name="follow_project_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.target}"

    @property
    def target(self) -> models.Model | None:
        """The plan, focus area or project (one, by the check constraint, once saved)."""
        return self.plan or self.focus_area or self.project
