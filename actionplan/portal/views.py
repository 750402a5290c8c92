from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from actionplan.core.pagecache import public_cache
from actionplan.core.paging import CappedPaginator

from . import charts, selectors
from .forms import ProjectFilterForm

PAGE_SIZE = 20


@require_safe
def home(request):
    """The newest published plan's front page; a friendly page while nothing is published."""
    plan = selectors.newest_published_plan()
    if plan is not None:
        return redirect("portal:plan", slug=plan.slug)
    return render(request, "portal/no_plans.html")


@require_safe
@public_cache
def plan_detail(request, slug):
    page = selectors.plan_page(slug)
    return render(
        request,
        "portal/plan.html",
        {
            "nav": "plan",
            "page": page,
            "plan": page.plan,
            "charts": {
                "by_area": charts.money_by_focus_area(page.themes),
                "by_theme": charts.money_by_theme(page.themes),
                "by_status": charts.projects_by_status(page.by_status),
            },
        },
    )


@require_safe
@public_cache
def focus_area_detail(request, plan_slug, area_slug):
    page = selectors.focus_area_page(plan_slug, area_slug)
    goals = []
    for goal in page.area.goals.all():
        indicators = [
            {
                "indicator": indicator,
                "status": selectors.indicator_status(indicator),
                "chart": charts.indicator_chart(indicator),
                "chart_id": f"chart-indicator-{indicator.pk}",
                "answers": charts.yes_no_answers(indicator),
            }
            for indicator in goal.indicators.all()
        ]
        goals.append({"goal": goal, "indicators": indicators})
    return render(
        request,
        "portal/focus_area.html",
        {"nav": "plan", "page": page, "plan": page.plan, "area": page.area, "goals": goals},
    )


@require_safe
@public_cache
def project_detail(request, slug):
    project = selectors.project_page(slug)
    return render(request, "portal/project.html", {"nav": "projects", "project": project})


@require_safe
@public_cache
def organisation_detail(request, slug):
    page = selectors.organisation_page(slug)
    return render(request, "portal/organisation.html", {"page": page})


def _is_htmx_partial(request) -> bool:
    # A history restore asks for the whole page again.
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


@require_safe
@public_cache
def project_list(request):
    form = ProjectFilterForm(request.GET, options=selectors.filter_options())
    filters = form.filters()
    paginator = CappedPaginator(
        selectors.project_list(filters), PAGE_SIZE, found_first=bool(filters.q)
    )
    page = paginator.get_page(request.GET.get("side"))
    projects = selectors.attach_money(page.object_list)
    context = {
        "nav": "projects",
        "form": form,
        "filters": filters,
        "page_obj": page,
        "projects": projects,
        "paginator": paginator,
        "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)),
    }
    template = (
        "portal/_project_results.html" if _is_htmx_partial(request) else "portal/projects.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
@public_cache
def accessibility(request):
    return render(request, "portal/accessibility.html")
