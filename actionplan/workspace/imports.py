"""Workspace pages for imports: a plan document or a status memo into a draft that staff
review beside the source text, correct and commit; a project spreadsheet through a column
mapping into projects, all rows or none.

Uploads stay in memory (CappedMemoryUploadHandler) and pass ingest.safety before any reader
sees them, so a refused file leaves nothing behind. A spreadsheet waiting for its column
mapping is kept in the user's session until it is imported or cancelled.
"""

import base64
import io
import re
from decimal import Decimal, InvalidOperation
from functools import wraps
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from actionplan.accounts.permissions import EDIT, grants, plans_for
from actionplan.core.errors import ConflictError
from actionplan.ingest import safety, selectors, spreadsheets
from actionplan.ingest import services as ingest
from actionplan.ingest.errors import IngestError
from actionplan.ingest.models import IngestDraft, RoleLabel
from actionplan.ingest.tables import read_table
from actionplan.organisations.models import Organisation
from actionplan.plans.models import FocusArea

from .access import is_editor, workspace_view
from .forms import ModelChoiceField, VersionedForm, add_service_errors, save_form

SHEET_SESSION_KEY = "workspace_import_sheet"
DOCUMENT_TYPES = ".txt,.pdf,.docx"
SHEET_TYPES = ".csv,.tsv,.xlsx,.json"
_YEAR = re.compile(r"\b(20\d\d)\b")


# -- uploads ---------------------------------------------------------------------------------


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


class DocumentUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Document"),
        help_text=gettext_lazy("TXT, PDF or DOCX"),
        error_messages={"required": gettext_lazy("Choose a file to upload.")},
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_TYPES}),
    )


class PlanUploadForm(DocumentUploadForm):
    organisation = ModelChoiceField(label=gettext_lazy("Owner of the plan"), queryset=None)
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
    file = forms.FileField(
        label=gettext_lazy("Project list"),
        help_text=gettext_lazy("CSV, XLSX or JSON; the first row holds the column names"),
        error_messages={"required": gettext_lazy("Choose a file to upload.")},
        widget=forms.ClearableFileInput(attrs={"accept": SHEET_TYPES}),
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


@require_POST
@capped_uploads
@workspace_view
def plan_upload(request):
    _require_editor(request)
    form = PlanUploadForm(request.POST, request.FILES, user=request.user, prefix="plan")
    upload = checked_upload(request, form)
    if upload is not None:
        try:
            draft = ingest.plan_draft_create(
                actor=request.user,
                upload=upload,
                organisation_slug=form.cleaned_data["organisation"].slug,
            )
        except IngestError as error:
            form.add_error("file", str(error))
        else:
            return redirect("workspace:import_draft", pk=draft.pk)
    return _refused(request, plan_form=form)


@require_POST
@capped_uploads
@workspace_view
def memo_upload(request):
    _require_editor(request)
    form = MemoUploadForm(request.POST, request.FILES, user=request.user, prefix="memo")
    upload = checked_upload(request, form)
    if upload is not None:
        try:
            draft = ingest.memo_draft_create(
                actor=request.user,
                upload=upload,
                plan_slug=form.cleaned_data["plan"].slug,
                round_name=form.cleaned_data["round_name"].strip(),
            )
        except IngestError as error:
            form.add_error("file", str(error))
        else:
            return redirect("workspace:import_draft", pk=draft.pk)
    return _refused(request, memo_form=form)


def _refused(request, **form):
    return render(
        request, "workspace/imports/index.html", _index_context(request, **form), status=400
    )


# -- reviewing a draft ---------------------------------------------------------------------


def _area_doubts(doubts: list[str], title: str) -> list[str]:
    return [d for d in doubts if f"“{title[:60]}”" in d]


def _plan_view(draft: IngestDraft) -> list[dict]:
    themes = []
    for t_index, theme in enumerate(draft.data.get("themes", [])):
        areas = [
            {
                "index": a_index,
                "area": area,
                "doubts": _area_doubts(draft.doubts, area.get("title", "")),
                "activities": activities_to_text(area.get("activities") or []).splitlines(),
            }
            for a_index, area in enumerate(theme.get("focus_areas", []))
        ]
        themes.append({"index": t_index, "title": theme.get("title"), "areas": areas})
    return themes


def _memo_view(draft: IngestDraft) -> list[dict]:
    titles = dict(FocusArea.objects.filter(plan_id=draft.plan_id).values_list("slug", "title"))
    sections = []
    for index, section in enumerate(draft.data.get("sections", [])):
        sections.append(
            {
                "index": index,
                "section": section,
                "target": titles.get(section.get("focus_area") or ""),
                "uncertain": section.get("score", 0) < 0.82 or section.get("new"),
                "score": round(100 * section.get("score", 0)),
            }
        )
    return sections


class PlanCommitForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title of the plan"), max_length=300)
    slug = forms.SlugField(
        label=gettext_lazy("Short name in addresses"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Letters, digits and hyphens; made from the title when empty"),
    )


class MemoCommitForm(forms.Form):
    reference_date = forms.DateField(
        label=gettext_lazy("Reference date of the round"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("E.g. 01.09.2021"),
    )
    create_sources = forms.BooleanField(
        label=gettext_lazy("Create the funding sources the grants need"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, missing: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        if missing:
            self.fields["create_sources"].help_text = _(
                "This installation has no %(names)s: without it the memo's grants cannot be kept"
            ) % {"names": ", ".join(missing)}
        else:
            del self.fields["create_sources"]


def _draft_context(request, draft, **extra):
    context = {
        "nav": "imports",
        "draft": draft,
        "editable": draft.state == IngestDraft.State.DRAFT and is_editor(request.user),
    }
    if draft.kind == IngestDraft.Kind.PLAN:
        context["themes"] = _plan_view(draft)
        context.setdefault(
            "commit_form",
            PlanCommitForm(
                initial={
                    "title": draft.data.get("title") or Path(draft.source_name).stem,
                }
            ),
        )
    else:
        context["sections"] = _memo_view(draft)
        context.setdefault(
            "commit_form", MemoCommitForm(missing=ingest.memo_sources_missing(draft))
        )
    context.update(extra)
    return context


@require_safe
@workspace_view
def draft_detail(request, pk):
    draft = selectors.draft_for(request.user, pk)
    return render(request, "workspace/imports/draft.html", _draft_context(request, draft))


@require_POST
@workspace_view
def draft_commit(request, pk):
    _require_editor(request)
    draft = selectors.draft_for(request.user, pk)
    if draft.kind == IngestDraft.Kind.PLAN:
        form = PlanCommitForm(request.POST)
        plan = save_form(
            form,
            lambda data: ingest.plan_draft_commit(
                actor=request.user,
                draft=draft,
                title=data["title"].strip(),
                slug=data["slug"] or None,
            ),
        )
        if plan is not None:
            messages.success(
                request,
                _("The plan “%(plan)s” is created with draft status; it is not published.")
                % {"plan": plan.title},
            )
            return redirect("workspace:imports")
    else:
        form = MemoCommitForm(request.POST, missing=ingest.memo_sources_missing(draft))
        try:
            status_round = save_form(
                form,
                lambda data: ingest.memo_draft_commit(
                    actor=request.user,
                    draft=draft,
                    reference_date=data["reference_date"],
                    create_sources=bool(data.get("create_sources")),
                ),
            )
        except IngestError as error:
            form.add_error(None, str(error))
            status_round = None
        if status_round is not None:
            messages.success(
                request,
                _("The status round “%(round)s” is created from the memo.")
                % {"round": status_round.name},
            )
            return redirect("workspace:round", pk=status_round.pk)
    return render(
        request,
        "workspace/imports/draft.html",
        _draft_context(request, draft, commit_form=form),
        status=400,
    )


@require_POST
@workspace_view
def draft_discard(request, pk):
    _require_editor(request)
    draft = selectors.draft_for(request.user, pk)
    if draft.state == IngestDraft.State.DRAFT:
        ingest.draft_discard(actor=request.user, draft=draft)
        messages.success(request, _("The draft is discarded."))
    return redirect("workspace:imports")


# -- correcting a plan draft, one focus area at a time --------------------------------------


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def activities_to_text(activities: list[dict]) -> str:
    """One activity a line; "# " starts a group heading, "- " a sub-item of the line above."""
    out = []
    for activity in activities:
        if "heading" in activity:
            out.append(f"# {activity['heading']}")
        else:
            out.append(activity.get("text", ""))
        out.extend(f"- {item}" for item in activity.get("items") or [])
    return "\n".join(out)


def text_to_activities(text: str) -> list[dict]:
    activities: list[dict] = []
    for line in lines(text):
        if line.startswith("- ") or line == "-":
            item = line[2:].strip()
            if not activities:
                raise ValidationError(_("A sub-item (“- …”) must follow an activity or heading."))
            if item:
                activities[-1].setdefault("items", []).append(item)
        elif line.startswith("# "):
            activities.append({"heading": line[2:].strip(), "items": []})
        else:
            activities.append({"text": line})
    return activities


def goals_of(text: str) -> list[dict]:
    goals = []
    for statement in lines(text):
        years: list[int] = []
        for year in _YEAR.findall(statement):
            if int(year) not in years:
                years.append(int(year))
        goals.append({"statement": statement, "target_years": years})
    return goals


def _textarea(rows=4):
    return forms.Textarea(attrs={"rows": rows})


class AreaDraftForm(VersionedForm):
    theme_title = forms.CharField(label=gettext_lazy("Theme"), max_length=300)
    title = forms.CharField(label=gettext_lazy("Focus area"), max_length=300)
    challenge = forms.CharField(
        label=gettext_lazy("The challenge"), required=False, widget=_textarea(6)
    )
    facts = forms.CharField(
        label=gettext_lazy("Facts"),
        required=False,
        widget=_textarea(),
        help_text=gettext_lazy("One fact a line"),
    )
    approach = forms.CharField(
        label=gettext_lazy("What we will do"), required=False, widget=_textarea(6)
    )
    goals = forms.CharField(
        label=gettext_lazy("Goals"),
        required=False,
        widget=_textarea(3),
        help_text=gettext_lazy("One goal a line; the years it names become its target years"),
    )
    activities = forms.CharField(
        label=gettext_lazy("Possible activities"),
        required=False,
        widget=_textarea(8),
        help_text=gettext_lazy(
            "One activity a line; start a line with “# ” for a group heading and with “- ” "
            "for a sub-item of the line above"
        ),
    )
    partners = forms.CharField(
        label=gettext_lazy("Possible partners"),
        required=False,
        widget=_textarea(),
        help_text=gettext_lazy("One partner a line"),
    )
    funding_text = forms.CharField(
        label=gettext_lazy("Financing"), required=False, widget=_textarea(3)
    )
    funding_sources = forms.CharField(
        label=gettext_lazy("Possible funding sources"),
        required=False,
        widget=_textarea(),
        help_text=gettext_lazy("One source a line"),
    )

    def clean_activities(self):
        try:
            return text_to_activities(self.cleaned_data["activities"])
        except ValidationError as error:
            raise ValidationError(error.messages) from None

    @classmethod
    def initial_for(cls, theme: dict, area: dict) -> dict:
        return {
            "theme_title": theme.get("title") or "",
            "title": area.get("title", ""),
            "challenge": area.get("challenge", ""),
            "facts": "\n".join(f["text"] for f in area.get("facts") or []),
            "approach": area.get("approach", ""),
            "goals": "\n".join(g["statement"] for g in area.get("goals") or []),
            "activities": activities_to_text(area.get("activities") or []),
            "partners": "\n".join(area.get("partners") or []),
            "funding_text": area.get("funding_text", ""),
            "funding_sources": "\n".join(f["text"] for f in area.get("funding_sources") or []),
        }

    def corrected(self, data: dict, theme_index: int, area_index: int) -> dict:
        """The draft's data with this focus area (and its theme's title) replaced."""
        values = self.cleaned_data
        themes = [dict(theme) for theme in data.get("themes", [])]
        theme = themes[theme_index]
        theme["title"] = values["theme_title"].strip()
        areas = [dict(area) for area in theme["focus_areas"]]
        areas[area_index] = {
            **areas[area_index],
            "title": values["title"].strip(),
            "challenge": values["challenge"].strip(),
            "facts": [{"text": fact} for fact in lines(values["facts"])],
            "approach": values["approach"].strip(),
            "goals": goals_of(values["goals"]),
            "activities": values["activities"],
            "partners": lines(values["partners"]),
            "funding_text": values["funding_text"].strip(),
            "funding_sources": [{"text": source} for source in lines(values["funding_sources"])],
        }
        theme["focus_areas"] = areas
        return {**data, "themes": themes}


def _draft_part(draft: IngestDraft, kind: str):
    if draft.kind != kind or draft.state != IngestDraft.State.DRAFT:
        raise Http404


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def draft_area(request, pk, theme, area):
    draft = selectors.draft_for(request.user, pk)
    _draft_part(draft, IngestDraft.Kind.PLAN)
    try:
        theme_data = draft.data["themes"][theme]
        area_data = theme_data["focus_areas"][area]
    except (IndexError, KeyError):
        raise Http404 from None
    form = AreaDraftForm(
        request.POST or None,
        instance=draft,
        initial=AreaDraftForm.initial_for(theme_data, area_data),
    )
    if request.method == "POST":
        _require_editor(request)
        saved = save_form(
            form,
            lambda _data: ingest.draft_update(
                actor=request.user,
                draft=draft,
                data=form.corrected(draft.data, theme, area),
                expected_version=form.expected_version,
            ),
        )
        if saved is not None:
            messages.success(request, _("The correction is saved in the draft."))
            return redirect("workspace:import_draft", pk=draft.pk)
    return render(
        request,
        "workspace/imports/draft_area.html",
        {
            "nav": "imports",
            "draft": draft,
            "form": form,
            "doubts": _area_doubts(draft.doubts, area_data.get("title", "")),
            "structure": _structure(draft, theme, area_data),
            "theme_index": theme,
            "area_index": area,
        },
    )


def _structure(draft: IngestDraft, theme: int, area: dict) -> dict:
    """The focus area's parts as the review page shows them, for the structure changes."""
    from actionplan.ingest.review import LIST_PARTS, PARTS, TEXT_PARTS, _texts

    names = {
        "challenge": _("The challenge"),
        "approach": _("What we will do"),
        "funding_text": _("Financing"),
        "facts": _("Facts"),
        "goals": _("Goals"),
        "activities": _("Possible activities"),
        "partners": _("Possible partners"),
        "funding_sources": _("Possible funding sources"),
    }
    parts = []
    for part in PARTS:
        if part in TEXT_PARTS:
            items = _texts(area, part)
        else:
            items = [
                (item.get("text") or item.get("heading", ""))
                if part == "activities"
                else item["text"]
                if part in {"facts", "funding_sources"}
                else item["statement"]
                if part == "goals"
                else item
                for item in area.get(part) or []
            ]
        subs = (
            [item.get("items") or [] for item in area.get("activities") or []]
            if part == "activities"
            else [[] for _item in items]
        )
        parts.append(
            {
                "part": part,
                "name": names[part],
                "items": [
                    {"index": i, "text": text, "sub": subs[i] if i < len(subs) else []}
                    for i, text in enumerate(items)
                ],
                "is_list": part in LIST_PARTS,
            }
        )
    themes = [
        {"index": i, "title": t.get("title") or "?"}
        for i, t in enumerate(draft.data.get("themes", []))
        if i != theme
    ]
    return {"parts": parts, "choices": [(p, names[p]) for p in PARTS], "themes": themes}


@require_POST
@workspace_view
def draft_restructure(request, pk, theme, area):
    """Give a part another role, move, merge or split items, or move the focus area."""
    _require_editor(request)
    draft = selectors.draft_for(request.user, pk)
    _draft_part(draft, IngestDraft.Kind.PLAN)
    op = request.POST.get("op", "")
    try:
        index = int(request.POST.get("index") or 0)
        ingest.plan_draft_restructure(
            actor=request.user,
            draft=draft,
            op=op,
            theme=theme,
            area=area,
            part=request.POST.get("part", ""),
            index=index,
            target=request.POST.get("target", ""),
        )
    except (ValueError, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("The structure is changed in the draft."))
        if op == "move_area":  # the focus area is now at the end of another theme
            return redirect("workspace:import_draft", pk=draft.pk)
    return redirect("workspace:import_draft_area", pk=draft.pk, theme=theme, area=area)


class SectionDraftForm(VersionedForm):
    focus_area = forms.ChoiceField(label=gettext_lazy("Focus area of the plan"))
    text = forms.CharField(label=gettext_lazy("Assessment"), required=False, widget=_textarea(6))
    still_relevant = forms.ChoiceField(
        label=gettext_lazy("Is the focus area still relevant?"),
        choices=[
            ("yes", gettext_lazy("Yes")),
            ("no", gettext_lazy("No")),
            ("unknown", gettext_lazy("Not decided")),
        ],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].choices = [("", _("None: create it as a new focus area"))] + [
            (slug, title) for slug, title in areas
        ]
        self.fields["focus_area"].required = False


RELEVANCE = {"yes": True, "no": False, "unknown": None}


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def draft_section(request, pk, index):
    draft = selectors.draft_for(request.user, pk)
    _draft_part(draft, IngestDraft.Kind.MEMO)
    sections = draft.data.get("sections", [])
    if not 0 <= index < len(sections):
        raise Http404
    section = sections[index]
    areas = list(
        FocusArea.objects.filter(plan_id=draft.plan_id)
        .order_by("theme__order", "order", "pk")
        .values_list("slug", "title")
    )
    relevance = next(k for k, v in RELEVANCE.items() if v is section.get("still_relevant"))
    form = SectionDraftForm(
        request.POST or None,
        instance=draft,
        areas=areas,
        initial={
            "focus_area": section.get("focus_area") or "",
            "text": section.get("text", ""),
            "still_relevant": relevance,
        },
    )
    if request.method == "POST":
        _require_editor(request)

        def write(values):
            changed = [dict(s) for s in sections]
            changed[index] = {
                **section,
                "focus_area": values["focus_area"] or None,
                "new": not values["focus_area"],
                # A reviewer's choice is certain.
                "score": 1.0,
                "text": values["text"].strip(),
                "still_relevant": RELEVANCE[values["still_relevant"]],
            }
            return ingest.draft_update(
                actor=request.user,
                draft=draft,
                data={**draft.data, "sections": changed},
                expected_version=form.expected_version,
            )

        if save_form(form, write) is not None:
            messages.success(request, _("The correction is saved in the draft."))
            return redirect("workspace:import_draft", pk=draft.pk)
    return render(
        request,
        "workspace/imports/draft_section.html",
        {"nav": "imports", "draft": draft, "section": section, "form": form},
    )


# -- spreadsheets --------------------------------------------------------------------------


FIELD_LABELS = {
    "external_id": gettext_lazy("Project id (for re-imports)"),
    "title": gettext_lazy("Title"),
    "description": gettext_lazy("Description"),
    "start": gettext_lazy("Start"),
    "end": gettext_lazy("End"),
    "status": gettext_lazy("Status"),
    "budget": gettext_lazy("Total budget"),
    "eu_funding": gettext_lazy("EU co-funding"),
    "fund": gettext_lazy("EU fund"),
    "lead": gettext_lazy("Lead partner"),
    "lead_cvr": gettext_lazy("Lead partner's CVR"),
    "partners": gettext_lazy("Partners"),
    "granted_total": gettext_lazy("Granted in all (checked against the grants)"),
    "focus_areas": gettext_lazy("Focus areas (slugs or titles)"),
    "sdgs": gettext_lazy("UN Sustainable Development Goals"),
    "latitude": gettext_lazy("Latitude (degrees)"),
    "longitude": gettext_lazy("Longitude (degrees)"),
    "east": gettext_lazy("Coordinate east (UTM zone 32)"),
    "north": gettext_lazy("Coordinate north (UTM zone 32)"),
    "grant_source": gettext_lazy("Grant: source"),
    "grant_amount": gettext_lazy("Grant: amount"),
    "grant_decided": gettext_lazy("Grant: decision date"),
}


def _pending_sheet(request) -> safety.Upload | None:
    stored = request.session.get(SHEET_SESSION_KEY)
    if not stored:
        return None
    return safety.Upload(
        name=stored["name"], kind=stored["kind"], data=base64.b64decode(stored["data"])
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
            request.session[SHEET_SESSION_KEY] = {
                "name": upload.name,
                "kind": upload.kind,
                "data": base64.b64encode(upload.data).decode("ascii"),
                "mapping": form.cleaned_data["mapping"]
                or slugify(Path(upload.name).stem)[:100]
                or "regneark",
            }
            return redirect("workspace:import_sheet")
    return _refused(request, sheet_form=form)


class MappingForm(forms.Form):
    name = forms.SlugField(
        label=gettext_lazy("Save the mapping as"),
        max_length=100,
        help_text=gettext_lazy("Letters, digits and hyphens; the same name is reused next time"),
    )
    currency = forms.ChoiceField(
        label=gettext_lazy("Currency of the amounts"),
        choices=[(c, c) for c in ("DKK", "EUR", "SEK", "NOK")],
    )
    rate = forms.CharField(
        label=gettext_lazy("Kroner per unit of the currency"),
        required=False,
        max_length=20,
        help_text=gettext_lazy("Only for amounts not in kroner, e.g. 0,64"),
    )
    fund = forms.ChoiceField(
        label=gettext_lazy("EU fund when no column says"),
        choices=[("erdf", "ERDF"), ("esf", "ESF")],
    )
    focus_area = ModelChoiceField(
        label=gettext_lazy("Focus area of the new projects"),
        queryset=FocusArea.objects.none(),
        help_text=gettext_lazy(
            "Where projects new to the system go, unless a column names their focus areas; "
            "projects imported before keep theirs"
        ),
    )

    publish = forms.BooleanField(
        label=gettext_lazy("Publish the projects on the public portal"),
        required=False,
        help_text=gettext_lazy("Otherwise they are imported as drafts that only staff see"),
    )
    create_focus_areas = forms.BooleanField(
        label=gettext_lazy("Create the focus areas the file names that do not exist"),
        required=False,
        help_text=gettext_lazy(
            "In the theme of the focus area chosen above; “Check every row” lists them first"
        ),
    )

    def __init__(self, *args, headers, user, **kwargs):
        super().__init__(*args, **kwargs)
        area = self.fields["focus_area"]
        area.queryset = (
            FocusArea.objects.filter(plan__in=plans_for(user, EDIT, published=False))
            .select_related("plan", "theme")
            .order_by("plan__title", "theme__order", "order")
        )
        area.label_from_instance = lambda a: f"{a.plan.title}: {a.title}"
        area.empty_label = _("Choose a focus area")
        if grants(user).superuser:
            area.required = False
            area.empty_label = _("None: the projects belong to no plan yet")
        choices = [("", _("(not imported)"))] + [(h, h) for h in headers]
        self.column_fields = []
        for name in spreadsheets.FIELDS:
            self.fields[f"col_{name}"] = forms.ChoiceField(
                label=FIELD_LABELS[name], choices=choices, required=False
            )
            self.column_fields.append(f"col_{name}")

    @property
    def column_bounds(self):
        return [self[name] for name in self.column_fields]

    def clean_rate(self):
        text = (self.cleaned_data["rate"] or "").strip()
        if not text:
            return None
        try:
            rate = Decimal(text.replace(".", "").replace(",", ".") if "," in text else text)
        except InvalidOperation:
            raise ValidationError(_("Write the rate as a number, e.g. 0,64.")) from None
        if rate <= 0:
            raise ValidationError(_("The rate must be above 0."))
        return rate

    def clean(self):
        data = super().clean()
        if not data.get(f"col_{spreadsheets.REQUIRED[0]}"):
            self.add_error(
                f"col_{spreadsheets.REQUIRED[0]}", _("Choose the column that holds the title.")
            )
        taken: dict[str, str] = {}
        for name in self.column_fields:
            header = data.get(name)
            if header and header in taken:
                self.add_error(name, _("This column is already used for another field."))
            elif header:
                taken[header] = name
        return data

    def mapping(self) -> spreadsheets.Mapping:
        data = self.cleaned_data
        columns = {
            name.removeprefix("col_"): data[name] for name in self.column_fields if data[name]
        }
        return spreadsheets.Mapping(
            name=data["name"], columns=columns, options={"fund": data["fund"]}
        )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def sheet_mapping(request):
    upload = _pending_sheet(request)
    if upload is None:
        messages.error(request, _("Upload the spreadsheet first."))
        return redirect("workspace:imports")
    table = read_table(upload)
    name = request.session[SHEET_SESSION_KEY]["mapping"]
    mapping = spreadsheets.mapping_for(table, name)
    initial = {f"col_{field}": header for field, header in mapping.columns.items()}
    initial.update(
        name=name,
        currency=mapping.options.get("currency") or spreadsheets.currency_of(mapping.columns),
        fund=mapping.options.get("fund", "erdf"),
    )
    form = MappingForm(
        request.POST or None, headers=table.headers, user=request.user, initial=initial
    )
    checked = error = None
    missing: list[str] = []
    if request.method == "POST":
        _require_editor(request)
        if form.is_valid():
            chosen = form.mapping()
            values = form.cleaned_data
            try:
                if request.POST.get("action") == "import":
                    result = ingest.projects_sheet_import(
                        actor=request.user,
                        upload=upload,
                        mapping=chosen,
                        currency=values["currency"],
                        rate=values["rate"],
                        focus_area=values["focus_area"],
                        publish=values["publish"],
                        create_focus_areas=values["create_focus_areas"],
                    )
                else:
                    checked = spreadsheets.rows_parse(
                        table, chosen, currency=values["currency"], rate=values["rate"]
                    )
                    # the same checks the import makes, so the two always agree
                    problems, missing = spreadsheets.projects_check(
                        checked, file=upload.name, create_focus_areas=values["create_focus_areas"]
                    )
                    if problems:
                        checked = None
                        raise spreadsheets.SheetErrors(problems, file=upload.name)
            except IngestError as exc:
                error = exc
                form.add_error(None, str(exc))
            except ValidationError as exc:
                add_service_errors(form, exc)
            except ConflictError as exc:
                form.add_error(None, str(exc))
            else:
                if request.POST.get("action") == "import":
                    del request.session[SHEET_SESSION_KEY]
                    messages.success(
                        request,
                        _(
                            "%(file)s is imported: %(rows)s rows, %(created)s new projects, "
                            "%(updated)s updated, %(unchanged)s unchanged."
                        )
                        % {
                            "file": upload.name,
                            "rows": result.rows,
                            "created": result.created,
                            "updated": result.updated,
                            "unchanged": result.unchanged,
                        },
                    )
                    return redirect("workspace:imports")
    return render(
        request,
        "workspace/imports/sheet.html",
        {
            "nav": "imports",
            "upload": upload,
            "table": table,
            "preview": [
                (row.number, [row.values.get(h) for h in table.headers]) for row in table.rows[:5]
            ],
            "form": form,
            "checked": checked,
            "missing_areas": missing,
            "grouped": getattr(error, "groups", None),
            "checked_budget": sum((r.budget or 0 for r in checked or []), Decimal(0)),
            "checked_eu": sum((r.eu_funding or 0 for r in checked or []), Decimal(0)),
            "error": error,
        },
        status=400 if error else 200,
    )


@require_safe
@workspace_view
def sheet_template(request, kind):
    """The project and grant list template with Danish headers, as CSV or XLSX."""
    from django.http import HttpResponse

    if kind not in {"csv", "xlsx"}:
        raise Http404
    types = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    response = HttpResponse(spreadsheets.template(kind), content_type=types[kind])
    response["Content-Disposition"] = f'attachment; filename="projektliste-skabelon.{kind}"'
    return response


@require_POST
@workspace_view
def sheet_cancel(request):
    request.session.pop(SHEET_SESSION_KEY, None)
    messages.success(request, _("The spreadsheet is put aside; nothing was imported."))
    return redirect("workspace:imports")


# -- an organisation's own section labels ------------------------------------------------------


class RoleLabelForm(forms.Form):
    organisation = ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.none()
    )
    role = forms.ChoiceField(label=gettext_lazy("Part of the plan"), choices=RoleLabel.Role.choices)
    label = forms.CharField(
        label=gettext_lazy("Your word for it"),
        max_length=100,
        help_text=gettext_lazy("As the heading is written in your plans, e.g. “Vores svar”"),
    )

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = owners


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def role_labels(request):
    """The words the plan reader knows for each part of a plan, and each organisation's own
    (added here, used for that organisation's next plan)."""
    from actionplan.ingest.roles import DEFAULT_LABELS

    owners = selectors.plan_owners_for(request.user)
    form = RoleLabelForm(request.POST or None, owners=owners)
    if request.method == "POST":
        _require_editor(request)
        remove = request.POST.get("remove")
        if remove:
            label = RoleLabel.objects.filter(pk=remove, organisation__in=owners).first()
            if label is not None:
                ingest.role_label_delete(actor=request.user, label=label)
                messages.success(request, _("The label is removed."))
            return redirect("workspace:import_labels")
        saved = save_form(
            form,
            lambda data: ingest.role_label_create(
                actor=request.user,
                organisation=data["organisation"],
                role=data["role"],
                label=data["label"],
            ),
        )
        if saved is not None:
            messages.success(request, _("The label is saved."))
            return redirect("workspace:import_labels")
    own = RoleLabel.objects.filter(organisation__in=owners).select_related("organisation")
    roles = dict(RoleLabel.Role.choices)
    return render(
        request,
        "workspace/imports/labels.html",
        {
            "nav": "imports",
            "form": form,
            "own": own,
            "defaults": [(roles[role], words) for role, words in DEFAULT_LABELS.items()],
        },
        status=400 if form.errors else 200,
    )
