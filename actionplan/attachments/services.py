"""The one write path for attachments: add, change, remove; each checked against the actor's
roles and recorded in the audit trail. The file itself goes through Django's storage API
(STORAGES["default"]: the file system under the data folder unless configured otherwise)."""

import hashlib
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from actionplan.core import services as core
from actionplan.core.services import Actor
from actionplan.projects.models import Project
from actionplan.rounds.models import StatusUpdate, UpdateRequest

from .content import CheckedFile, check_file, read_upload
from .models import Attachment

log = logging.getLogger("actionplan.attachments")

EDITABLE_REQUEST_STATES = {UpdateRequest.State.DRAFT, UpdateRequest.State.RETURNED}


def _delete_file_after_commit(name: str | None, storage) -> None:
    # The row goes first; the file only once that is certain, so a rollback never leaves a
    # row without its file.
    def delete() -> None:
        if not name:
            return
        try:
            storage.delete(name)
        except OSError:
            log.warning("could not delete attachment file %s", name)

    transaction.on_commit(delete)


def _check_links(project: Project, status_update, update_request) -> None:
    if status_update is not None and status_update.project_id != project.pk:
        raise ValidationError({"status_update": _("The status update is about another project.")})
    if update_request is not None:
        if update_request.project_id != project.pk:
            raise ValidationError(
                {"update_request": _("The update request is about another project.")}
            )
        # The stored state counts: the caller's copy may be older than a submit just made.
        stored = UpdateRequest.objects.filter(pk=update_request.pk).values_list("state", flat=True)
        if stored.first() not in EDITABLE_REQUEST_STATES:
            raise ValidationError(
                {
                    "file": _(
                        "The update has been sent to staff; files can be added while it is a "
                        "draft or has been returned."
                    )
                }
            )


@transaction.atomic
def attachment_add(
    *,
    actor: Actor,
    project: Project,
    upload: Any = None,
    file: CheckedFile | None = None,
    title: str = "",
    is_public: bool = False,
    personal_data: bool = False,
    about=None,
    status_update: StatusUpdate | None = None,
    update_request: UpdateRequest | None = None,
) -> Attachment:
    """Keep a file on the project (and on a status update or the reporter's update request).
    Give either upload (a Django UploadedFile, read with the size limit) or file (already
    checked, e.g. CheckedFile from content.check_file for the command line or the API)."""
    if (upload is None) == (file is None):
        raise ValueError("Give either upload or file.")
    if upload is not None:
        checked = read_upload(upload)
    else:
        assert file is not None  # one of the two, checked above
        checked = check_file(file.name, file.data)
    _check_links(project, status_update, update_request)
    if about is not None and about.project_id != project.pk:
        raise ValidationError({"about": _("The contact person belongs to another project.")})
    attachment = Attachment(
        project=project,
        status_update=status_update,
        update_request=update_request,
        title=title.strip(),
        filename=checked.name,
        kind=checked.kind,
        size=len(checked.data),
        sha256=hashlib.sha256(checked.data).hexdigest(),
        is_public=is_public,
        personal_data=personal_data or about is not None,
        about=about,
        uploaded_by=core.acting_user(actor),
    )
    # Checked before the file is written, so a refusal leaves nothing in the storage.
    core.authorize(actor, "create", attachment)
    attachment.full_clean(exclude=["file"])
    attachment.file.save(checked.name, ContentFile(checked.data), save=False)
    try:
        return core.create(attachment, actor=actor)
    except BaseException:
        if attachment.file.name:
            attachment.file.storage.delete(attachment.file.name)
        raise


def attachment_update(*, actor: Actor, attachment: Attachment, **values: Any) -> Attachment:
    """Change the title, public flag, personal-data flag or the contact person it is about."""
    allowed = {"title", "is_public", "personal_data", "about"}
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"Cannot change {', '.join(sorted(unknown))} of an attachment.")
    if values.get("about") is not None:
        if values["about"].project_id != attachment.project_id:
            raise ValidationError({"about": _("The contact person belongs to another project.")})
        values["personal_data"] = True
    if "title" in values:
        values["title"] = values["title"].strip()
    return core.update(attachment, actor=actor, **values)


@transaction.atomic
def attachment_remove(*, actor: Actor, attachment: Attachment) -> None:
    name, storage = attachment.file.name, attachment.file.storage
    core.delete(attachment, actor=actor)
    _delete_file_after_commit(name, storage)


def attachments_erase(*, attachments, actor: Actor | None = None) -> list[int]:
    """Remove attachments as part of an erasure of personal data (the privacy service checks
    the actor): rows and files, without the per-file audit events that would keep the names."""
    attachments = list(attachments)
    removed = [attachment.pk for attachment in attachments]
    Attachment.objects.filter(pk__in=removed).delete()
    for attachment in attachments:
        _delete_file_after_commit(attachment.file.name, attachment.file.storage)
    return removed
