from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actionplan.core.models import TimeStampedModel

from .municipality_data import MUNICIPALITIES

MUNICIPALITY_CHOICES = [(code, names[0]) for code, names in sorted(MUNICIPALITIES.items())]

cvr_validator = RegexValidator(r"^\d{8}$", _("A CVR number has exactly 8 digits."))


class Organisation(TimeStampedModel):
    class Kind(models.TextChoices):
        REGION = "region", _("region")
        MUNICIPALITY = "municipality", _("municipality")
        STATE = "state", _("state body")
        KNOWLEDGE = "knowledge", _("university or knowledge institution")
        COMPANY = "company", _("company")
        FOUNDATION = "foundation", _("foundation")
        EU_PROGRAMME = "eu_programme", _("EU programme")
        ASSOCIATION = "association", _("association")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    cvr = models.CharField(_("CVR number"), max_length=8, blank=True, validators=[cvr_validator])
    website = models.URLField(_("website"), blank=True)
    # Where the organisation is (a municipality: itself): a project's municipalities are
    # derived from its lead's and partners' (actionplan.projects.places).
    municipality_code = models.PositiveSmallIntegerField(
        _("municipality"), null=True, blank=True, choices=MUNICIPALITY_CHOICES
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cvr"], condition=~Q(cvr=""), name="organisation_cvr_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FundingSource(TimeStampedModel):
    """Where money for projects comes from: the region's own pool, an EU programme, a fund."""

    class Kind(models.TextChoices):
        REGIONAL_POOL = "regional_pool", _("regional development pool")
        HEALTH_FUNDS = "health_funds", _("regional health funds")
        EU = "eu", _("EU programme")
        STATE = "state", _("state")
        FOUNDATION = "foundation", _("foundation")
        MUNICIPAL = "municipal", _("municipal")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("run by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funding_sources",
    )

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
