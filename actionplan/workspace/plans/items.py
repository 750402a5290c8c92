"""Workspace pages for what a focus area holds (facts, goals, planned activities, suggested
partners and funding sources), one table of kinds and one create/edit/delete page for all."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.db.models import Model
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from actionplan.indicators import selectors as indicator_selectors
from actionplan.organisations.models import FundingSource, Organisation
from actionplan.plans import services
from actionplan.plans.models import (
    ActionPlan,
    Fact,
    FocusArea,
    Goal,
    PlannedActivity,
    SuggestedFunding,
    SuggestedPartner,
)

from ..access import workspace_view
from ..forms import ModelChoiceField, NamedChoiceField, VersionedForm, save_form, textarea
from .common import (
    _area_url,
    _can_edit,
    _context,
    _editable_plan,
    _get,
    _initial,
    _next_order,
    _plan_url,
    _save_page,
    _values,
)
from .fields import NumberField, WeightField, YearField, YearsField


class FactForm(VersionedForm):
    text = forms.CharField(label=_("Fact"), widget=textarea(3))
    value = NumberField(label=_("Number"))
    unit = forms.CharField(label=_("Unit"), max_length=100, required=False)
    year = YearField(label=_("Year"))
    source = forms.CharField(label=_("Source"), max_length=300, required=False)


class GoalForm(VersionedForm):
    statement = forms.CharField(label=_("Goal"), widget=textarea(3))
    target_years = YearsField(label=_("Target years"))
    no_number_note = forms.CharField(
        label=_("Note when the goal states no number"), max_length=300, required=False
    )
    weight = WeightField(
        help_text=_("How much the goal counts in its focus area's status; 0 leaves it out.")
    )
    carried_from = forms.ModelChoiceField(
        label=_("Continues the goal"),
        queryset=Goal.objects.none(),
        required=False,
        empty_label=_("(a new goal)"),
        help_text=_(
            "The same goal in an earlier action plan of the organisation: the portal shows "
            "them as one history."
        ),
    )

    def __init__(self, *args, focus_area: FocusArea, **kwargs):
        super().__init__(*args, **kwargs)
        plan = focus_area.plan
        self.fields["carried_from"].queryset = (
            Goal.objects.filter(
                focus_area__plan__organisation_id=plan.organisation_id,
                focus_area__plan__period_start__lt=plan.period_start,
            )
            .select_related("focus_area__plan")
            .order_by("-focus_area__plan__period_start", "focus_area__order", "order", "id")
        )
        self.fields["carried_from"].label_from_instance = lambda goal: (
            f"{goal.focus_area.plan.title}: {goal.statement[:100]}"
        )


class ActivityForm(VersionedForm):
    text = forms.CharField(label=_("Activity"), widget=textarea(3))
    parent = ModelChoiceField(
        label=_("Part of"),
        queryset=PlannedActivity.objects.none(),
        required=False,
        empty_label=_("(a main activity)"),
    )
    is_heading = forms.BooleanField(label=_("Group heading"), required=False)

    def __init__(self, *args, focus_area: FocusArea, **kwargs):
        super().__init__(*args, **kwargs)
        parents = PlannedActivity.objects.filter(focus_area=focus_area, parent=None)
        if self.instance is not None and self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents.order_by("order", "id")


class PartnerForm(VersionedForm):
    name = forms.CharField(label=_("Partner, as the plan writes it"), max_length=500)
    organisation = NamedChoiceField(
        label=_("Organisation in the register"),
        queryset=Organisation.objects.all(),
        required=False,
    )


class FundingForm(VersionedForm):
    name = forms.CharField(label=_("Funding source, as the plan writes it"), max_length=500)
    source = ModelChoiceField(
        label=_("Funding source in the register"),
        queryset=FundingSource.objects.order_by("name"),
        required=False,
    )


@dataclass
class Section:
    kind: "Kind"
    items: list
    add_form: forms.Form | None


@dataclass
class Kind:
    """One kind of thing a focus area holds, and how the workspace edits it."""

    key: str  # the URL word
    model: type[Model]
    form_class: type[VersionedForm]
    heading: str
    new_label: str
    create: Callable[..., Model]
    update_service: Callable[..., Model]
    delete_service: Callable[..., None]
    arg: str  # the update and delete services' keyword for the item
    items: Callable[[FocusArea], list]

    def update(self, *, actor, obj, **values) -> Model:
        return self.update_service(actor=actor, **{self.arg: obj}, **values)

    def delete(self, *, actor, obj) -> None:
        self.delete_service(actor=actor, **{self.arg: obj})

    def form(self, data=None, *, area: FocusArea, instance=None, prefix=None):
        kwargs = {"instance": instance, "prefix": prefix}
        if instance is not None:
            kwargs["initial"] = _initial(instance, self.form_class)
        if self.form_class in (ActivityForm, GoalForm):
            kwargs["focus_area"] = area
        return self.form_class(data, **kwargs)

    def section(self, area: FocusArea, request, add_form=None) -> Section:
        can_edit = _can_edit(request, area.plan)
        if can_edit and add_form is None:
            add_form = self.form(area=area, prefix=self.key)
        return Section(self, self.items(area), add_form if can_edit else None)


KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in [
        Kind(
            key="fakta",
            model=Fact,
            form_class=FactForm,
            heading=_("Facts"),
            new_label=_("Add a fact"),
            create=services.fact_create,
            update_service=services.fact_update,
            delete_service=services.fact_delete,
            arg="fact",
            items=lambda area: list(area.facts.all()),
        ),
        Kind(
            key="maal",
            model=Goal,
            form_class=GoalForm,
            heading=_("Goals"),
            new_label=_("Add a goal"),
            create=services.goal_create,
            update_service=services.goal_update,
            delete_service=services.goal_delete,
            arg="goal",
            items=lambda area: list(area.goals.all()),
        ),
        Kind(
            key="aktiviteter",
            model=PlannedActivity,
            form_class=ActivityForm,
            heading=_("Planned activities"),
            new_label=_("Add an activity"),
            create=services.activity_create,
            update_service=services.activity_update,
            delete_service=services.activity_delete,
            arg="activity",
            items=lambda area: list(area.top_activities),
        ),
        Kind(
            key="partnere",
            model=SuggestedPartner,
            form_class=PartnerForm,
            heading=_("Suggested partners"),
            new_label=_("Add a partner"),
            create=services.suggested_partner_create,
            update_service=services.suggested_partner_update,
            delete_service=services.suggested_partner_delete,
            arg="partner",
            items=lambda area: list(area.suggested_partners.all()),
        ),
        Kind(
            key="finansiering",
            model=SuggestedFunding,
            form_class=FundingForm,
            heading=_("Suggested funding sources"),
            new_label=_("Add a funding source"),
            create=services.suggested_funding_create,
            update_service=services.suggested_funding_update,
            delete_service=services.suggested_funding_delete,
            arg="funding",
            items=lambda area: list(area.suggested_funding.all()),
        ),
    ]
}


def _kind(key: str) -> Kind:
    try:
        return KINDS[key]
    except KeyError:
        raise Http404 from None


def _area(plan: ActionPlan, pk: int) -> FocusArea:
    return _get(FocusArea.objects.filter(plan=plan).select_related("plan", "theme"), pk=pk)


def _item(kind: Kind, area: FocusArea, pk: int) -> Model:
    return _get(
        kind.model.objects.filter(focus_area=area).select_related("focus_area__plan"), pk=pk
    )


def _item_page(request, plan, area, kind, form, write, *, done, title, submit):
    """A create or edit page of an item: back to its section on the focus-area page."""
    return _save_page(
        request,
        plan,
        form,
        write,
        done=done,
        next_url=lambda saved: _area_url(area, f"section-{kind.key}"),
        title=f"{title}: {area.title}",
        submit=submit,
        cancel=_area_url(area, f"section-{kind.key}"),
        crumbs=[(plan.title, _plan_url(plan)), (area.title, _area_url(area))],
    )


def _write_new(request, area, kind):
    return lambda values: kind.create(
        actor=request.user,
        focus_area=area,
        order=_next_order(kind.model.objects.filter(focus_area=area)),
        **values,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def item_create(request, slug, area, kind):
    plan = _editable_plan(request, slug)
    kind = _kind(kind)
    area = _area(plan, area)
    # The same prefix as the inline form on the focus-area page, which posts here too.
    form = kind.form(request.POST or None, area=area, prefix=kind.key)
    if request.method == "POST" and request.htmx:
        created = save_form(form, lambda data: _write_new(request, area, kind)(_values(form)))
        full = indicator_selectors.focus_area_for_editing(plan, area.pk)
        section = kind.section(full, request, add_form=None if created else form)
        return render(
            request,
            "workspace/plans/_section.html",
            _context(
                request, plan, area=full, section=section, status=_("Added.") if created else ""
            ),
        )
    return _item_page(
        request,
        plan,
        area,
        kind,
        form,
        _write_new(request, area, kind),
        done=_("Added."),
        title=kind.new_label,
        submit=_("Add"),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def item_edit(request, slug, area, kind, pk):
    plan = _editable_plan(request, slug)
    kind = _kind(kind)
    area = _area(plan, area)
    item = _item(kind, area, pk)
    form = kind.form(request.POST or None, area=area, instance=item)
    return _item_page(
        request,
        plan,
        area,
        kind,
        form,
        lambda values: kind.update(
            actor=request.user, obj=item, expected_version=form.expected_version, **values
        ),
        done=_("Saved."),
        title=kind.heading,
        submit=_("Save"),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def item_delete(request, slug, area, kind, pk):
    plan = _editable_plan(request, slug)
    kind = _kind(kind)
    area = _area(plan, area)
    item = _item(kind, area, pk)
    if request.method == "POST":
        kind.delete(actor=request.user, obj=item)
        messages.success(request, _("Deleted."))
        return redirect(_area_url(area, f"section-{kind.key}"))
    return render(
        request,
        "workspace/plans/delete.html",
        _context(
            request,
            plan,
            area=area,
            item=item,
            kind=kind,
            cancel=_area_url(area, f"section-{kind.key}"),
            crumbs=[(plan.title, _plan_url(plan)), (area.title, _area_url(area))],
        ),
    )
