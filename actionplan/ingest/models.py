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
