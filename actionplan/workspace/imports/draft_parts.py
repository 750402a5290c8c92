"""Editing the parts of an import draft before it is committed: a focus area, its
structure, and a memo's section."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from actionplan.ingest import selectors
from actionplan.ingest import services as ingest
from actionplan.ingest.models import IngestDraft
from actionplan.plans.models import FocusArea

from ..access import workspace_view
from ..forms import (
    RELEVANCE,
    RelevanceField,
    VersionedForm,
    relevance_choice,
    saved_redirect,
    textarea,
)
from .drafts import _area_doubts, activities_to_text, goals_of, lines, text_to_activities
from .uploads import _require_editor


def _lines_field(label, help_text, rows: int = 4):
    """A text with one item a line."""
    return forms.CharField(label=label, required=False, widget=textarea(rows), help_text=help_text)


def _corrected(request, form, draft: IngestDraft, corrected):
    """A POSTed correction: the draft's data as `corrected()` makes it from the valid form,
    saved, then back to the draft's page."""
    return saved_redirect(
        request,
        form,
        lambda _data: ingest.draft_update(
            actor=request.user,
            draft=draft,
            data=corrected(),
            expected_version=form.expected_version,
        ),
        done=_("The correction is saved in the draft."),
        to=reverse("workspace:import_draft", args=[draft.pk]),
    )


class AreaDraftForm(VersionedForm):
    theme_title = forms.CharField(label=gettext_lazy("Theme"), max_length=300)
    title = forms.CharField(label=gettext_lazy("Focus area"), max_length=300)
    challenge = forms.CharField(
        label=gettext_lazy("The challenge"), required=False, widget=textarea(6)
    )
    facts = _lines_field(gettext_lazy("Facts"), gettext_lazy("One fact a line"))
    approach = forms.CharField(
        label=gettext_lazy("What we will do"), required=False, widget=textarea(6)
    )
    goals = _lines_field(
        gettext_lazy("Goals"),
        gettext_lazy("One goal a line; the years it names become its target years"),
        rows=3,
    )
    activities = _lines_field(
        gettext_lazy("Possible activities"),
        gettext_lazy(
            "One activity a line; start a line with “# ” for a group heading and with “- ” "
            "for a sub-item of the line above"
        ),
        rows=8,
    )
    partners = _lines_field(gettext_lazy("Possible partners"), gettext_lazy("One partner a line"))
    funding_text = forms.CharField(
        label=gettext_lazy("Financing"), required=False, widget=textarea(3)
    )
    funding_sources = _lines_field(
        gettext_lazy("Possible funding sources"), gettext_lazy("One source a line")
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
    return _corrected(
        request,
        form,
        draft,
        lambda: form.corrected(draft.data, theme, area),
    ) or render(
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
    text = forms.CharField(label=gettext_lazy("Assessment"), required=False, widget=textarea(6))
    still_relevant = RelevanceField()

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].choices = [("", _("None: create it as a new focus area"))] + [
            (slug, title) for slug, title in areas
        ]
        self.fields["focus_area"].required = False


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
    form = SectionDraftForm(
        request.POST or None,
        instance=draft,
        areas=areas,
        initial={
            "focus_area": section.get("focus_area") or "",
            "text": section.get("text", ""),
            "still_relevant": relevance_choice(section.get("still_relevant")),
        },
    )
    if request.method == "POST":
        _require_editor(request)

    def corrected():
        values = form.cleaned_data
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
        return {**draft.data, "sections": changed}

    return _corrected(request, form, draft, corrected) or render(
        request,
        "workspace/imports/draft_section.html",
        {"nav": "imports", "draft": draft, "section": section, "form": form},
    )
