from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from actionplan.core.models import TimeStampedModel
from actionplan.organisations.models import Organisation
from actionplan.projects.models import Project


class ContactPerson(TimeStampedModel):
    """A person to contact about a project. Personal data: never in the public export, and
    erased or anonymised by the services in actionplan.privacy.services."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    title = models.CharField(_("title or role"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    legal_basis = models.CharField(
        _("legal basis for keeping"),
        max_length=300,
        blank=True,
        help_text=_("Why the record must be kept, e.g. “Bogføringsloven § 10”."),
    )
    retain_until = models.DateField(_("keep until"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["project", "name", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.retain_until and not self.legal_basis.strip():
            raise ValidationError(
                {"legal_basis": _("A date to keep the record until needs the legal basis.")}
            )
