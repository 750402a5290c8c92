"""Attachments in the workspace: the project page's files section, and the file fields that the
status update forms (staff's and the reporter's) share."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from actionplan.accounts.permissions import EDIT
from actionplan.attachments import content
from actionplan.attachments import services as attachment_services
from actionplan.attachments.models import Attachment

from .access import workspace_view
from .forms import ModelChoiceField


def _file_help() -> str:
    return _("%(types)s; at most %(limit)s MB.") % {
        "types": content.allowed_types(),
        "limit": content.megabytes(content.max_bytes()),
    }


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), allow_empty_file=True)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    is_public = forms.BooleanField(
        label=_("Public: show on the public project page"), required=False
    )
    personal_data = forms.BooleanField(label=_("Contains personal data"), required=False)
    about = ModelChoiceField(
        label=_("About the contact person"),
        queryset=None,
        required=False,
        help_text=_("The file is removed when this person's data is erased."),
    )

    def __init__(self, *args, project, **kwargs):
        kwargs.setdefault("prefix", "attachment")
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _file_help()
        self.fields["file"].widget.attrs["accept"] = ",".join(content.EXTENSIONS)
        self.fields["about"].queryset = project.contacts.filter(anonymised_at__isnull=True)
        if not self.fields["about"].queryset.exists():
            del self.fields["about"]


class UpdateFileFields(forms.Form):
    """A file sent with a status update (optional), as a mixin for the update forms."""

    file = forms.FileField(label=_("Attach a file"), required=False, allow_empty_file=True)
    file_public = forms.BooleanField(
        label=_("The file may be public once the update is approved"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _file_help()
        self.fields["file"].widget.attrs["accept"] = ",".join(content.EXTENSIONS)
        for name in ("file", "file_public"):  # after the update's own fields
            self.fields[name] = self.fields.pop(name)


def add_update_file(*, actor, project, data: dict, **link) -> Attachment | None:
    """The file of an update form, if one was chosen, kept with the update (link is
    status_update= or update_request=)."""
    if not data.get("file"):
        return None
    return attachment_services.attachment_add(
        actor=actor,
        project=project,
        upload=data["file"],
        is_public=data.get("file_public", False),
        **link,
    )


def _section(request, pk: int, *, saved: bool, notice: str, **forms_given):
    from .projects import _section_response

    return _section_response(request, pk, "attachments", saved=saved, notice=notice, **forms_given)


def _editable(request, pk: int, attachment_pk: int):
    from .projects import _project

    project = _project(request, pk, EDIT)
    return project, get_object_or_404(Attachment, pk=attachment_pk, project=project)


@require_POST
@workspace_view
def attachment_add(request, pk: int):
    from .projects import _project

    project = _project(request, pk, EDIT)
    form = AttachmentForm(request.POST, request.FILES, project=project)

    def write(data):
        return attachment_services.attachment_add(
            actor=request.user,
            project=project,
            upload=data["file"],
            title=data["title"],
            is_public=data["is_public"],
            personal_data=data["personal_data"],
            about=data.get("about"),
        )

    from .projects import _section_added

    return _section_added(
        request,
        pk,
        "attachments",
        form,
        write,
        notice=_("The file was added."),
        form_key="attachment_form",
    )


@require_POST
@workspace_view
def attachment_publish(request, pk: int, attachment_pk: int):
    _project, attachment = _editable(request, pk, attachment_pk)
    public = request.POST.get("public") == "1"
    try:
        attachment_services.attachment_update(
            actor=request.user, attachment=attachment, is_public=public
        )
    except ValidationError as error:
        # Rare (the button is not offered for a file with personal data): said in place.
        return _section(request, pk, saved=True, notice=" ".join(error.messages))
    notice = _("The file is now public.") if public else _("The file is no longer public.")
    return _section(request, pk, saved=True, notice=notice)


@require_POST
@workspace_view
def attachment_remove(request, pk: int, attachment_pk: int):
    _project, attachment = _editable(request, pk, attachment_pk)
    attachment_services.attachment_remove(actor=request.user, attachment=attachment)
    return _section(request, pk, saved=True, notice=_("The file was removed."))
