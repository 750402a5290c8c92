"""The lists behind the cockpit's numbers (actionplan.workspace.cockpit)."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from actionplan.accounts.permissions import plans_for
from actionplan.core.paging import CappedPaginator
from actionplan.rounds.models import StatusRound

from . import cockpit
from .access import workspace_view

PAGE_SIZE = 50


def _page(request, rows, *, found_first: bool = True):
    paginator = CappedPaginator(rows, PAGE_SIZE, found_first=found_first)
    query = request.GET.copy()
    query.pop("side", None)
    return paginator.get_page(request.GET.get("side")), query.urlencode()


def _list(request, title: str, table: str, rows, *, paged: bool = True, **extra):
    """One of the cockpit's lists: the page is workspace/cockpit/list.html around the table
    template workspace/cockpit/_<table>.html."""
    page, query = _page(request, rows) if paged else (None, "")
    return render(
        request,
        "workspace/cockpit/list.html",
        {
            "nav": "home",
            "title": title,
            "table": f"workspace/cockpit/_{table}.html",
            "rows": page.object_list if paged else rows,
            "page": page,
            "query": query,
            **extra,
        },
    )


STATE_TITLES = {
    "asked": lambda: _("Projects asked for an update"),
    "draft": lambda: _("Updates not submitted (drafts)"),
    "submitted": lambda: _("Updates submitted, waiting for review"),
    "approved": lambda: _("Approved updates"),
    "returned": lambda: _("Updates returned to the reporter"),
    "overdue": lambda: _("Updates overdue"),
}


@require_safe
@workspace_view
def update_requests(request):
    state = request.GET.get("tilstand", "asked")
    if state not in cockpit.REQUEST_FILTERS:
        state = "asked"
    waiting = request.GET.get("mine") == "1"
    status_round = None
    round_pk = request.GET.get("runde", "")
    if not waiting and round_pk.isdigit():
        status_round = get_object_or_404(
            StatusRound.objects.filter(
                plan__in=plans_for(request.user, published=False)
            ).select_related("plan"),
            pk=int(round_pk),
        )
    rows = cockpit.request_list(
        request.user, status_round=status_round, state=state, waiting=waiting
    )
    return _list(
        request,
        STATE_TITLES[state](),
        "requests",
        rows,
        round=status_round,
        waiting=waiting,
        state=state,
        round_styles=True,
    )


@require_safe
@workspace_view
def indicators(request):
    return _list(
        request,
        _("Indicators without a measurement this year"),
        "indicators",
        cockpit.indicator_list(request.user),
    )


@require_safe
@workspace_view
def stale_projects(request):
    return _list(
        request,
        _("Running projects without an approved update for 12 months"),
        "projects",
        cockpit.stale_project_list(request.user),
        days=cockpit.STALE_DAYS,
    )


@require_safe
@workspace_view
def goals(request):
    return _list(
        request, _("Goals off track"), "goals", cockpit.goal_list(request.user), paged=False
    )
