"""Readable histories in the workspace: of a plan, focus area, goal, status round or
organisation (a project's is on its own page), and the log of every change, which only
system administrators read: its events are about every organisation's data and people."""

import datetime as dt

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from actionplan.accounts.permissions import VIEW, grants, may
from actionplan.core.history import Part, object_history
from actionplan.core.models import AuditEvent
from actionplan.core.selectors import LogFilter, audit_log, logged_types
from actionplan.organisations.models import Organisation
from actionplan.plans.models import ActionPlan, FocusArea, Goal
from actionplan.rounds.models import StatusRound

from .access import workspace_view


def _parts(key: str, *object_types: str) -> tuple[Part, ...]:
    return tuple(Part(object_type, key) for object_type in object_types)


# kind in the URL -> (model, parts whose events carry its id, the object's own page)
HISTORIES = {
    "plan": (
        ActionPlan,
        _parts("plan_id", "plans.theme", "plans.focusarea", "rounds.statusround"),
        lambda plan: reverse("workspace:plan", args=[plan.slug]),
    ),
    "indsatsomraade": (
        FocusArea,
        _parts(
            "focus_area_id",
            "plans.fact",
            "plans.goal",
            "plans.plannedactivity",
            "plans.suggestedpartner",
            "plans.suggestedfunding",
            "rounds.focusareaassessment",
        ),
        lambda area: reverse("workspace:focus_area", args=[area.plan.slug, area.pk]),
    ),
    "maal": (
        Goal,
        _parts("goal_id", "indicators.indicator"),
        lambda goal: reverse(
            "workspace:focus_area", args=[goal.focus_area.plan.slug, goal.focus_area_id]
        ),
    ),
    "statusrunde": (
        StatusRound,
        _parts(
            "round_id", "rounds.focusareaassessment", "rounds.updaterequest", "rounds.roundsnapshot"
        ),
        lambda status_round: reverse("workspace:round", args=[status_round.pk]),
    ),
    "organisation": (
        Organisation,
        _parts("organisation_id", "accounts.membership"),
        lambda organisation: reverse("workspace:organisation_edit", args=[organisation.pk]),
    ),
}
NAV = {
    "plan": "plans",
    "indsatsomraade": "plans",
    "maal": "plans",
    "statusrunde": "rounds",
    "organisation": "projects",
}
KIND_OF_TYPE = {model._meta.label_lower: kind for kind, (model, _p, _u) in HISTORIES.items()}


def history_url(object_type: str, object_id: str) -> str:
    """The workspace page with the history of an object of this type, or ""."""
    if object_type == "projects.project":
        return reverse("workspace:project", args=[object_id]) + "#history"
    kind = KIND_OF_TYPE.get(object_type)
    if kind is None or not str(object_id).isdigit():
        return ""
    return reverse("workspace:history", args=[kind, object_id])


@require_safe
@workspace_view
def history_page(request, kind: str, pk: int):
    if kind not in HISTORIES:
        raise Http404
    model, parts, page_url = HISTORIES[kind]
    obj = get_object_or_404(model, pk=pk)
    if not may(request.user, VIEW, obj):
        raise Http404
    return render(
        request,
        "workspace/history/object.html",
        {
            "nav": NAV[kind],
            "object": obj,
            "kind_label": str(model._meta.verbose_name).capitalize(),
            "object_url": page_url(obj),
            "history": object_history(obj, parts),
        },
    )


# -- the log --------------------------------------------------------------------------------


def may_read_log(user) -> bool:
    return grants(user).superuser


class LogForm(forms.Form):
    who = forms.CharField(label=_("Who (user name)"), required=False, max_length=200)
    what = forms.ChoiceField(label=_("What"), required=False)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions")), *AuditEvent.Action.choices],
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["what"].choices = [("", _("Everything")), *logged_types()]
        for field in self.fields.values():
            kind = "form-select" if isinstance(field, forms.ChoiceField) else "form-input"
            field.widget.attrs["class"] = kind

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return data

    def filters(self) -> LogFilter:
        data = self.cleaned_data
        return LogFilter(
            who=(data.get("who") or "").strip(),
            object_type=data.get("what") or "",
            action=data.get("action") or "",
            since=data.get("since"),
            until=data.get("until"),
        )


@require_safe
@workspace_view
def log_page(request):
    if not may_read_log(request.user):
        raise PermissionDenied(_("Only system administrators can read the log of every change."))
    form = LogForm(request.GET or None)
    filters = form.filters() if form.is_valid() else LogFilter()
    page = audit_log(filters, after=request.GET.get("efter", ""))
    query = request.GET.copy()
    query.pop("efter", None)
    rows = [(entry, history_url(entry.object_type, entry.object_id)) for entry in page.entries]
    return render(
        request,
        "workspace/history/log.html",
        {
            "nav": "log",
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "today": dt.date.today(),
        },
    )
