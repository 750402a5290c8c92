from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from actionplan.core.models import TimeStampedModel


class ColumnMapping(TimeStampedModel):
    """Which spreadsheet column holds which project field, saved under a name for reuse.

    `columns` maps a field name (see ingest.spreadsheets.FIELDS) to a header as written in
    the file; `options` holds the rest (currency, default fund).
    """

    name = models.SlugField(_("name"), max_length=100, unique=True)
    columns = models.JSONField(_("columns"), default=dict)
    options = models.JSONField(_("options"), default=dict, blank=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class IngestDraft(TimeStampedModel):
    """A parsed document waiting for review: nothing reaches the live data before commit."""

    class Kind(models.TextChoices):
        PLAN = "plan", _("action plan")
        MEMO = "memo", _("status memo")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        COMMITTED = "committed", _("committed")
        DISCARDED = "discarded", _("discarded")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    source_name = models.CharField(_("source file"), max_length=255)
    source_text = models.TextField(_("source text"))
    data = models.JSONField(_("parsed structure"), default=dict)
    doubts = models.JSONField(_("doubts"), default=list, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    plan = models.ForeignKey(
        "plans.ActionPlan",
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ingest draft")
        verbose_name_plural = _("ingest drafts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.source_name}"


class RoleLabel(TimeStampedModel):
    """An organisation's own word for a part of its plans ("Vores svar" for what we will do),
    read by the plan reader beside the built-in Danish and English labels (ingest.roles)."""

    class Role(models.TextChoices):
        THEME = "theme", _("theme")
        FOCUS = "focus", _("focus area")
        CHALLENGE = "challenge", _("challenge")
        FACTS = "facts", _("facts")
        APPROACH = "approach", _("what we will do")
        GOAL = "goal", _("goal")
        ACTIVITIES = "activities", _("activities")
        PARTNERS = "partners", _("partners")
        FUNDING = "funding", _("financing")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="role_labels",
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    label = models.CharField(_("label"), max_length=100)

    class Meta:
        verbose_name = _("section label")
        verbose_name_plural = _("section labels")
        ordering = ["organisation", "role", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "label"], name="role_label_unique_in_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_role_display()})"
