from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from actionplan.core.dates import PartialDate, Precision, partial
from actionplan.core.l10n import format_dkk
from actionplan.core.models import MoneyField, TimeStampedModel
from actionplan.organisations.models import MUNICIPALITY_CHOICES, FundingSource, Organisation
from actionplan.organisations.postcodes import POSTCODES, postcode_unknown
from actionplan.plans.models import ActionPlan, FocusArea


class ProjectStatus(models.TextChoices):
    IDEA = "idea", _("idea")
    APPLIED = "applied", _("applied")
    GRANTED = "granted", _("granted")
    STARTED = "started", _("started")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")
    REJECTED = "rejected", _("rejected")
    SUSPENDED = "suspended", _("suspended")


class DerivedMoneyField(MoneyField):
    """A sum kept up to date by the services from other rows: never edited, never audited
    (actionplan.core.services leaves fields marked `derived` out of audit and versions)."""

    derived = True

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", 0)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)


class DerivedCountField(models.PositiveIntegerField):
    """A count kept up to date by the services, like DerivedMoneyField."""

    derived = True

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", 0)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)


class Project(TimeStampedModel):
    class Kind(models.TextChoices):
        PROJECT = "project", _("project")
        INITIATIVE = "initiative", _("initiative")

    title = models.CharField(_("title"), max_length=400)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PROJECT)
    description = models.TextField(_("description"), blank=True)
    lead = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.IDEA
    )
    start = models.DateField(_("start"), null=True, blank=True)
    start_precision = models.CharField(
        _("start known to"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    end = models.DateField(_("end"), null=True, blank=True)
    end_precision = models.CharField(
        _("end known to"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    budget_dkk = MoneyField(_("total budget (DKK)"), null=True, blank=True)
    # "op til 2 mio. kr.": the budget is a ceiling, not the amount itself
    budget_upper_bound = models.BooleanField(_("budget is an upper bound"), default=False)
    sdgs = models.JSONField(_("UN Sustainable Development Goals"), default=list, blank=True)
    external_id = models.CharField(_("external id"), max_length=200, blank=True)
    # Where the project happens, when known (WGS84): a point on the portal's maps.
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    # The Danish postcode the project is at, when known (imports): it places the project in
    # the municipality the postcode's centre lies in (organisations.postcodes).
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    focus_areas = models.ManyToManyField(
        FocusArea,
        through="ProjectFocusArea",
        related_name="projects",
        verbose_name=_("focus areas"),
    )
    # Totals of the project's grants and granted co-funding, kept by the grant and co-funding
    # services (projects.services.refresh_totals) so that lists, sums and sorts over many
    # projects need no join to the money rows. *_dkk sums the stated amounts, *_count counts
    # the rows, *_unknown those without a stated amount; pool_* are grants from a regional pool.
    granted_dkk = DerivedMoneyField(_("granted (DKK)"))
    granted_count = DerivedCountField(_("grants"))
    granted_unknown = DerivedCountField(_("grants without a stated amount"))
    pool_dkk = DerivedMoneyField(_("granted from the regional pool (DKK)"))
    pool_count = DerivedCountField(_("regional pool grants"))
    pool_unknown = DerivedCountField(_("regional pool grants without a stated amount"))
    cofunding_dkk = DerivedMoneyField(_("co-funding granted (DKK)"))
    cofunding_count = DerivedCountField(_("co-funding granted"))
    cofunding_unknown = DerivedCountField(_("co-funding granted without a stated amount"))

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["title"]
        # For the public project list's filters and sorts.
        indexes = [
            models.Index(fields=["title", "id"], name="project_title_idx"),
            models.Index(fields=["status", "title", "id"], name="project_status_title_idx"),
            models.Index(fields=["-granted_dkk", "title", "id"], name="project_granted_idx"),
            models.Index(fields=["start"], name="project_start_idx"),
            models.Index(fields=["end"], name="project_end_idx"),
            models.Index(fields=["lead", "is_published"], name="project_lead_published_idx"),
            # The maps' points: the projects with coordinates, the largest grants first.
            models.Index(
                fields=["-granted_dkk", "id"],
                condition=Q(latitude__isnull=False),
                name="project_located_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="project_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(budget_dkk__isnull=True) | Q(budget_dkk__gte=0),
                name="project_budget_not_negative",
            ),
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="project_external_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def start_partial(self) -> PartialDate | None:
        return partial(self.start, self.start_precision)

    @property
    def end_partial(self) -> PartialDate | None:
        return partial(self.end, self.end_precision)

    def clean(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                {"longitude": _("Give both the latitude and the longitude, or neither.")}
            )
        if self.latitude is not None and not (-90 <= self.latitude <= 90):
            raise ValidationError({"latitude": _("A latitude lies between -90 and 90.")})
        if self.longitude is not None and not (-180 <= self.longitude <= 180):
            raise ValidationError({"longitude": _("A longitude lies between -180 and 180.")})
        if self.postcode and self.postcode not in POSTCODES:
            raise ValidationError({"postcode": postcode_unknown(self.postcode)})
        if not isinstance(self.sdgs, list) or not all(
            isinstance(n, int) and 1 <= n <= 17 for n in self.sdgs
        ):
            raise ValidationError({"sdgs": _("SDGs are numbers from 1 to 17.")})


class ProjectFocusArea(models.Model):
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="focus_area_links",
    )
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("focus area"),
        on_delete=models.CASCADE,
        related_name="project_links",
    )
    is_primary = models.BooleanField(_("primary"), default=False)

    class Meta:
        verbose_name = _("project focus area")
        verbose_name_plural = _("project focus areas")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "focus_area"], name="project_focus_area_once"
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(is_primary=True),
                name="project_one_primary_focus_area",
            ),
        ]
        # A focus area's projects without touching the link table's rows (index-only).
        indexes = [
            models.Index(fields=["focus_area", "project"], name="project_focus_area_by_area"),
        ]

    def __str__(self) -> str:
        return f"{self.project} / {self.focus_area}"


class ProjectMunicipality(models.Model):
    """A municipality the project works in: derived from its lead's and partners'
    municipalities and its coordinates, or set by staff (then never re-derived)."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="municipality_links",
    )
    code = models.PositiveSmallIntegerField(_("municipality"), choices=MUNICIPALITY_CHOICES)
    set_by_staff = models.BooleanField(_("set by staff"), default=False)

    class Meta:
        verbose_name = _("project municipality")
        verbose_name_plural = _("project municipalities")
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="project_municipality_once")
        ]
        indexes = [models.Index(fields=["code", "project"], name="project_municipality_by_code")]

    def __str__(self) -> str:
        return f"{self.project} / {self.get_code_display()}"


def _label(choices: type[models.TextChoices], value: str) -> Any:
    """The choice's label (translated when shown), or the value itself if it is none: what
    dict(choices.choices).get(value, value) gives, by the enum's own lookup."""
    try:
        return choices(value).label
    except ValueError:
        return value


class Participation(models.Model):
    """An organisation's role in a project, after the IATI organisation roles."""

    class Role(models.TextChoices):
        FUNDING = "funding", _("funding")
        ACCOUNTABLE = "accountable", _("accountable")
        EXTENDING = "extending", _("extending")
        IMPLEMENTING = "implementing", _("implementing")

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("partner role")
        verbose_name_plural = _("partner roles")
        ordering = ["project", "organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation", "role"], name="participation_role_once"
            ),
        ]
        # "Is this organisation a partner in a published project": one index probe each.
        indexes = [
            models.Index(fields=["organisation", "project"], name="participation_by_org"),
        ]

    def __str__(self) -> str:
        # The label without get_role_display, which hashes every translated choice per call:
        # imports name thousands of participations in their audit events.
        return f"{self.organisation} ({_label(self.Role, self.role)})"


class Grant(TimeStampedModel):
    """Money granted to a project from a source. The amount is unknown when a source says
    money was granted without saying how much."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="grants"
    )
    source = models.ForeignKey(
        FundingSource,
        verbose_name=_("funding source"),
        on_delete=models.PROTECT,
        related_name="grants",
    )
    amount = MoneyField(_("amount (DKK)"), null=True, blank=True)
    # "op til 2 mio. kr.": the amount is a ceiling, not the sum paid out
    upper_bound = models.BooleanField(_("amount is an upper bound"), default=False)
    decided_on = models.DateField(_("decided"), null=True, blank=True)
    decided_precision = models.CharField(
        _("decision date known to"),
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
    )
    decided_by = models.CharField(_("decided by"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["project", "decided_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="grant_amount_not_negative",
            ),
        ]
        # "Is this source used by a published project" (the project list's filter options).
        indexes = [models.Index(fields=["source", "project"], name="grant_by_source")]

    def __str__(self) -> str:
        return f"{self.source}: {format_dkk(self.amount) if self.amount is not None else '?'}"

    @property
    def decided(self) -> PartialDate | None:
        return partial(self.decided_on, self.decided_precision)


class CoFunding(TimeStampedModel):
    """An application for money from another source than the grant-giver, in any state."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        APPLIED = "applied", _("applied")
        GRANTED = "granted", _("granted")
        REJECTED = "rejected", _("rejected")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="cofunding"
    )
    source = models.ForeignKey(
        FundingSource,
        verbose_name=_("funding source"),
        on_delete=models.PROTECT,
        related_name="cofunding",
    )
    amount = MoneyField(_("amount (DKK)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("co-funding")
        verbose_name_plural = _("co-funding")
        # An application without a year is the earlier one in every source seen so far;
        # nulls_first makes SQLite and PostgreSQL agree on that.
        ordering = ["project", F("year").asc(nulls_first=True), "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="cofunding_amount_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["source", "project"], name="cofunding_by_source")]

    def __str__(self) -> str:
        # As Participation's: the label without get_status_display's hashing of every choice.
        return f"{self.source} ({_label(self.Status, self.status)})"


# -- sums over many projects, kept by the project services (actionplan/projects/summaries.py) --


class SummaryCountField(models.IntegerField):
    """A count in a summary row: derived, and signed so that a correction can never fail a
    write on a check constraint."""

    derived = True

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", 0)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)


class FocusAreaTotals(models.Model):
    """The published projects linked to a focus area: how many, and their grants."""

    focus_area = models.OneToOneField(
        FocusArea,
        verbose_name=_("focus area"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="totals",
    )
    projects = SummaryCountField(_("projects"))
    granted_dkk = DerivedMoneyField(_("granted (DKK)"))
    granted_count = SummaryCountField(_("grants"))
    granted_unknown = SummaryCountField(_("grants without a stated amount"))

    class Meta:
        verbose_name = _("focus area totals")
        verbose_name_plural = _("focus area totals")

    def __str__(self) -> str:
        return str(self.focus_area)


class PlanStatusTotals(models.Model):
    """The published projects linked to a plan (each once) in one status: how many, and the
    sums of their stored money totals."""

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.CASCADE,
        related_name="status_totals",
    )
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices)
    projects = SummaryCountField(_("projects"))
    granted_dkk = DerivedMoneyField(_("granted (DKK)"))
    granted_count = SummaryCountField(_("grants"))
    granted_unknown = SummaryCountField(_("grants without a stated amount"))
    pool_dkk = DerivedMoneyField(_("granted from the regional pool (DKK)"))
    pool_count = SummaryCountField(_("regional pool grants"))
    pool_unknown = SummaryCountField(_("regional pool grants without a stated amount"))
    cofunding_dkk = DerivedMoneyField(_("co-funding granted (DKK)"))
    cofunding_count = SummaryCountField(_("co-funding granted"))
    cofunding_unknown = SummaryCountField(_("co-funding granted without a stated amount"))

    class Meta:
        verbose_name = _("plan totals per status")
        verbose_name_plural = _("plan totals per status")
        constraints = [
            models.UniqueConstraint(fields=["plan", "status"], name="plan_status_totals_once")
        ]

    def __str__(self) -> str:
        return f"{self.plan} / {self.status}"


class MunicipalityTotals(models.Model):
    """The published projects of a plan (each once) or of a focus area that work in one
    municipality: how many, and what they were granted (the maps' shading)."""

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="municipality_totals",
    )
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("focus area"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="municipality_totals",
    )
    code = models.PositiveSmallIntegerField(_("municipality"))
    projects = SummaryCountField(_("projects"))
    granted_dkk = DerivedMoneyField(_("granted (DKK)"))

    class Meta:
        verbose_name = _("municipality totals")
        verbose_name_plural = _("municipality totals")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                condition=Q(plan__isnull=False),
                name="municipality_plan_once",
            ),
            models.UniqueConstraint(
                fields=["focus_area", "code"],
                condition=Q(focus_area__isnull=False),
                name="municipality_area_once",
            ),
            models.CheckConstraint(
                condition=Q(plan__isnull=False, focus_area__isnull=True)
                | Q(plan__isnull=True, focus_area__isnull=False),
                name="municipality_totals_one_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan or self.focus_area} / {self.code}"
