"""Reviewing an import draft: the draft page, committing it as a plan or a round's memo, and
discarding it; the text helpers the draft forms share."""

import re
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from actionplan.ingest import selectors
from actionplan.ingest import services as ingest
from actionplan.ingest.errors import IngestError
from actionplan.ingest.models import IngestDraft
from actionplan.plans.models import FocusArea

from ..access import is_editor, workspace_view
from ..forms import save_form
from .uploads import _require_editor

_YEAR = re.compile(r"\b(20\d\d)\b")


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
