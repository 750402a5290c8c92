from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from actionplan.core.models import TimeStampedModel
from actionplan.plans.models import Goal


class Indicator(TimeStampedModel):
    class Measure(models.TextChoices):
        UNIT = "unit", _("number with unit")
        PERCENTAGE = "percentage", _("percentage")
        DKK = "dkk", _("amount in DKK")
        MILESTONE = "milestone", _("yes/no milestone")
        QUALITATIVE = "qualitative", _("qualitative")

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("name"), max_length=300)
    measure = models.CharField(_("measure"), max_length=20, choices=Measure.choices)
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    ascending = models.BooleanField(_("higher is better"), default=True)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_source = models.CharField(_("baseline source"), max_length=300, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    projection_value = models.DecimalField(
        _("projected value (external forecast)"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
    )
    projection_year = models.PositiveSmallIntegerField(_("projection year"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(0)],
        help_text=_("How much the indicator counts in its goal's status; 0 leaves it out."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["goal", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(baseline_year__isnull=True)
                | Q(target_year__isnull=True)
                | Q(target_year__gte=F("baseline_year")),
                name="indicator_target_not_before_baseline",
            ),
            models.CheckConstraint(
                condition=~Q(measure="percentage")
                | (
                    (Q(target_value__isnull=True) | Q(target_value__gte=0, target_value__lte=100))
                    & (
                        Q(baseline_value__isnull=True)
                        | Q(baseline_value__gte=0, baseline_value__lte=100)
                    )
                ),
                name="indicator_percentages_0_100",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Observation(TimeStampedModel):
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="observations",
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    text = models.TextField(_("qualitative value"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["indicator", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "date"], name="observation_one_per_indicator_and_date"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.indicator}: {self.value if self.value is not None else self.text} ({self.date})"
        )
