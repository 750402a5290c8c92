"""The import page and its uploads: a capped upload handler, the checked upload, and the
forms for a plan document, a memo and a project sheet."""

import io
from functools import wraps
from pathlib import Path

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe

from actionplan.accounts.permissions import EDIT, plans_for
from actionplan.ingest import safety, selectors
from actionplan.ingest.errors import IngestError
from actionplan.ingest.models import IngestDraft
from actionplan.ingest.tables import read_table
from actionplan.jobs import services as jobs
from actionplan.jobs.inputs import pending_delete, pending_save
from actionplan.jobs.models import Job
from actionplan.organisations.models import Organisation

from ..access import is_editor, workspace_view
from ..forms import ModelChoiceField, NamedChoiceField

SHEET_SESSION_KEY = "workspace_import_sheet"


DOCUMENT_TYPES = ".txt,.pdf,.docx"


SHEET_TYPES = ".csv,.tsv,.xlsx,.json"


class CappedMemoryUploadHandler(FileUploadHandler):
    """Keeps uploaded files in memory and stops reading one at the size limit, so nothing is
    written to a temporary file and an oversized upload is never held whole."""

    def __init__(self, request=None):
        super().__init__(request)
        self.refused: list[str] = []

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer, self.size = io.BytesIO(), 0

    def receive_data_chunk(self, raw_data, start):
        self.size += len(raw_data)
        if self.size > safety.max_bytes():
            self.refused.append(self.file_name)
            raise SkipFile
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size):
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            self.buffer,
            self.field_name,
            self.file_name,
            self.content_type,
            file_size,
            self.charset,
            self.content_type_extra,
        )


def capped_uploads(view):
    """Install the in-memory handler before anything reads the request body (CSRF reads it,
    hence csrf_exempt outside and csrf_protect inside, as Django's documentation says)."""

    protected = csrf_protect(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        handler = CappedMemoryUploadHandler(request)
        request.upload_handlers = [handler]
        request.capped_upload = handler
        return protected(request, *args, **kwargs)

    return csrf_exempt(wrapped)


def _require_editor(request) -> None:
    if not is_editor(request.user):
        raise PermissionDenied


def checked_upload(request, form: forms.Form, field: str = "file") -> safety.Upload | None:
    """The uploaded file after every safety check, or None with the refusal on the form."""
    valid = form.is_valid()
    handler = getattr(request, "capped_upload", None)
    if handler is not None and handler.refused:
        # Said instead of "choose a file": the file was chosen, and refused unread.
        form.errors[field] = form.error_class(
            [
                _("%(name)s is larger than the upload limit of %(limit)s MB; it was not read.")
                % {"name": handler.refused[0], "limit": safety.max_bytes() // 2**20}
            ]
        )
        return None
    if not valid:
        return None
    uploaded = form.cleaned_data[field]
    try:
        return safety.check_upload(uploaded.name, uploaded.read())
    except IngestError as error:
        form.add_error(field, str(error))
        return None


def _upload_field(label, help_text, accept: str) -> forms.FileField:
    """The file of an import, of the types `accept` names."""
    return forms.FileField(
        label=label,
        help_text=help_text,
        error_messages={"required": gettext_lazy("Choose a file to upload.")},
        widget=forms.ClearableFileInput(attrs={"accept": accept}),
    )


class DocumentUploadForm(forms.Form):
    file = _upload_field(gettext_lazy("Document"), gettext_lazy("TXT, PDF or DOCX"), DOCUMENT_TYPES)


class PlanUploadForm(DocumentUploadForm):
    organisation = NamedChoiceField(
        label=gettext_lazy("Owner of the plan"), queryset=Organisation.objects.none()
    )
    field_order = ["file", "organisation"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = selectors.plan_owners_for(user)


class MemoUploadForm(DocumentUploadForm):
    plan = ModelChoiceField(label=gettext_lazy("Action plan"), queryset=None)
    round_name = forms.CharField(
        label=gettext_lazy("Name of the status round"),
        max_length=200,
        help_text=gettext_lazy("E.g. Status 2021"),
    )
    field_order = ["file", "plan", "round_name"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans_for(user, EDIT).order_by("-period_start", "title")

    def clean(self):
        data = super().clean()
        plan, name = data.get("plan"), (data.get("round_name") or "").strip()
        if plan is not None and name and plan.rounds.filter(name__iexact=name).exists():
            self.add_error("round_name", _("The plan already has a status round with this name."))
        return data


class SheetUploadForm(forms.Form):
    file = _upload_field(
        gettext_lazy("Project list"),
        gettext_lazy("CSV, XLSX or JSON; the first row holds the column names"),
        SHEET_TYPES,
    )
    mapping = forms.ChoiceField(
        label=gettext_lazy("Column mapping"),
        required=False,
        help_text=gettext_lazy("A saved mapping, or leave it to suggest one from the headers"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mapping"].choices = [("", _("Suggest from the headers"))] + [
            (m.name, m.name) for m in selectors.column_mappings()
        ]


def _index_context(request, **forms_):
    user = request.user
    return {
        "nav": "imports",
        "may_edit": is_editor(user),
        "plan_form": forms_.get("plan_form") or PlanUploadForm(user=user, prefix="plan"),
        "memo_form": forms_.get("memo_form") or MemoUploadForm(user=user, prefix="memo"),
        "sheet_form": forms_.get("sheet_form") or SheetUploadForm(prefix="sheet"),
        "drafts": selectors.drafts_for(user).filter(state=IngestDraft.State.DRAFT),
        "pending_sheet": request.session.get(SHEET_SESSION_KEY, {}).get("name"),
    }


@require_safe
@workspace_view
def index(request):
    return render(request, "workspace/imports/index.html", _index_context(request))


def _document_upload(request, form_class, prefix: str, kind: str, arguments):
    """A plan or a memo posted: checked, then read into a draft by a job with the
    `arguments(cleaned_data)`; a refused file shows the import page again with its errors."""
    _require_editor(request)
    form = form_class(request.POST, request.FILES, user=request.user, prefix=prefix)
    upload = checked_upload(request, form)
    if upload is None:
        return _refused(request, **{f"{prefix}_form": form})
    return _read_in_job(request, kind, upload, **arguments(form.cleaned_data))


@require_POST
@capped_uploads
@workspace_view
def plan_upload(request):
    return _document_upload(
        request,
        PlanUploadForm,
        "plan",
        Job.Kind.PLAN_IMPORT,
        lambda data: {"organisation_slug": data["organisation"].slug},
    )


@require_POST
@capped_uploads
@workspace_view
def memo_upload(request):
    return _document_upload(
        request,
        MemoUploadForm,
        "memo",
        Job.Kind.MEMO_IMPORT,
        lambda data: {"plan_slug": data["plan"].slug, "round_name": data["round_name"].strip()},
    )


def _read_in_job(request, kind: str, upload: safety.Upload, **arguments):
    """A checked document is read into a draft by a job (a worker, or this process's job
    thread): the request only starts it and sends the user to its progress page, which links
    to the draft when it is read, or says what is wrong with the file. When the task queue
    does not answer, that page says so and keeps the file for another try."""
    try:
        job = jobs.job_start(
            actor=request.user,
            kind=kind,
            params={"name": upload.name, "kind": upload.kind, "arguments": arguments},
            input_name=upload.name,
            input_data=upload.data,
        )
    except jobs.JobNotStarted as exc:
        job = exc.job
    return redirect("jobs:detail", pk=job.pk)


def _refused(request, **form):
    return render(
        request, "workspace/imports/index.html", _index_context(request, **form), status=400
    )


@require_POST
@capped_uploads
@workspace_view
def sheet_upload(request):
    _require_editor(request)
    form = SheetUploadForm(request.POST, request.FILES, prefix="sheet")
    upload = checked_upload(request, form)
    if upload is not None:
        try:
            read_table(upload)
        except IngestError as error:
            form.add_error("file", str(error))
        else:
            previous = request.session.get(SHEET_SESSION_KEY, {}).get("path")
            if previous:
                pending_delete(previous)
            request.session[SHEET_SESSION_KEY] = {
                "name": upload.name,
                "kind": upload.kind,
                "path": pending_save(upload.name, upload.data),
                "mapping": form.cleaned_data["mapping"]
                or slugify(Path(upload.name).stem)[:100]
                or "regneark",
            }
            return redirect("workspace:import_sheet")
    return _refused(request, sheet_form=form)
