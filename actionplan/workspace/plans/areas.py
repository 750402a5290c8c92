"""Workspace pages for a focus area: creating, moving and editing it with its sections."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from actionplan.indicators import selectors as indicator_selectors
from actionplan.plans import selectors, services
from actionplan.plans.models import FocusArea, Theme

from ..access import workspace_view
from ..forms import VersionedForm, textarea
from .common import (
    _area_url,
    _can_edit,
    _context,
    _editable_plan,
    _get,
    _initial,
    _next_order,
    _plan_url,
    _read_only,
    _save_page,
    _saved,
)
from .fields import DacSectorField
from .items import KINDS


class FocusAreaForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    slug = forms.SlugField(label=_("Short name in addresses"), max_length=100)
    challenge = forms.CharField(label=_("The challenge"), required=False, widget=textarea(6))
    approach = forms.CharField(label=_("What we will do"), required=False, widget=textarea(6))
    dac_sector = DacSectorField(
        help_text=_(
            "The OECD DAC purpose code reported as the sector of the focus area's projects; "
            "empty: the theme's."
        )
    )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def focus_area_create(request, slug, theme):
    plan = _editable_plan(request, slug)
    theme = _get(Theme.objects.filter(plan=plan).select_related("plan"), pk=theme)
    form = FocusAreaForm(request.POST or None)
    return _save_page(
        request,
        plan,
        form,
        lambda values: services.focus_area_create(
            actor=request.user, theme=theme, order=_next_order(theme.focus_areas.all()), **values
        ),
        done=_("The focus area was created."),
        next_url=_area_url,
        title=_("New focus area in %(theme)s") % {"theme": theme.title},
        submit=_("Create the focus area"),
        cancel=_plan_url(plan, f"theme-{theme.pk}"),
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
        area = indicator_selectors.focus_area_for_editing(plan, pk)
    except FocusArea.DoesNotExist:
        raise Http404 from None
    form = FocusAreaForm(request.POST or None, instance=area, initial=_initial(area, FocusAreaForm))
    response = _saved(
        request,
        form,
        lambda values: services.focus_area_update(
            actor=request.user, focus_area=area, expected_version=form.expected_version, **values
        ),
        done=_("The focus area was saved."),
        next_url=_area_url,
    )
    if response is not None:
        return response
    if request.method == "POST":
        area = indicator_selectors.focus_area_for_editing(plan, pk)
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
