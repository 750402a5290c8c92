"""Workspace pages for a plan itself: the list, creating, editing and duplicating a plan."""

import datetime as dt

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from actionplan.accounts.permissions import EDIT, grants, plans_for
from actionplan.accounts.selectors import workspace_plans
from actionplan.organisations.models import Organisation
from actionplan.plans import selectors, services
from actionplan.plans.models import ActionPlan, Strategy

from ..access import workspace_view
from ..forms import ModelChoiceField, NamedChoiceField, VersionedForm, textarea
from .common import _context, _editable_plan, _initial, _plan, _plan_url, _save_page, _saved
from .fields import PeriodDateField, PeriodMixin

STATUS_CHOICES = ActionPlan.Status.choices


class PlanCreateForm(PeriodMixin, forms.Form):
    organisation = NamedChoiceField(label=_("Owner"), queryset=Organisation.objects.none())
    strategy = ModelChoiceField(
        label=_("Strategy"), queryset=Strategy.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    slug = forms.SlugField(
        label=_("Short name in addresses"),
        max_length=100,
        help_text=_("Letters, digits and hyphens, e.g. handlingsplan-2022-2023"),
    )
    period_start = PeriodDateField(label=_("Period start"))
    period_end = PeriodDateField(label=_("Period end"), end=True)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=STATUS_CHOICES,
        initial=ActionPlan.Status.DRAFT,
        widget=forms.RadioSelect,
    )
    intro = forms.CharField(label=_("Introduction"), required=False, widget=textarea())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        g = grants(user)
        organisations = Organisation.objects.order_by("name")
        strategies = Strategy.objects.order_by("title")
        if not g.superuser:
            ids = g.scopes(EDIT).organisations
            organisations = organisations.filter(pk__in=ids)
            strategies = strategies.filter(organisation_id__in=ids)
        self.fields["organisation"].queryset = organisations
        self.fields["strategy"].queryset = strategies


class PlanEditForm(PeriodMixin, VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    slug = forms.SlugField(label=_("Short name in addresses"), max_length=100)
    period_start = PeriodDateField(label=_("Period start"))
    period_end = PeriodDateField(label=_("Period end"), end=True)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, widget=forms.RadioSelect)
    intro = forms.CharField(label=_("Introduction"), required=False, widget=textarea())


class PlanDuplicateForm(PeriodMixin, forms.Form):
    title = forms.CharField(label=_("Title of the new plan"), max_length=300)
    slug = forms.SlugField(label=_("Short name in addresses"), max_length=100)
    period_start = PeriodDateField(label=_("Period start"))
    period_end = PeriodDateField(label=_("Period end"), end=True)


@require_http_methods(["GET", "HEAD"])
@workspace_view
def plan_list(request):
    user = request.user
    g = grants(user)
    return render(
        request,
        "workspace/plans/list.html",
        {
            "nav": "plans",
            "plans": workspace_plans(user),
            "editable_ids": set(plans_for(user, EDIT).values_list("pk", flat=True)),
            "may_create": g.superuser or bool(g.scopes(EDIT).organisations),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def plan_create(request):
    g = grants(request.user)
    if not (g.superuser or g.scopes(EDIT).organisations):
        raise PermissionDenied
    form = PlanCreateForm(request.POST or None, user=request.user)
    response = _saved(
        request,
        form,
        lambda values: services.plan_create(actor=request.user, **values),
        done=_("The plan was created."),
        next_url=_plan_url,
    )
    if response is not None:
        return response
    return render(request, "workspace/plans/create.html", {"nav": "plans", "form": form})


@require_http_methods(["GET", "HEAD"])
@workspace_view
def plan_detail(request, slug):
    plan = _plan(request, slug)
    themes = list(selectors.plan_themes_for_editing(plan))
    return render(request, "workspace/plans/plan.html", _context(request, plan, themes=themes))


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def plan_edit(request, slug):
    plan = _editable_plan(request, slug)
    form = PlanEditForm(request.POST or None, instance=plan, initial=_initial(plan, PlanEditForm))
    return _save_page(
        request,
        plan,
        form,
        lambda values: services.plan_update(
            actor=request.user, plan=plan, expected_version=form.expected_version, **values
        ),
        done=_("The plan was saved."),
        next_url=_plan_url,
        failed=plan.refresh_from_db,
        title=_("Edit the plan"),
        submit=_("Save"),
        cancel=_plan_url(plan),
    )


def _shifted_period(plan: ActionPlan) -> tuple[dt.date, dt.date]:
    years = plan.period_end.year - plan.period_start.year + 1
    try:
        return (
            plan.period_start.replace(year=plan.period_start.year + years),
            plan.period_end.replace(year=plan.period_end.year + years),
        )
    except ValueError:  # 29 February
        return (
            dt.date(plan.period_start.year + years, 1, 1),
            dt.date(plan.period_end.year + years, 12, 31),
        )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def plan_duplicate(request, slug):
    plan = _editable_plan(request, slug)
    start, end = _shifted_period(plan)
    initial = {
        "title": plan.title.replace(str(plan.period_start.year), str(start.year)).replace(
            str(plan.period_end.year), str(end.year)
        ),
        "slug": f"{plan.slug}-{start.year}"[:100],
        "period_start": start,
        "period_end": end,
    }
    form = PlanDuplicateForm(request.POST or None, initial=initial)
    return _save_page(
        request,
        plan,
        form,
        lambda values: services.plan_duplicate(actor=request.user, plan=plan, **values),
        done=_("The new plan was created as a draft from %(plan)s.") % {"plan": plan},
        next_url=_plan_url,
        title=_("Start the next action plan from this one"),
        intro=_(
            "The new plan gets a copy of the themes, focus areas, facts, goals, indicators "
            "(without their observations), planned activities, suggested partners and funding "
            "sources. It starts as a draft."
        ),
        submit=_("Create the new plan"),
        cancel=_plan_url(plan),
    )
