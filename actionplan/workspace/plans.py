"""Workspace pages for action plans: the plan, its themes and focus areas with everything under
them, indicators with their observations, and bulk entry of observations.

Every page fetches its plan through the user's roles (another organisation's plan is a 404),
readers see the pages without edit controls, and every POST needs the right to edit the plan
(403 otherwise). Writes go through the plans and indicators services, edit forms carry the
version they were opened with, so a save on top of someone else's is refused.
"""

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, Model
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from actionplan.accounts.permissions import EDIT, grants, may, plans_for
from actionplan.core.amounts import parse_partial_date
from actionplan.core.dates import Precision
from actionplan.indicators import bulk
from actionplan.indicators import selectors as indicator_selectors
from actionplan.indicators import services as indicator_services
from actionplan.indicators.models import Indicator
from actionplan.indicators.values import yes_no_number
from actionplan.organisations.models import FundingSource, Organisation
from actionplan.plans import selectors, services
from actionplan.plans.models import (
    ActionPlan,
    Fact,
    FocusArea,
    Goal,
    PlannedActivity,
    Strategy,
    SuggestedFunding,
    SuggestedPartner,
    Theme,
)
from actionplan.plans.sectors import dac_sector_choices

from .access import workspace_view
from .forms import ModelChoiceField, VersionedForm, save_form

CSV_MAX_BYTES = 2 * 1024 * 1024

# -- fields --------------------------------------------------------------------------------


def _danish_day(value: dt.date) -> str:
    return f"{value:%d.%m.%Y}"


class DayField(forms.CharField):
    """One day: "31.12.2021", "2021-12-31" or "31. december 2021"."""

    def __init__(self, **kwargs):
        # No max_length: its validator would run on the parsed value, not on the text.
        kwargs.setdefault("help_text", _("E.g. 31.12.2021"))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return _danish_day(value) if isinstance(value, dt.date) else value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        return bulk.full_date(text)


class PeriodDateField(forms.CharField):
    """The start or end of a plan's period: a year, a month or a day ("2022" as an end is
    31 December 2022)."""

    def __init__(self, *, end: bool = False, **kwargs):
        self.end = end
        # No max_length: its validator would run on the parsed value, not on the text.
        kwargs.setdefault("help_text", _("E.g. 2022, januar 2022 or 01.01.2022"))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return _danish_day(value) if isinstance(value, dt.date) else value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        parsed = parse_partial_date(text)
        day = parsed.date
        if self.end and parsed.precision == Precision.YEAR:
            return dt.date(day.year, 12, 31)
        if self.end and parsed.precision == Precision.MONTH:
            return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
        return day


class NumberField(forms.CharField):
    """A number written the Danish way: "14,5", "1.234,5", "120 000"."""

    def __init__(self, **kwargs):
        # No max_length: its validator would run on the parsed value, not on the text.
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
            return text.rstrip("0").rstrip(".").replace(".", ",") if "." in text else text
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            number = Decimal(bulk.number_text(text))
        except InvalidOperation:
            raise ValidationError(
                _("“%(value)s” is not a number; write e.g. 14,5.") % {"value": text}
            ) from None
        if not number.is_finite():
            raise ValidationError(_("Write a finite number."))
        return number


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(min_value=1900, max_value=2200, **kwargs)


class YearsField(forms.CharField):
    """Target years as a list: "2025" or "2035, 2050"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("One or more years, e.g. 2035, 2050"))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(year) for year in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        years = []
        for part in text.replace(";", ",").replace(" og ", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not (part.isdigit() and 1900 <= int(part) <= 2200):
                raise ValidationError(
                    _("“%(value)s” is not a year; write e.g. 2035, 2050.") % {"value": part}
                )
            years.append(int(part))
        return sorted(set(years))


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


# -- forms ---------------------------------------------------------------------------------


class PeriodMixin:
    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data


STATUS_CHOICES = ActionPlan.Status.choices


class PlanCreateForm(PeriodMixin, forms.Form):
    organisation = ModelChoiceField(
        label=_("Owner"), queryset=Organisation.objects.none(), empty_label=None
    )
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
    intro = forms.CharField(label=_("Introduction"), required=False, widget=_textarea())

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
    intro = forms.CharField(label=_("Introduction"), required=False, widget=_textarea())


class PlanDuplicateForm(PeriodMixin, forms.Form):
    title = forms.CharField(label=_("Title of the new plan"), max_length=300)
    slug = forms.SlugField(label=_("Short name in addresses"), max_length=100)
    period_start = PeriodDateField(label=_("Period start"))
    period_end = PeriodDateField(label=_("Period end"), end=True)


class ThemeForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    slug = forms.SlugField(label=_("Short name in addresses"), max_length=100)
    order = forms.IntegerField(
        label=_("Place in the plan"),
        min_value=0,
        initial=0,
        help_text=_("Themes are shown by this number, lowest first."),
    )
    dac_sector = forms.ChoiceField(
        label=_("DAC sector in the IATI open data"),
        choices=dac_sector_choices,
        required=False,
        help_text=_(
            "The OECD DAC purpose code reported as the sector of the theme's projects, "
            "unless their focus area names its own."
        ),
    )


class FocusAreaForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    slug = forms.SlugField(label=_("Short name in addresses"), max_length=100)
    challenge = forms.CharField(label=_("The challenge"), required=False, widget=_textarea(6))
    approach = forms.CharField(label=_("What we will do"), required=False, widget=_textarea(6))
    dac_sector = forms.ChoiceField(
        label=_("DAC sector in the IATI open data"),
        choices=dac_sector_choices,
        required=False,
        help_text=_(
            "The OECD DAC purpose code reported as the sector of the focus area's projects; "
            "empty: the theme's."
        ),
    )


class FactForm(VersionedForm):
    text = forms.CharField(label=_("Fact"), widget=_textarea(3))
    value = NumberField(label=_("Number"))
    unit = forms.CharField(label=_("Unit"), max_length=100, required=False)
    year = YearField(label=_("Year"))
    source = forms.CharField(label=_("Source"), max_length=300, required=False)


class GoalForm(VersionedForm):
    statement = forms.CharField(label=_("Goal"), widget=_textarea(3))
    target_years = YearsField(label=_("Target years"))
    no_number_note = forms.CharField(
        label=_("Note when the goal states no number"), max_length=300, required=False
    )
    weight = forms.DecimalField(
        label=_("Weight"),
        min_value=0,
        max_digits=6,
        decimal_places=2,
        initial=Decimal(1),
        localize=True,
        help_text=_("How much the goal counts in its focus area's status; 0 leaves it out."),
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
    text = forms.CharField(label=_("Activity"), widget=_textarea(3))
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
    organisation = ModelChoiceField(
        label=_("Organisation in the register"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
    )


class FundingForm(VersionedForm):
    name = forms.CharField(label=_("Funding source, as the plan writes it"), max_length=500)
    source = ModelChoiceField(
        label=_("Funding source in the register"),
        queryset=FundingSource.objects.order_by("name"),
        required=False,
    )


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
    weight = forms.DecimalField(
        label=_("Weight"),
        min_value=0,
        max_digits=6,
        decimal_places=2,
        initial=Decimal(1),
        localize=True,
        help_text=_("How much the indicator counts in its goal's status; 0 leaves it out."),
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
    text = forms.CharField(label=_("Text"), required=False, widget=_textarea(3))
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=_textarea(2))

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


class BulkDateForm(forms.Form):
    date = DayField(label=_("Date of the values"))
    source = forms.CharField(label=_("Source (for every row)"), max_length=300, required=False)


class CsvForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: indicator (id or name), date, value, and optionally source and note."
        ),
    )


def _values(form: forms.Form) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}


# -- access --------------------------------------------------------------------------------


def _plan(request, slug: str) -> ActionPlan:
    try:
        return selectors.workspace_plan(request.user, slug)
    except ActionPlan.DoesNotExist:
        raise Http404 from None


def _can_edit(request, plan: ActionPlan) -> bool:
    cached = getattr(request, "_plan_edit", None)
    if cached is None or cached[0] != plan.pk:
        cached = (plan.pk, may(request.user, EDIT, plan))
        request._plan_edit = cached
    return cached[1]


def _editable_plan(request, slug: str) -> ActionPlan:
    """The plan for a page; on POST the user must be allowed to edit it."""
    plan = _plan(request, slug)
    if request.method == "POST" and not _can_edit(request, plan):
        raise PermissionDenied
    return plan


def _get(queryset, **lookup):
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def _read_only(form: forms.Form) -> forms.Form:
    for field in form.fields.values():
        field.disabled = True
    return form


def _context(request, plan: ActionPlan, **values) -> dict:
    return {"nav": "plans", "plan": plan, "can_edit": _can_edit(request, plan), **values}


def _form_page(request, plan, form, *, title, submit, cancel, crumbs=(), intro="", **extra):
    if not _can_edit(request, plan):
        _read_only(form)
    return render(
        request,
        "workspace/plans/form.html",
        _context(
            request,
            plan,
            form=form,
            title=title,
            submit=submit,
            cancel=cancel,
            crumbs=crumbs,
            intro=intro,
            **extra,
        ),
    )


def _plan_url(plan: ActionPlan, anchor: str = "") -> str:
    url = reverse("workspace:plan", args=[plan.slug])
    return f"{url}#{anchor}" if anchor else url


def _area_url(area: FocusArea, anchor: str = "") -> str:
    url = reverse("workspace:focus_area", args=[area.plan.slug, area.pk])
    return f"{url}#{anchor}" if anchor else url


def _next_order(queryset) -> int:
    highest = queryset.aggregate(highest=Max("order"))["highest"]
    return 0 if highest is None else highest + 1


# -- plans ---------------------------------------------------------------------------------


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
            "plans": selectors.workspace_plans(user),
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
    if request.method == "POST":
        plan = save_form(form, lambda data: services.plan_create(actor=request.user, **data))
        if plan is not None:
            messages.success(request, _("The plan was created."))
            return redirect(_plan_url(plan))
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
    if request.method == "POST":
        saved = save_form(
            form,
            lambda data: services.plan_update(
                actor=request.user,
                plan=plan,
                expected_version=form.expected_version,
                **_values(form),
            ),
        )
        if saved is not None:
            messages.success(request, _("The plan was saved."))
            return redirect(_plan_url(saved))
        plan.refresh_from_db()
    return _form_page(
        request,
        plan,
        form,
        title=_("Edit the plan"),
        submit=_("Save"),
        cancel=_plan_url(plan),
        crumbs=[(plan.title, _plan_url(plan))],
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
    if request.method == "POST":
        copy = save_form(
            form,
            lambda data: services.plan_duplicate(actor=request.user, plan=plan, **data),
        )
        if copy is not None:
            messages.success(
                request, _("The new plan was created as a draft from %(plan)s.") % {"plan": plan}
            )
            return redirect(_plan_url(copy))
    return _form_page(
        request,
        plan,
        form,
        title=_("Start the next action plan from this one"),
        intro=_(
            "The new plan gets a copy of the themes, focus areas, facts, goals, indicators "
            "(without their observations), planned activities, suggested partners and funding "
            "sources. It starts as a draft."
        ),
        submit=_("Create the new plan"),
        cancel=_plan_url(plan),
        crumbs=[(plan.title, _plan_url(plan))],
    )


def _initial(instance: Model, form_class) -> dict:
    return {
        name: getattr(instance, name)
        for name in form_class.base_fields
        if name != "version" and hasattr(instance, name)
    }


# -- themes and focus areas ------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def theme_create(request, slug):
    plan = _editable_plan(request, slug)
    form = ThemeForm(request.POST or None, initial={"order": _next_order(plan.themes.all())})
    if request.method == "POST":
        theme = save_form(
            form, lambda data: services.theme_create(actor=request.user, plan=plan, **_values(form))
        )
        if theme is not None:
            messages.success(request, _("The theme was created."))
            return redirect(_plan_url(plan, f"theme-{theme.pk}"))
    return _form_page(
        request,
        plan,
        form,
        title=_("New theme"),
        submit=_("Create the theme"),
        cancel=_plan_url(plan),
        crumbs=[(plan.title, _plan_url(plan))],
    )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def theme_edit(request, slug, pk):
    plan = _editable_plan(request, slug)
    theme = _get(Theme.objects.filter(plan=plan), pk=pk)
    form = ThemeForm(request.POST or None, instance=theme, initial=_initial(theme, ThemeForm))
    if request.method == "POST":
        saved = save_form(
            form,
            lambda data: services.theme_update(
                actor=request.user,
                theme=theme,
                expected_version=form.expected_version,
                **_values(form),
            ),
        )
        if saved is not None:
            messages.success(request, _("The theme was saved."))
            return redirect(_plan_url(plan, f"theme-{theme.pk}"))
    return _form_page(
        request,
        plan,
        form,
        title=_("Edit the theme"),
        submit=_("Save"),
        cancel=_plan_url(plan, f"theme-{theme.pk}"),
        crumbs=[(plan.title, _plan_url(plan))],
    )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def focus_area_create(request, slug, theme):
    plan = _editable_plan(request, slug)
    theme = _get(Theme.objects.filter(plan=plan).select_related("plan"), pk=theme)
    form = FocusAreaForm(request.POST or None)
    if request.method == "POST":
        area = save_form(
            form,
            lambda data: services.focus_area_create(
                actor=request.user,
                theme=theme,
                order=_next_order(theme.focus_areas.all()),
                **_values(form),
            ),
        )
        if area is not None:
            messages.success(request, _("The focus area was created."))
            return redirect(_area_url(area))
    return _form_page(
        request,
        plan,
        form,
        title=_("New focus area in %(theme)s") % {"theme": theme.title},
        submit=_("Create the focus area"),
        cancel=_plan_url(plan, f"theme-{theme.pk}"),
        crumbs=[(plan.title, _plan_url(plan))],
    )


@require_POST
@workspace_view
def focus_area_move(request, slug, pk):
    plan = _editable_plan(request, slug)
    area = _get(FocusArea.objects.filter(plan=plan).select_related("plan", "theme"), pk=pk)
    direction = request.POST.get("direction", "")
    try:
        moved = services.focus_area_move(actor=request.user, focus_area=area, direction=direction)
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400, content_type="text/plain")
    if request.htmx:
        theme = selectors.theme_for_editing(plan, area.theme_id)
        status = (_("%(area)s moved up.") if direction == "up" else _("%(area)s moved down.")) % {
            "area": moved.title
        }
        return render(
            request,
            "workspace/plans/_theme_areas.html",
            _context(request, plan, theme=theme, status=status),
        )
    return redirect(_plan_url(plan, f"area-{area.pk}"))


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def focus_area_edit(request, slug, pk):
    plan = _editable_plan(request, slug)
    try:
        area = selectors.focus_area_for_editing(plan, pk)
    except FocusArea.DoesNotExist:
        raise Http404 from None
    form = FocusAreaForm(request.POST or None, instance=area, initial=_initial(area, FocusAreaForm))
    if request.method == "POST":
        saved = save_form(
            form,
            lambda data: services.focus_area_update(
                actor=request.user,
                focus_area=area,
                expected_version=form.expected_version,
                **_values(form),
            ),
        )
        if saved is not None:
            messages.success(request, _("The focus area was saved."))
            return redirect(_area_url(area))
        area = selectors.focus_area_for_editing(plan, pk)
    if not _can_edit(request, plan):
        _read_only(form)
    sections = [kind.section(area, request) for kind in KINDS.values()]
    return render(
        request,
        "workspace/plans/focus_area.html",
        _context(
            request,
            plan,
            area=area,
            form=form,
            sections=sections,
            crumbs=[(plan.title, _plan_url(plan))],
        ),
    )


# -- what a focus area holds: facts, goals, activities, partners, funding --------------------


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
    update: Callable[..., Model]
    delete: Callable[..., None]
    items: Callable[[FocusArea], list]

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
            update=lambda *, actor, obj, **v: services.fact_update(actor=actor, fact=obj, **v),
            delete=lambda *, actor, obj: services.fact_delete(actor=actor, fact=obj),
            items=lambda area: list(area.facts.all()),
        ),
        Kind(
            key="maal",
            model=Goal,
            form_class=GoalForm,
            heading=_("Goals"),
            new_label=_("Add a goal"),
            create=services.goal_create,
            update=lambda *, actor, obj, **v: services.goal_update(actor=actor, goal=obj, **v),
            delete=lambda *, actor, obj: services.goal_delete(actor=actor, goal=obj),
            items=lambda area: list(area.goals.all()),
        ),
        Kind(
            key="aktiviteter",
            model=PlannedActivity,
            form_class=ActivityForm,
            heading=_("Planned activities"),
            new_label=_("Add an activity"),
            create=services.activity_create,
            update=lambda *, actor, obj, **v: services.activity_update(
                actor=actor, activity=obj, **v
            ),
            delete=lambda *, actor, obj: services.activity_delete(actor=actor, activity=obj),
            items=lambda area: list(area.top_activities),
        ),
        Kind(
            key="partnere",
            model=SuggestedPartner,
            form_class=PartnerForm,
            heading=_("Suggested partners"),
            new_label=_("Add a partner"),
            create=services.suggested_partner_create,
            update=lambda *, actor, obj, **v: services.suggested_partner_update(
                actor=actor, partner=obj, **v
            ),
            delete=lambda *, actor, obj: services.suggested_partner_delete(
                actor=actor, partner=obj
            ),
            items=lambda area: list(area.suggested_partners.all()),
        ),
        Kind(
            key="finansiering",
            model=SuggestedFunding,
            form_class=FundingForm,
            heading=_("Suggested funding sources"),
            new_label=_("Add a funding source"),
            create=services.suggested_funding_create,
            update=lambda *, actor, obj, **v: services.suggested_funding_update(
                actor=actor, funding=obj, **v
            ),
            delete=lambda *, actor, obj: services.suggested_funding_delete(
                actor=actor, funding=obj
            ),
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


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def item_create(request, slug, area, kind):
    plan = _editable_plan(request, slug)
    kind = _kind(kind)
    area = _area(plan, area)
    # The same prefix as the inline form on the focus-area page, which posts here too.
    form = kind.form(request.POST or None, area=area, prefix=kind.key)
    if request.method == "POST":
        created = save_form(
            form,
            lambda data: kind.create(
                actor=request.user,
                focus_area=area,
                order=_next_order(kind.model.objects.filter(focus_area=area)),
                **_values(form),
            ),
        )
        if request.htmx:
            full = selectors.focus_area_for_editing(plan, area.pk)
            section = kind.section(full, request, add_form=None if created else form)
            return render(
                request,
                "workspace/plans/_section.html",
                _context(
                    request, plan, area=full, section=section, status=_("Added.") if created else ""
                ),
            )
        if created is not None:
            messages.success(request, _("Added."))
            return redirect(_area_url(area, f"section-{kind.key}"))
    return _form_page(
        request,
        plan,
        form,
        title=f"{kind.new_label}: {area.title}",
        submit=_("Add"),
        cancel=_area_url(area, f"section-{kind.key}"),
        crumbs=[(plan.title, _plan_url(plan)), (area.title, _area_url(area))],
    )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def item_edit(request, slug, area, kind, pk):
    plan = _editable_plan(request, slug)
    kind = _kind(kind)
    area = _area(plan, area)
    item = _item(kind, area, pk)
    form = kind.form(request.POST or None, area=area, instance=item)
    if request.method == "POST":
        saved = save_form(
            form,
            lambda data: kind.update(
                actor=request.user,
                obj=item,
                expected_version=form.expected_version,
                **_values(form),
            ),
        )
        if saved is not None:
            messages.success(request, _("Saved."))
            return redirect(_area_url(area, f"section-{kind.key}"))
    return _form_page(
        request,
        plan,
        form,
        title=f"{kind.heading}: {area.title}",
        submit=_("Save"),
        cancel=_area_url(area, f"section-{kind.key}"),
        crumbs=[(plan.title, _plan_url(plan)), (area.title, _area_url(area))],
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


# -- indicators and observations -------------------------------------------------------------


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
    if request.method == "POST":
        indicator = save_form(
            form,
            lambda data: indicator_services.indicator_create(
                actor=request.user,
                goal=goal,
                order=_next_order(goal.indicators.all()),
                **_values(form),
            ),
        )
        if indicator is not None:
            messages.success(request, _("The indicator was created."))
            return redirect(_indicator_url(indicator))
    return _form_page(
        request,
        plan,
        form,
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
    saved = save_form(
        form,
        lambda data: indicator_services.indicator_update(
            actor=request.user,
            indicator=indicator,
            expected_version=form.expected_version,
            **_values(form),
        ),
    )
    if saved is not None:
        messages.success(request, _("The indicator was saved."))
        return redirect(_indicator_url(indicator))
    return _indicator_page(request, plan, _indicator(plan, pk), form=form)


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


# -- bulk entry ------------------------------------------------------------------------------


@dataclass
class BulkRow:
    indicator: Indicator
    latest: object
    name: str
    typed: str
    errors: list[str]


def _bulk_rows(indicators, data=None, errors=None) -> list[BulkRow]:
    rows = []
    for indicator in indicators:
        observations = list(indicator.observations.all())
        name = f"value-{indicator.pk}"
        rows.append(
            BulkRow(
                indicator=indicator,
                latest=observations[-1] if observations else None,
                name=name,
                typed=(data or {}).get(name, ""),
                errors=(errors or {}).get(indicator.pk, []),
            )
        )
    return rows


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def bulk_entry(request, slug):
    plan = _editable_plan(request, slug)
    indicators = list(indicator_selectors.indicators_for_plan(plan))
    form = BulkDateForm(request.POST or None)
    row_errors: dict[int, list[str]] = {}
    if request.method == "POST" and form.is_valid():
        entries = []
        for indicator in indicators:
            typed = request.POST.get(f"value-{indicator.pk}", "").strip()
            if not typed:
                continue
            qualitative = indicator.measure == Indicator.Measure.QUALITATIVE
            entries.append(
                indicator_services.ObservationEntry(
                    indicator=indicator,
                    date=form.cleaned_data["date"],
                    value=None if qualitative else bulk.number_text(typed, indicator.measure),
                    text=typed if qualitative else "",
                    source=form.cleaned_data["source"],
                )
            )
        if not entries:
            form.add_error(None, _("Write a value in at least one row."))
        else:
            try:
                created = indicator_services.observations_create_many(
                    actor=request.user, entries=entries
                )
            except indicator_services.ObservationEntryErrors as refused:
                for position, by_field in refused.errors.items():
                    pk = entries[position].indicator.pk
                    row_errors[pk] = [m for texts in by_field.values() for m in texts]
                form.add_error(
                    None,
                    ngettext(
                        "%(count)d row was refused, so no value was saved; see the row below.",
                        "%(count)d rows were refused, so no value was saved; see the rows below.",
                        len(row_errors),
                    )
                    % {"count": len(row_errors)},
                )
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d value was saved.", "%(count)d values were saved.", len(created)
                    )
                    % {"count": len(created)},
                )
                return redirect(reverse("workspace:bulk_entry", args=[plan.slug]))
    if not _can_edit(request, plan):
        _read_only(form)
    return render(
        request,
        "workspace/plans/bulk.html",
        _context(
            request,
            plan,
            form=form,
            rows=_bulk_rows(
                indicators, request.POST if request.method == "POST" else None, row_errors
            ),
            crumbs=[(plan.title, _plan_url(plan))],
        ),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def bulk_csv(request, slug):
    plan = _editable_plan(request, slug)
    form = CsvForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > CSV_MAX_BYTES:
            form.add_error("file", _("The file is larger than 2 MB; split it up."))
        else:
            indicators = list(indicator_selectors.indicators_for_plan(plan))
            try:
                created = bulk.import_observations_csv(
                    actor=request.user, data=upload.read(), indicators=indicators
                )
            except bulk.CsvImportError as refused:
                problems = refused.messages
                form.add_error(
                    "file",
                    ngettext(
                        "The file has %(count)d error, so nothing was saved.",
                        "The file has %(count)d errors, so nothing was saved.",
                        len(problems),
                    )
                    % {"count": len(problems)},
                )
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d observation was recorded from the file.",
                        "%(count)d observations were recorded from the file.",
                        len(created),
                    )
                    % {"count": len(created)},
                )
                return redirect(reverse("workspace:bulk_entry", args=[plan.slug]))
    if not _can_edit(request, plan):
        _read_only(form)
    return render(
        request,
        "workspace/plans/csv.html",
        _context(
            request,
            plan,
            form=form,
            problems=problems,
            crumbs=[
                (plan.title, _plan_url(plan)),
                (_("Indicator values"), reverse("workspace:bulk_entry", args=[plan.slug])),
            ],
        ),
    )
