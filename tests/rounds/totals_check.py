"""What a round's counters should hold, counted naively from the requests, and what they hold;
shared by the counters' tests and the synthetic portfolio's."""

from collections import Counter, defaultdict

from actionplan.projects.models import ProjectFocusArea
from actionplan.rounds.models import RoundAreaTotals, RoundTotals, UpdateRequest

STATES = ("draft", "submitted", "approved", "returned")
Key = tuple[int, int | None]


def stored() -> dict[Key, dict[str, int]]:
    """The counters as stored, rows of zeros left out."""
    rows: dict[Key, dict[str, int]] = {}
    for row in RoundTotals.objects.values("round_id", *STATES):
        rows[row["round_id"], None] = {state: row[state] for state in STATES}
    for row in RoundAreaTotals.objects.values("round_id", "focus_area_id", *STATES):
        rows[row["round_id"], row["focus_area_id"]] = {state: row[state] for state in STATES}
    return {key: row for key, row in rows.items() if any(row.values())}


def counted() -> dict[Key, dict[str, int]]:
    """The counters as they should be, from the requests one by one in Python: per round,
    and per round and each focus area of the round's plan the request's project is in."""
    areas: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for project_id, area_id, plan_id in ProjectFocusArea.objects.values_list(
        "project_id", "focus_area_id", "focus_area__plan_id"
    ):
        areas[project_id].append((area_id, plan_id))
    rows: dict[Key, Counter] = defaultdict(Counter)
    requests = UpdateRequest.objects.filter(round__isnull=False).values_list(
        "round_id", "round__plan_id", "project_id", "state"
    )
    for round_id, plan_id, project_id, state in requests:
        rows[round_id, None][state] += 1
        for area_id, area_plan in areas[project_id]:
            if area_plan == plan_id:
                rows[round_id, area_id][state] += 1
    return {
        key: {state: row[state] for state in STATES}
        for key, row in rows.items()
        if any(row.values())
    }
