"""Workspace pages for a goal's indicators and their observations."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from actionplan.indicators import bulk
from actionplan.indicators import selectors as indicator_selectors
from actionplan.indicators import services as indicator_services
from actionplan.indicators.models import Indicator
from actionplan.indicators.values import yes_no_number
from actionplan.plans import selectors
from actionplan.plans.models import ActionPlan, Goal

from ..access import workspace_view
from ..forms import VersionedForm, save_form, textarea
from .common import (
    _area_url,
    _can_edit,
    _context,
    _editable_plan,
    _initial,
    _next_order,
    _plan_url,
    _read_only,
    _save_page,
    _saved,
)
from .fields import DayField, NumberField, WeightField, YearField


class IndicatorValueField(NumberField):
    """A baseline or target: a number, or for a yes/no indicator "ja"/"nej" ("yes"/"no")."""

    def to_python(self, value):
        word = yes_no_number(value)
        if word is not None:
            return word
        return super().to_python(value)


class IndicatorForm(VersionedForm):
    name = forms.CharField(label=_("Name"), max_length=300)
    measure = forms.ChoiceField(label=_("Measure"), choices=Indicator.Measure.choices)
    unit = forms.CharField(label=_("Unit"), max_length=100, required=False)
    ascending = forms.BooleanField(label=_("Higher is better"), required=False, initial=True)
    baseline_value = IndicatorValueField(
        label=_("Baseline value"), help_text=_("A number; for a yes/no indicator yes or no.")
    )
    baseline_year = YearField(label=_("Baseline year"))
    target_value = IndicatorValueField(
        label=_("Target value"), help_text=_("A number; for a yes/no indicator yes or no.")
    )
    target_year = YearField(label=_("Target year"))
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    weight = WeightField(
        help_text=_("How much the indicator counts in its goal's status; 0 leaves it out.")
    )

    def clean(self):
        data = super().clean()
        if data.get("measure") == Indicator.Measure.PERCENTAGE:
            for name in ("baseline_value", "target_value"):
                value = data.get(name)
                if value is not None and not 0 <= value <= 100:
                    self.add_error(name, _("A percentage must be between 0 and 100."))
        milestone = data.get("measure") == Indicator.Measure.MILESTONE
        for name in ("baseline_value", "target_value"):
            value = data.get(name)
            if milestone and value is not None and value not in (0, 1):
                self.add_error(name, _("Write yes or no."))
            elif not milestone and yes_no_number(self.data.get(self.add_prefix(name))) is not None:
                self.add_error(name, _("Yes or no only fits a yes/no indicator; write a number."))
        start, end = data.get("baseline_year"), data.get("target_year")
        if start and end and end < start:
            self.add_error("target_year", _("The target year cannot come before the baseline."))
        return data


class ObservationForm(forms.Form):
    date = DayField(label=_("Date"))
    value = forms.CharField(label=_("Value"), max_length=60, required=False)
    text = forms.CharField(label=_("Text"), required=False, widget=textarea(3))
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=textarea(2))

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        if indicator.measure == Indicator.Measure.QUALITATIVE:
            del self.fields["value"]
            self.fields["text"].required = True
        else:
            del self.fields["text"]
            self.fields["value"].required = True
            self.fields["value"].help_text = {
                Indicator.Measure.PERCENTAGE: _("A percentage from 0 to 100, e.g. 14,5"),
                Indicator.Measure.MILESTONE: _("Yes when reached, no when not"),
                Indicator.Measure.DKK: _("Kroner, e.g. 1.200.000"),
            }.get(indicator.measure, _("A number, e.g. 14,5"))


def _indicator(plan: ActionPlan, pk: int) -> Indicator:
    try:
        return indicator_selectors.indicator_for_editing(plan, pk)
    except Indicator.DoesNotExist:
        raise Http404 from None


def _indicator_url(indicator: Indicator) -> str:
    return reverse("workspace:indicator", args=[indicator.goal.focus_area.plan.slug, indicator.pk])


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def indicator_create(request, slug, goal):
    plan = _editable_plan(request, slug)
    try:
        goal = selectors.goal_for_editing(plan, goal)
    except Goal.DoesNotExist:
        raise Http404 from None
    area = goal.focus_area
    form = IndicatorForm(request.POST or None)
    return _save_page(
        request,
        plan,
        form,
        lambda values: indicator_services.indicator_create(
            actor=request.user, goal=goal, order=_next_order(goal.indicators.all()), **values
        ),
        done=_("The indicator was created."),
        next_url=_indicator_url,
        title=_("New indicator"),
        intro=goal.statement,
        submit=_("Create the indicator"),
        cancel=_area_url(area, "section-maal"),
        crumbs=[(plan.title, _plan_url(plan)), (area.title, _area_url(area))],
    )


def _indicator_page(request, plan, indicator, *, form=None, observation_form=None):
    can_edit = _can_edit(request, plan)
    form = form or IndicatorForm(instance=indicator, initial=_initial(indicator, IndicatorForm))
    if not can_edit:
        _read_only(form)
    if can_edit and observation_form is None:
        observation_form = ObservationForm(indicator=indicator)
    return render(
        request,
        "workspace/plans/indicator.html",
        _context(
            request,
            plan,
            indicator=indicator,
            area=indicator.goal.focus_area,
            form=form,
            observation_form=observation_form if can_edit else None,
            observations=list(indicator_selectors.observations_of(indicator)),
            crumbs=[
                (plan.title, _plan_url(plan)),
                (indicator.goal.focus_area.title, _area_url(indicator.goal.focus_area)),
            ],
        ),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def indicator_edit(request, slug, pk):
    plan = _editable_plan(request, slug)
    indicator = _indicator(plan, pk)
    if request.method != "POST":
        return _indicator_page(request, plan, indicator)
    form = IndicatorForm(request.POST, instance=indicator)
    response = _saved(
        request,
        form,
        lambda values: indicator_services.indicator_update(
            actor=request.user,
            indicator=indicator,
            expected_version=form.expected_version,
            **values,
        ),
        done=_("The indicator was saved."),
        next_url=lambda saved: _indicator_url(indicator),
    )
    return response or _indicator_page(request, plan, _indicator(plan, pk), form=form)


@require_POST
@workspace_view
def observation_create(request, slug, pk):
    plan = _editable_plan(request, slug)
    indicator = _indicator(plan, pk)
    form = ObservationForm(request.POST, indicator=indicator)

    def write(data):
        values = dict(data)
        if "value" in values:
            values["value"] = bulk.number_text(values["value"], indicator.measure)
        return indicator_services.observation_create(
            actor=request.user, indicator=indicator, **values
        )

    if save_form(form, write) is not None:
        messages.success(request, _("The observation was recorded."))
        return redirect(_indicator_url(indicator) + "#observations")
    return _indicator_page(request, plan, indicator, observation_form=form)
