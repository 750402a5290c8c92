from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actionplan.core.dates import PartialDate, Precision
from actionplan.core.models import MoneyField, TimeStampedModel
from actionplan.plans.models import ActionPlan, FocusArea
from actionplan.projects.models import Project, ProjectStatus


class StatusRound(TimeStampedModel):
    class State(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")
        PUBLISHED = "published", _("published")

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.CASCADE,
        related_name="rounds",
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    title = models.CharField(_("memo title"), max_length=400, blank=True)
    reference_date = models.DateField(_("reference date"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    state = models.CharField(
        _("round state"), max_length=10, choices=State.choices, default=State.OPEN
    )

    class Meta:
        verbose_name = _("status round")
        verbose_name_plural = _("status rounds")
        ordering = ["plan", "reference_date"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "slug"], name="round_slug_unique_in_plan"),
        ]

    def __str__(self) -> str:
        return self.name


class FocusAreaAssessment(TimeStampedModel):
    round = models.ForeignKey(
        StatusRound,
        verbose_name=_("status round"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("focus area"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    text = models.TextField(_("assessment"))
    still_relevant = models.BooleanField(_("still relevant"), null=True, blank=True)

    class Meta:
        verbose_name = _("focus-area assessment")
        verbose_name_plural = _("focus-area assessments")
        ordering = ["round", "focus_area__theme__order", "focus_area__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "focus_area"], name="assessment_once_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.focus_area}"


class StatusUpdate(TimeStampedModel):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="updates"
    )
    round = models.ForeignKey(
        StatusRound,
        verbose_name=_("status round"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="updates",
    )
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices)
    status_label = models.CharField(_("status in the reporter's words"), max_length=200, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A StatusUpdate exists only once staff have approved what was submitted (an
    # UpdateRequest): the author wrote it, the approver made it public.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        ordering = ["project", "date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__lte=100),
                name="update_progress_0_100",
            ),
        ]

    def __str__(self) -> str:
        from actionplan.core.history import format_day

        return f"{self.project} ({format_day(self.date)})"


class UpdateRequest(TimeStampedModel):
    """An update on one project on its way to approval: draft -> submitted -> approved or
    returned (and a returned one is submitted again). A round asks each project for one; an
    update written outside any round is a request without a round and goes the same way.
    The update's content lives here until staff approve it; approval turns it into a
    StatusUpdate, the only kind of update that is ever shown outside the workspace."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned")

    round = models.ForeignKey(
        StatusRound,
        verbose_name=_("status round"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="requests",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="update_requests",
    )
    date = models.DateField(_("date"), null=True, blank=True)
    state = models.CharField(
        _("update state"), max_length=10, choices=State.choices, default=State.DRAFT
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipients"),
        blank=True,
        related_name="update_requests",
    )
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices, blank=True)
    status_label = models.CharField(_("status in the reporter's words"), max_length=200, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    spent_dkk = MoneyField(_("spent so far (DKK)"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    status_update = models.OneToOneField(
        StatusUpdate,
        verbose_name=_("approved status update"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="request",
    )

    class Meta:
        verbose_name = _("update request")
        verbose_name_plural = _("update requests")
        ordering = ["round", "project__title", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "project"], name="update_request_once"),
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__lte=100),
                name="update_request_progress_0_100",
            ),
            models.CheckConstraint(
                condition=Q(spent_dkk__isnull=True) | Q(spent_dkk__gte=0),
                name="update_request_spent_not_negative",
            ),
        ]

    def __str__(self) -> str:
        if self.round_id is None:
            return f"{self.project} ({_('update outside a round')})"
        return f"{self.round}: {self.project}"

    @property
    def takes_changes(self) -> bool:
        """Outside a round always; in a round only while it is open."""
        return self.round is None or self.round.state == StatusRound.State.OPEN


class ReminderSent(models.Model):
    """Bookkeeping that makes `actionplan rounds remind` send each reminder once."""

    request = models.ForeignKey(
        UpdateRequest,
        verbose_name=_("update request"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField(_("reminder"), max_length=20)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    recipients = models.TextField(_("sent to"), blank=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["request", "sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["request", "kind"], name="reminder_once_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.request} ({self.kind})"


class Milestone(TimeStampedModel):
    """A project's next milestone, as reported in an update."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    request = models.ForeignKey(
        UpdateRequest,
        verbose_name=_("reported in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="milestones",
    )
    date = models.DateField(_("date"))
    date_precision = models.CharField(
        _("date known to"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "date", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def when(self) -> PartialDate:
        return PartialDate(self.date, self.date_precision)


class RoundSnapshot(models.Model):
    """The memo data of a closed round, frozen so the round's memo never changes."""

    round = models.OneToOneField(
        StatusRound,
        verbose_name=_("status round"),
        on_delete=models.CASCADE,
        related_name="snapshot",
    )
    data = models.JSONField(_("memo data"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("round snapshot")
        verbose_name_plural = _("round snapshots")

    def __str__(self) -> str:
        return str(self.round)


class StateCounts(models.Model):
    """How many of a round's update requests are in each state (rounds.totals keeps them)."""

    draft = models.IntegerField(_("drafts"), default=0)
    submitted = models.IntegerField(_("submitted"), default=0)
    approved = models.IntegerField(_("approved"), default=0)
    returned = models.IntegerField(_("returned"), default=0)

    class Meta:
        abstract = True

    @property
    def asked(self) -> int:
        return self.draft + self.submitted + self.approved + self.returned

    @property
    def reported(self) -> int:
        """Submitted or approved: the project has answered."""
        return self.submitted + self.approved

    @property
    def owed(self) -> int:
        """Drafts and returned updates: the project still has to answer."""
        return self.draft + self.returned


class RoundTotals(StateCounts):
    """A round's update requests counted by state, kept by the services (rounds.totals)."""

    round = models.OneToOneField(
        StatusRound,
        verbose_name=_("status round"),
        on_delete=models.CASCADE,
        related_name="totals",
    )

    class Meta:
        verbose_name = _("round totals")
        verbose_name_plural = _("round totals")

    def __str__(self) -> str:
        return str(self.round)


class RoundAreaTotals(StateCounts):
    """A round's update requests of one focus area's projects counted by state: a project in
    several of the plan's focus areas counts in each (rounds.totals keeps them)."""

    round = models.ForeignKey(
        StatusRound,
        verbose_name=_("status round"),
        on_delete=models.CASCADE,
        related_name="area_totals",
    )
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("focus area"),
        on_delete=models.CASCADE,
        related_name="round_totals",
    )

    class Meta:
        verbose_name = _("round totals of a focus area")
        verbose_name_plural = _("round totals of focus areas")
        constraints = [
            models.UniqueConstraint(fields=["round", "focus_area"], name="round_area_totals_once"),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.focus_area}"
