from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from actionplan.core.models import TimeStampedModel
from actionplan.organisations.models import FundingSource, Organisation

from .sectors import validate_dac_sector


class Strategy(TimeStampedModel):
    """A regional development strategy (RUS), carried out through several action plans."""

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="strategies",
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class ActionPlan(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.PROTECT, related_name="plans"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="plans"
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    intro = models.TextField(_("introduction"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="plan_period_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Theme(TimeStampedModel):
    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="themes"
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=100)
    aliases = models.JSONField(_("other wordings"), default=list, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    dac_sector = models.CharField(
        _("DAC sector"),
        max_length=5,
        blank=True,
        validators=[validate_dac_sector],
        help_text=_(
            "OECD DAC 5-digit purpose code reported as the sector of the theme's projects in the "
            "IATI open data."
        ),
    )

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["plan", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "slug"], name="theme_slug_unique_in_plan"),
        ]

    def __str__(self) -> str:
        return self.title


class FocusArea(TimeStampedModel):
    """An indsatsområde: a challenge, what the region will do, and the goal it aims for."""

    # The plan is stored beside the theme so that slugs can be unique per plan in the database.
    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.CASCADE,
        related_name="focus_areas",
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.CASCADE, related_name="focus_areas"
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=100)
    aliases = models.JSONField(_("other wordings"), default=list, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    challenge = models.TextField(_("challenge"), blank=True)
    approach = models.TextField(_("what we will do"), blank=True)
    figure_caption = models.TextField(_("figure caption"), blank=True)
    funding_text = models.TextField(_("financing"), blank=True)
    in_original_plan = models.BooleanField(
        _("in the original plan"),
        default=True,
        help_text=_("Unset for focus areas added later, e.g. by a status memo."),
    )
    dac_sector = models.CharField(
        _("DAC sector"),
        max_length=5,
        blank=True,
        validators=[validate_dac_sector],
        help_text=_(
            "OECD DAC 5-digit purpose code reported as the sector of the focus area's projects "
            "in the IATI open data; empty: the theme's."
        ),
    )

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["plan", "theme__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "slug"], name="focus_area_slug_unique_in_plan"),
        ]

    def __str__(self) -> str:
        return self.title


class Fact(models.Model):
    focus_area = models.ForeignKey(
        FocusArea, verbose_name=_("focus area"), on_delete=models.CASCADE, related_name="facts"
    )
    text = models.TextField(_("text"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("fact")
        verbose_name_plural = _("facts")
        ordering = ["focus_area", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class Goal(TimeStampedModel):
    focus_area = models.ForeignKey(
        FocusArea, verbose_name=_("focus area"), on_delete=models.CASCADE, related_name="goals"
    )
    statement = models.TextField(_("statement"))
    target_years = models.JSONField(_("target years"), default=list, blank=True)
    no_number_note = models.CharField(
        _("note when the goal states no number"), max_length=300, blank=True
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(0)],
        help_text=_("How much the goal counts in its focus area's status; 0 leaves it out."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    # The same goal in the previous plan period: a goal carried from one plan to the next
    # is shown as one history.
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("continues the goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
        help_text=_("The same goal in an earlier action plan."),
    )

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["focus_area", "order", "id"]

    def __str__(self) -> str:
        return self.statement[:80]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        years = self.target_years
        if not isinstance(years, list) or not all(
            isinstance(y, int) and 1900 <= y <= 2200 for y in years
        ):
            raise ValidationError(
                {"target_years": _("Target years must be a list of years, e.g. [2030].")}
            )


class PlannedActivity(models.Model):
    """A possible activity ("Mulige aktiviteter"); sub-items and group headings have a parent."""

    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("focus area"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="items",
    )
    text = models.TextField(_("text"))
    is_heading = models.BooleanField(_("group heading"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("planned activity")
        verbose_name_plural = _("planned activities")
        ordering = ["focus_area", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class _Suggestion(models.Model):
    """A name the plan suggests for a focus area, as written, and what it was matched to."""

    name = models.CharField(_("as written"), max_length=500)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["focus_area", "order", "id"]

    def __str__(self) -> str:
        return self.name


class SuggestedPartner(_Suggestion):
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("focus area"),
        on_delete=models.CASCADE,
        related_name="suggested_partners",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(_Suggestion.Meta):
        verbose_name = _("suggested partner")
        verbose_name_plural = _("suggested partners")


class SuggestedFunding(_Suggestion):
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("focus area"),
        on_delete=models.CASCADE,
        related_name="suggested_funding",
    )
    source = models.ForeignKey(
        FundingSource,
        verbose_name=_("funding source"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(_Suggestion.Meta):
        verbose_name = _("suggested funding source")
        verbose_name_plural = _("suggested funding sources")
