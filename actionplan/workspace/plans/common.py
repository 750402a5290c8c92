"""What every plan page shares: the plan through the user's roles, the edit right, the
form page and the URLs of a plan and a focus area."""

from collections.abc import Callable

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Model
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from actionplan.accounts.permissions import EDIT, may
from actionplan.accounts.selectors import workspace_plan
from actionplan.plans.models import ActionPlan, FocusArea

from ..forms import saved_redirect


def _values(form: forms.Form) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}


def _plan(request, slug: str) -> ActionPlan:
    try:
        return workspace_plan(request.user, slug)
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


def _saved(request, form: forms.Form, write: Callable[[dict], Model], *, done: str, next_url):
    """saved_redirect with the form's values without its version (`write(values)`)."""
    return saved_redirect(request, form, lambda data: write(_values(form)), done=done, to=next_url)


def _save_page(
    request,
    plan: ActionPlan,
    form: forms.Form,
    write: Callable[[dict], Model],
    *,
    done: str,
    next_url: Callable[[Model], str],
    failed: Callable[[], None] | None = None,
    crumbs=None,
    **page,
):
    """The one flow of a plan's create and edit pages: `_saved`, or else the form page
    (after `failed()` when a POST had errors)."""
    response = _saved(request, form, write, done=done, next_url=next_url)
    if response is not None:
        return response
    if failed is not None and request.method == "POST":
        failed()
    if crumbs is None:
        crumbs = [(plan.title, _plan_url(plan))]
    return _form_page(request, plan, form, crumbs=crumbs, **page)


def _plan_url(plan: ActionPlan, anchor: str = "") -> str:
    url = reverse("workspace:plan", args=[plan.slug])
    return f"{url}#{anchor}" if anchor else url


def _area_url(area: FocusArea, anchor: str = "") -> str:
    url = reverse("workspace:focus_area", args=[area.plan.slug, area.pk])
    return f"{url}#{anchor}" if anchor else url


def _next_order(queryset) -> int:
    highest = queryset.aggregate(highest=Max("order"))["highest"]
    return 0 if highest is None else highest + 1


def _initial(instance: Model, form_class) -> dict:
    return {
        name: getattr(instance, name)
        for name in form_class.base_fields
        if name != "version" and hasattr(instance, name)
    }
