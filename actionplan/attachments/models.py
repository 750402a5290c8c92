from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actionplan.core.models import TimeStampedModel
from actionplan.projects.models import Project

from . import content


def storage_name(instance: "Attachment", filename: str) -> str:
    """Where the file is kept in the storage: a random name, never the uploaded one, so two
    files of the same name never collide and no name reaches the file system."""
    import uuid

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"attachments/{instance.project_id}/{uuid.uuid4().hex}.{extension}"


class Attachment(TimeStampedModel):
    """A file on a project (a final report, photos, decision minutes), or one sent with a
    status update. Public on the portal only when the project is published, the file is
    marked public and (for a reporter's file) staff have approved the update it came with."""

    class Kind(models.TextChoices):
        PDF = content.PDF, "PDF"
        DOCX = content.DOCX, "Word (DOCX)"
        XLSX = content.XLSX, "Excel (XLSX)"
        ODT = content.ODT, "OpenDocument (ODT)"
        PNG = content.PNG, "PNG"
        JPEG = content.JPEG, "JPEG"
        CSV = content.CSV, "CSV"
        TXT = content.TXT, "TXT"

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="attachments"
    )
    status_update = models.ForeignKey(
        "rounds.StatusUpdate",
        verbose_name=_("status update"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
    )
    update_request = models.ForeignKey(
        "rounds.UpdateRequest",
        verbose_name=_("sent with the update request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    filename = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to=storage_name, max_length=255)
    kind = models.CharField(_("file type"), max_length=10, choices=Kind.choices)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Shown on the public project page once the project is published."),
    )
    personal_data = models.BooleanField(
        _("contains personal data"),
        default=False,
        help_text=_("Removed when the person who uploaded it is erased."),
    )
    about = models.ForeignKey(
        "privacy.ContactPerson",
        verbose_name=_("about the contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
        help_text=_("Removed when this person's data is erased."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["project", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(is_public=True, personal_data=True)
                & ~Q(is_public=True, about__isnull=False),
                name="attachment_personal_never_public",
                violation_error_message=_(
                    "A file with personal data cannot be public: untick “public” or "
                    "“contains personal data”."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.filename

    @property
    def content_type(self) -> str:
        return content.CONTENT_TYPES[self.kind]
