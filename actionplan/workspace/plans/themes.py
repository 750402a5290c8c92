"""Workspace pages for a plan's themes."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from actionplan.plans import services
from actionplan.plans.models import Theme

from ..access import workspace_view
from ..forms import VersionedForm
from .common import _editable_plan, _get, _initial, _next_order, _plan_url, _save_page
from .fields import DacSectorField


class ThemeForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    slug = forms.SlugField(label=_("Short name in addresses"), max_length=100)
    order = forms.IntegerField(
        label=_("Place in the plan"),
        min_value=0,
        initial=0,
        help_text=_("Themes are shown by this number, lowest first."),
    )
    dac_sector = DacSectorField(
        help_text=_(
            "The OECD DAC purpose code reported as the sector of the theme's projects, "
            "unless their focus area names its own."
        )
    )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def theme_create(request, slug):
    plan = _editable_plan(request, slug)
    form = ThemeForm(request.POST or None, initial={"order": _next_order(plan.themes.all())})
    return _save_page(
        request,
        plan,
        form,
        lambda values: services.theme_create(actor=request.user, plan=plan, **values),
        done=_("The theme was created."),
        next_url=lambda theme: _plan_url(plan, f"theme-{theme.pk}"),
        title=_("New theme"),
        submit=_("Create the theme"),
        cancel=_plan_url(plan),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def theme_edit(request, slug, pk):
    plan = _editable_plan(request, slug)
    theme = _get(Theme.objects.filter(plan=plan), pk=pk)
    form = ThemeForm(request.POST or None, instance=theme, initial=_initial(theme, ThemeForm))
    return _save_page(
        request,
        plan,
        form,
        lambda values: services.theme_update(
            actor=request.user, theme=theme, expected_version=form.expected_version, **values
        ),
        done=_("The theme was saved."),
        next_url=lambda saved: _plan_url(plan, f"theme-{theme.pk}"),
        title=_("Edit the theme"),
        submit=_("Save"),
        cancel=_plan_url(plan, f"theme-{theme.pk}"),
    )
