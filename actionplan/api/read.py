"""Public read endpoints: published content only, for every caller, with ETag and
Last-Modified (a 304 answer costs one query; a project's, which names its version, two)."""

import math
from collections.abc import Callable
from typing import Any

from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Router

from actionplan.core.pagecache import public_cache
from actionplan.indicators.selectors import public_goals, public_indicators
from actionplan.opendata.http import Validators
from actionplan.organisations.models import FundingSource, Organisation
from actionplan.organisations.selectors import funding_source_list, organisation_list
from actionplan.plans.selectors import public_focus_areas, public_plans, public_themes
from actionplan.projects import selectors as project_selectors
from actionplan.projects.selectors import (
    ProjectFilter,
    public_project_count_in_plan,
    public_project_version,
    with_focus_areas,
)
from actionplan.rounds.selectors import public_assessments, public_project_get, public_rounds

from . import output, selectors
from .schemas import (
    MAX_ID,
    SLUG,
    AssessmentListIn,
    AssessmentPageOut,
    ErrorOut,
    FocusAreaDetailOut,
    FocusAreaListIn,
    FocusAreaPageOut,
    FundingSourceDetailOut,
    FundingSourceListIn,
    FundingSourcePageOut,
    GoalDetailOut,
    GoalListIn,
    GoalPageOut,
    IndicatorDetailOut,
    IndicatorListIn,
    IndicatorPageOut,
    OrganisationDetailOut,
    OrganisationListIn,
    OrganisationPageOut,
    PageIn,
    PlanDetailOut,
    PlanListIn,
    PlanPageOut,
    ProjectDetailOut,
    ProjectListIn,
    ProjectPageOut,
    RoundDetailOut,
    RoundListIn,
    RoundPageOut,
    ThemeDetailOut,
    ThemeListIn,
    ThemePageOut,
)

router = Router()
# Answers to callers without a token are kept whole under the data version; the write
# operations on the same router pass through (not GET, or with a token).
router.add_decorator(public_cache, mode="view")

ERRORS: dict[int, Any] = {304: None, 400: ErrorOut, 422: ErrorOut}
LIST = ERRORS
DETAIL = {**ERRORS, 404: ErrorOut}

Slug = Path(..., max_length=100, pattern=SLUG)
ProjectSlug = Path(..., max_length=120, pattern=SLUG)
Id = Path(..., ge=1, le=MAX_ID)


class NotFound(Exception):
    """Answered with 404 and an ErrorOut body (see actionplan.api.api)."""


def _page(
    queryset: QuerySet, query: PageIn, render: Callable[[Any], dict], count: int | None = None
) -> dict:
    """A page of the rows; `count` when it is known without counting them."""
    if count is None:
        count = queryset.count()
    start = (query.page - 1) * query.page_size
    rows = list(queryset[start : start + query.page_size]) if start < count else []
    return {
        "count": count,
        "page": query.page,
        "page_size": query.page_size,
        "pages": math.ceil(count / query.page_size),
        "items": [render(row) for row in rows],
    }


def _answer(
    request: HttpRequest,
    response: HttpResponse,
    build: Callable[[], Any],
    object_version: str = "",
):
    """The data `build` returns with validators, or a 304 when the caller's copy is current."""
    validators = Validators(request, object_version=object_version)
    not_modified = validators.not_modified(request)
    if not_modified is not None:
        return not_modified
    data = build()
    validators.stamp(response)
    return data


def _one(queryset_or_row, render: Callable[[Any], dict]) -> dict:
    row = queryset_or_row.first() if isinstance(queryset_or_row, QuerySet) else queryset_or_row
    if row is None:
        raise NotFound
    return render(row)


def _sort(sort: str, fields: dict[str, str]) -> list:
    """The order for a sort parameter: unknown values do not reach here (Literal), nulls
    last either way on every database."""
    descending = sort.startswith("-")
    field = F(fields[sort.lstrip("-")])
    return [field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)]


# -- plans, themes, focus areas, goals, indicators -----------------------------------------


@router.get("/plans", response={200: PlanPageOut, **LIST}, tags=["plans"])
def plan_list(request, response: HttpResponse, query: Query[PlanListIn]):
    """Published action plans."""
    fields = {"period_start": "period_start", "title": "title"}
    return _answer(
        request,
        response,
        lambda: _page(
            public_plans(
                search=query.search,
                organisation=query.organisation,
                year=query.year,
                order=_sort(query.sort, fields),
            ),
            query,
            output.plan,
        ),
    )


@router.get("/plans/{slug}", response={200: PlanDetailOut, **DETAIL}, tags=["plans"])
def plan_detail(request, response: HttpResponse, slug: str = Slug):
    return _answer(
        request,
        response,
        lambda: _one(selectors.public_plan_detail(slug), output.plan_detail),
    )


@router.get("/themes", response={200: ThemePageOut, **LIST}, tags=["plans"])
def theme_list(request, response: HttpResponse, query: Query[ThemeListIn]):
    return _answer(
        request, response, lambda: _page(public_themes(plan=query.plan), query, output.theme)
    )


@router.get("/themes/{theme_id}", response={200: ThemeDetailOut, **DETAIL}, tags=["plans"])
def theme_detail(request, response: HttpResponse, theme_id: int = Id):
    return _answer(
        request, response, lambda: _one(public_themes().filter(pk=theme_id), output.theme)
    )


@router.get("/focus-areas", response={200: FocusAreaPageOut, **LIST}, tags=["plans"])
def focus_area_list(request, response: HttpResponse, query: Query[FocusAreaListIn]):
    orders = {
        "plan": ["plan__period_start", "plan__slug", "theme__order", "order"],
        "title": ["title"],
        "-title": ["-title"],
    }
    return _answer(
        request,
        response,
        lambda: _page(
            public_focus_areas(
                plan=query.plan, theme=query.theme, search=query.search, order=orders[query.sort]
            ),
            query,
            output.focus_area,
        ),
    )


@router.get(
    "/focus-areas/{focus_area_id}", response={200: FocusAreaDetailOut, **DETAIL}, tags=["plans"]
)
def focus_area_detail(request, response: HttpResponse, focus_area_id: int = Id):
    return _answer(
        request,
        response,
        lambda: _one(public_focus_areas().filter(pk=focus_area_id), output.focus_area),
    )


@router.get("/goals", response={200: GoalPageOut, **LIST}, tags=["goals and indicators"])
def goal_list(request, response: HttpResponse, query: Query[GoalListIn]):
    return _answer(
        request,
        response,
        lambda: _page(
            public_goals(plan=query.plan, focus_area=query.focus_area), query, output.goal
        ),
    )


@router.get(
    "/goals/{goal_id}", response={200: GoalDetailOut, **DETAIL}, tags=["goals and indicators"]
)
def goal_detail(request, response: HttpResponse, goal_id: int = Id):
    return _answer(request, response, lambda: _one(public_goals().filter(pk=goal_id), output.goal))


@router.get("/indicators", response={200: IndicatorPageOut, **LIST}, tags=["goals and indicators"])
def indicator_list(request, response: HttpResponse, query: Query[IndicatorListIn]):
    """Indicators with their observations and the status computed from them."""
    return _answer(
        request,
        response,
        lambda: _page(
            public_indicators(
                plan=query.plan,
                focus_area=query.focus_area,
                goal=query.goal,
                measure=query.measure,
                search=query.search,
            ),
            query,
            output.indicator,
        ),
    )


@router.get(
    "/indicators/{indicator_id}",
    response={200: IndicatorDetailOut, **DETAIL},
    tags=["goals and indicators"],
)
def indicator_detail(request, response: HttpResponse, indicator_id: int = Id):
    return _answer(
        request,
        response,
        lambda: _one(public_indicators().filter(pk=indicator_id), output.indicator),
    )


# -- projects -------------------------------------------------------------------------------


@router.get("/projects", response={200: ProjectPageOut, **LIST}, tags=["projects"])
def project_list(request, response: HttpResponse, query: Query[ProjectListIn]):
    """Published projects; every filter given must hold."""
    return _answer(
        request,
        response,
        lambda: _page(
            with_focus_areas(
                project_selectors.project_list(project_filter(query), sort=query.sort)
            ),
            query,
            output.project,
            count=_stored_project_count(query),
        ),
    )


def project_filter(query: ProjectListIn) -> ProjectFilter:
    """The API's parameters as the one project filter."""
    return ProjectFilter(
        plan=query.plan,
        theme=query.theme,
        focus_area=query.focus_area,
        status=query.status,
        year=query.year,
        organisation=query.organisation,
        funding_source=query.funding_source,
        sdg=query.sdg,
        amount_min=query.amount_min,
        amount_max=query.amount_max,
        search=query.search,
    )


def _stored_project_count(query: ProjectListIn) -> int | None:
    """The count of a plan's projects (in a status) from the stored totals, when no other
    filter is given; None when the rows must be counted."""
    others = [
        query.theme,
        query.focus_area,
        query.year,
        query.organisation,
        query.funding_source,
        query.sdg,
        query.amount_min,
        query.amount_max,
    ]
    if not query.plan or (query.search or "").strip() or any(v is not None for v in others):
        return None
    return public_project_count_in_plan(query.plan, query.status)


@router.get("/projects/{slug}", response={200: ProjectDetailOut, **DETAIL}, tags=["projects"])
def project_detail(request, response: HttpResponse, slug: str = ProjectSlug):
    """A published project with partners, grants, co-funding and published updates. Its ETag
    starts with the project's version: send it as If-Match to change the project (PATCH)."""
    version = public_project_version(slug)
    if version is None:
        raise NotFound
    return _answer(
        request,
        response,
        lambda: _one(public_project_get(slug), output.project_detail),
        object_version=version,
    )


# -- organisations and funding sources ------------------------------------------------------


@router.get("/organisations", response={200: OrganisationPageOut, **LIST}, tags=["organisations"])
def organisation_index(request, response: HttpResponse, query: Query[OrganisationListIn]):
    return _answer(
        request,
        response,
        lambda: _page(
            organisation_list(search=query.search, kind=query.kind), query, output.organisation
        ),
    )


@router.get(
    "/organisations/{slug}",
    response={200: OrganisationDetailOut, **DETAIL},
    tags=["organisations"],
)
def organisation_detail(request, response: HttpResponse, slug: str = Slug):
    return _answer(
        request,
        response,
        lambda: _one(Organisation.objects.filter(slug=slug), output.organisation),
    )


@router.get(
    "/funding-sources", response={200: FundingSourcePageOut, **LIST}, tags=["organisations"]
)
def funding_source_index(request, response: HttpResponse, query: Query[FundingSourceListIn]):
    return _answer(
        request,
        response,
        lambda: _page(
            funding_source_list(search=query.search, kind=query.kind),
            query,
            output.funding_source,
        ),
    )


@router.get(
    "/funding-sources/{slug}",
    response={200: FundingSourceDetailOut, **DETAIL},
    tags=["organisations"],
)
def funding_source_detail(request, response: HttpResponse, slug: str = Slug):
    return _answer(
        request,
        response,
        lambda: _one(
            FundingSource.objects.filter(slug=slug).select_related("organisation"),
            output.funding_source,
        ),
    )


# -- status rounds and assessments ----------------------------------------------------------


@router.get("/rounds", response={200: RoundPageOut, **LIST}, tags=["status rounds"])
def round_list(request, response: HttpResponse, query: Query[RoundListIn]):
    """Published status rounds of published plans."""
    return _answer(
        request,
        response,
        lambda: _page(public_rounds(plan=query.plan), query, output.status_round),
    )


@router.get("/rounds/{round_id}", response={200: RoundDetailOut, **DETAIL}, tags=["status rounds"])
def round_detail(request, response: HttpResponse, round_id: int = Id):
    return _answer(
        request,
        response,
        lambda: _one(public_rounds().filter(pk=round_id), output.status_round),
    )


@router.get("/assessments", response={200: AssessmentPageOut, **LIST}, tags=["status rounds"])
def assessment_list(request, response: HttpResponse, query: Query[AssessmentListIn]):
    """Each focus area's assessment ("still relevant?") in published rounds."""
    return _answer(
        request,
        response,
        lambda: _page(
            public_assessments(
                plan=query.plan,
                round=query.round,
                focus_area=query.focus_area,
                still_relevant=query.still_relevant,
            ),
            query,
            output.assessment,
        ),
    )
