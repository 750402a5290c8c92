from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from actionplan.core.pagecache import public_cache
from actionplan.core.paging import CappedPaginator
from actionplan.plans.models import FocusArea
from actionplan.reports.formats import FORMATS as MEMO_FORMATS
from actionplan.reports.formats import memo_response
from actionplan.rounds.models import StatusRound

from . import charts, downloads, overview, selectors
from .forms import ProjectFilterForm
from .sdgs import sdg_names

PAGE_SIZE = 20
GEO_URL = "portal/geo/dk-municipalities.json"


def _english() -> bool:
    return (get_language() or "da").startswith("en")


def _with_downloads(chart_map: dict, base: str) -> dict:
    """Each chart's CSV/XLSX links: `base` + its key + the format."""
    for chart in chart_map.values():
        if chart is not None:
            chart["downloads"] = {fmt: f"{base}{chart['key']}.{fmt}" for fmt in downloads.FORMATS}
    return chart_map


def _plan_charts(page) -> dict:
    return {
        "by_area": charts.money_by_focus_area(page.themes),
        "by_theme": charts.money_by_theme(page.themes),
        "by_status": charts.projects_by_status(page.by_status),
    }


def _plan_context(slug: str, **extra) -> dict:
    page = selectors.plan_page(slug)
    base = reverse("portal:plan_chart", args=[slug, "x", "csv"]).removesuffix("x.csv")
    return {
        "nav": "plan",
        "page": page,
        "plan": page.plan,
        "plan_state": overview.plan_state(page.plan),
        "charts": _with_downloads(_plan_charts(page), base),
        **extra,
    }


@require_safe
@public_cache
def home(request):
    """The current plan of the installation's own organisation, with a way to every other
    plan; without an own organisation (or plan) the list of every plan."""
    own = overview.own_organisation()
    plan = overview.current_plan(own) if own is not None else None
    if plan is not None:
        return render(request, "portal/plan.html", _plan_context(plan.slug, is_home=True))
    groups = overview.plan_index()
    if groups:
        return render(request, "portal/plans.html", {"nav": "plans", "groups": groups})
    return render(request, "portal/no_plans.html")


@require_safe
@public_cache
def plan_list(request):
    return render(request, "portal/plans.html", {"nav": "plans", "groups": overview.plan_index()})


@require_safe
@public_cache
def plan_detail(request, slug):
    return render(request, "portal/plan.html", _plan_context(slug))


@require_safe
@public_cache
def plan_memo(request, slug, round_slug, fmt):
    """A published round's status memo, as frozen when the round closed."""
    from actionplan.reports.builder import build_memo

    plan = selectors.get_published_plan(slug)
    status_round = plan.rounds.filter(slug=round_slug, state=StatusRound.State.PUBLISHED).first()
    if status_round is None or fmt not in MEMO_FORMATS:
        raise Http404("No such published status memo")
    return memo_response(build_memo(status_round), fmt, f"{plan.slug}-{status_round.slug}")


@require_safe
@public_cache
def plan_chart(request, slug, key, fmt):
    page = selectors.plan_page(slug)
    return _chart_download(_plan_charts(page).values(), key, fmt, slug)


def _chart_download(chart_list, key, fmt, prefix):
    if fmt not in downloads.FORMATS:
        raise Http404("No such format")
    for chart in chart_list:
        if chart is not None and chart["key"] == key:
            return downloads.respond(downloads.chart_table(chart, f"{prefix}-{key}"), fmt)
    raise Http404("No such chart")


def _map_context(*, plan=None, area=None, caption: str) -> dict:
    data = overview.map_data(plan=plan, area=area, english=_english())
    chart = charts.municipality_map(data, static(GEO_URL), caption=caption)
    return {"map": chart, "map_data": data, "map_points": overview.MAP_POINTS}


@require_safe
@public_cache
def plan_map(request, slug):
    plan = selectors.get_published_plan(slug)
    context = _map_context(
        plan=plan, caption=_("Projects and money per municipality: %(plan)s") % {"plan": plan.title}
    )
    context["map"]["downloads"] = {
        fmt: reverse("portal:plan_map_data", args=[slug, fmt]) for fmt in downloads.FORMATS
    }
    return render(request, "portal/map.html", {"nav": "plans", "plan": plan, **context})


@require_safe
@public_cache
def plan_map_data(request, slug, fmt):
    plan = selectors.get_published_plan(slug)
    context = _map_context(plan=plan, caption="")
    return _chart_download([context["map"]], "kort", fmt, slug)


def _area(plan_slug, area_slug) -> FocusArea:
    plan = selectors.get_published_plan(plan_slug)
    return get_object_or_404(
        FocusArea.objects.select_related("plan", "theme"), plan=plan, slug=area_slug
    )


@require_safe
@public_cache
def focus_area_map(request, plan_slug, area_slug):
    area = _area(plan_slug, area_slug)
    context = _map_context(
        area=area,
        caption=_("Projects and money per municipality: %(area)s") % {"area": area.title},
    )
    context["map"]["downloads"] = {
        fmt: reverse("portal:focus_area_map_data", args=[plan_slug, area_slug, fmt])
        for fmt in downloads.FORMATS
    }
    return render(
        request, "portal/map.html", {"nav": "plans", "plan": area.plan, "area": area, **context}
    )


@require_safe
@public_cache
def focus_area_map_data(request, plan_slug, area_slug, fmt):
    area = _area(plan_slug, area_slug)
    context = _map_context(area=area, caption="")
    return _chart_download([context["map"]], "kort", fmt, f"{plan_slug}-{area_slug}")


@require_safe
@public_cache
def national(request):
    figures = overview.national_page()
    context = _map_context(caption=_("Projects and money per municipality, every plan"))
    context["map"]["downloads"] = {
        fmt: reverse("portal:national_chart", args=["kort", fmt]) for fmt in downloads.FORMATS
    }
    chart_map = _with_downloads(
        {"money": charts.national_money(figures)},
        reverse("portal:national_chart", args=["x", "csv"]).removesuffix("x.csv"),
    )
    return render(
        request,
        "portal/national.html",
        {"nav": "national", "figures": figures, "charts": chart_map, **context},
    )


@require_safe
@public_cache
def national_chart(request, key, fmt):
    if key == "kort":
        return _chart_download([_map_context(caption="")["map"]], key, fmt, "alle")
    return _chart_download([charts.national_money(overview.national_page())], key, fmt, "alle")


@require_safe
@public_cache
def search(request):
    query = request.GET.get("q", "").strip()[:200]
    results = overview.search_everything(query)
    return render(request, "portal/search.html", {"nav": "search", "results": results, "q": query})


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
        goals.append({"goal": goal, "indicators": indicators, "history": goal_history(goal)})
    base = reverse("portal:focus_area_chart", args=[plan_slug, area_slug, "x", "csv"])
    _with_downloads(
        {item["chart_id"]: item["chart"] for g in goals for item in g["indicators"]},
        base.removesuffix("x.csv"),
    )
    return render(
        request,
        "portal/focus_area.html",
        {"nav": "plan", "page": page, "plan": page.plan, "area": page.area, "goals": goals},
    )


def goal_history(goal) -> list:
    """The goal in earlier and later plans (carried_from both ways), oldest first."""
    return selectors.goal_history(goal)


@require_safe
@public_cache
def focus_area_chart(request, plan_slug, area_slug, key, fmt):
    page = selectors.focus_area_page(plan_slug, area_slug)
    found = [
        charts.indicator_chart(indicator)
        for goal in page.area.goals.all()
        for indicator in goal.indicators.all()
    ]
    return _chart_download(found, key, fmt, f"{plan_slug}-{area_slug}")


@require_safe
@public_cache
def project_detail(request, slug):
    project = selectors.project_page(slug)
    return render(
        request,
        "portal/project.html",
        {"nav": "projects", "project": project, "sdgs": sdg_names(project.sdgs)},
    )


@require_safe
@public_cache
def organisation_detail(request, slug):
    page = selectors.organisation_page(slug)
    plans = overview.organisation_plans(page.organisation)
    return render(request, "portal/organisation.html", {"page": page, "plans": plans})


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
        selectors.project_list(filters, form.order()), PAGE_SIZE, found_first=bool(filters.search)
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
def project_list_download(request, fmt):
    """The project list with the same filters and order as the page, every row."""
    if fmt not in downloads.FORMATS:
        raise Http404("No such format")
    form = ProjectFilterForm(request.GET, options=selectors.filter_options())
    projects = selectors.project_list(form.filters(), form.order())
    return downloads.respond(downloads.project_table(projects), fmt)


@require_safe
@public_cache
def accessibility(request):
    return render(request, "portal/accessibility.html")
