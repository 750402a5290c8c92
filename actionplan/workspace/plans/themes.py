"""Workspace pages for a plan's themes."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from actionplan.plans import services
from actionplan.plans.models import Theme
from actionplan.plans.sectors import dac_sector_choices

from ..access import workspace_view
from ..forms import VersionedForm, save_form
from .common import _editable_plan, _form_page, _get, _initial, _next_order, _plan_url, _values


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
