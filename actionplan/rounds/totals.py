"""A round's update requests counted by state, kept up to date in the transaction of every
change.

The round list, a round's completeness view and the cockpit show how many projects a round
asked, how many have answered and how many are late, in all and per focus area. Counting a
national round's 100.000 requests on every view costs half a second, so RoundTotals (per
round) and RoundAreaTotals (per round and focus area of the round's plan: a project in two
focus areas counts in both) hold the counts, and every write that changes them adds its
difference with F() increments (UPDATE ... SET n = n + 1: exact when many write at once):

- rounds.services: a request created (round_request_updates, status_update_create), moved
  from one state to another (update_submit, update_approve, update_return), deleted
  (update_request_delete);
- the projects app's signals (projects.signals, connected in RoundsConfig.ready): a project
  linked to or unlinked from a focus area, a project deleted with its requests.

Everything that changes what a project's requests count for holds the project's row lock: a
request's state change and a focus-area change lock the project (lock_project,
projects.summaries), and inserting a request takes the key-share lock that the project's
foreign key implies, which waits for the same lock. So a request's state and its project's
focus areas are never read at two different moments. The counters are updated in one order
(round rows, then area rows, by key), so two writers wait for each other instead of
deadlocking; for that, one change tells all its focus areas at once (one signal from
projects.services.project_focus_areas_set, one _apply here).

rebuild() counts the rows from scratch with the same counting (the data migration, the
synthetic portfolio, anyone repairing them after writing around the services).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence

from django.apps import apps as installed_apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Count, F, QuerySet

# (round, focus area): the round's own row has no focus area.
Key = tuple[int, int | None]
Counts = dict[Key, Counter]

STATES = ("draft", "submitted", "approved", "returned")
BATCH = 2000  # ids per query, inside SQLite's limit on parameters


def _models(apps=installed_apps):
    get = apps.get_model
    return (
        get("rounds", "UpdateRequest"),
        get("rounds", "RoundTotals"),
        get("rounds", "RoundAreaTotals"),
    )


def _count(requests: QuerySet, *, rounds: bool = True) -> Counts:
    """The requests of rounds counted by state: per round (unless rounds is False) and per
    round and focus area of the round's plan that the request's project is linked to. Two
    queries, whatever the number of requests."""
    counts: Counts = defaultdict(Counter)
    requests = requests.filter(round__isnull=False).order_by()
    if rounds:
        per_round = requests.values_list("round_id", "state").annotate(n=Count("pk"))
        for round_id, state, n in per_round:
            counts[round_id, None][state] += n
    area = "project__focus_area_links__focus_area"
    per_area = (
        requests.filter(**{f"{area}__plan_id": F("round__plan_id")})
        .values_list("round_id", area, "state")
        .annotate(n=Count("pk"))
    )
    for round_id, area_id, state, n in per_area:
        counts[round_id, area_id][state] += n
    return counts


def _negated(counts: Counts) -> Counts:
    return {key: Counter({state: -n for state, n in row.items()}) for key, row in counts.items()}


def _order(key: Key) -> tuple[bool, int, int]:
    round_id, area_id = key
    return (area_id is not None, round_id, area_id or 0)


def _apply(changes: Counts, *, apps=installed_apps) -> None:
    """Add the changes to the counters: rows made when missing, then one UPDATE with F()
    increments per row that changes, in a fixed order (see the module's note)."""
    _request, round_totals, area_totals = _models(apps)
    rows = {
        key: {state: n for state, n in row.items() if n}
        for key, row in sorted(changes.items(), key=lambda item: _order(item[0]))
    }
    rows = {key: row for key, row in rows.items() if row}
    if not rows:
        return
    round_rows = [round_totals(round_id=r) for r, a in rows if a is None]
    area_rows = [area_totals(round_id=r, focus_area_id=a) for r, a in rows if a is not None]
    if round_rows:
        round_totals.objects.bulk_create(round_rows, ignore_conflicts=True)
    if area_rows:
        area_totals.objects.bulk_create(area_rows, ignore_conflicts=True)
    for (round_id, area_id), row in rows.items():
        increments = {state: F(state) + n for state, n in row.items()}
        if area_id is None:
            round_totals.objects.filter(round_id=round_id).update(**increments)
        else:
            area_totals.objects.filter(round_id=round_id, focus_area_id=area_id).update(
                **increments
            )


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


# -- what the services call -------------------------------------------------------------------


def lock_project(project_id: int) -> None:
    """Lock the project's row for the rest of the transaction: taken before a request of the
    project changes state, so that its focus areas cannot change meanwhile."""
    project = installed_apps.get_model("projects", "Project")
    list(project.objects.select_for_update().filter(pk=project_id).values_list("pk"))


def round_created(status_round) -> None:
    """A new round's counters, all zero."""
    _request, round_totals, _area = _models()
    round_totals.objects.create(round_id=status_round.pk)


def requests_added(ids: Sequence[int]) -> None:
    """Count newly created requests (in the transaction that created them)."""
    request, _round, _area = _models()
    changes: Counts = defaultdict(Counter)
    for chunk in _chunks(list(ids)):
        for key, row in _count(request.objects.filter(pk__in=chunk)).items():
            changes[key].update(row)
    _apply(changes)


def requests_removing(ids: Sequence[int]) -> None:
    """Stop counting requests that are about to be deleted (before the delete: their
    projects' focus areas are still linked)."""
    request, _round, _area = _models()
    changes: Counts = defaultdict(Counter)
    for chunk in _chunks(list(ids)):
        for key, row in _count(request.objects.filter(pk__in=chunk)).items():
            changes[key].subtract(row)
    _apply(changes)


def request_moved(request, *, before: str) -> None:
    """Count a request that moved from state `before` to its state now."""
    after = str(request.state)
    if request.round_id is None or before == after:
        return
    model, _round, _area = _models()
    counts = _count(model.objects.filter(pk=request.pk))
    _apply({key: Counter({before: -row[after], after: row[after]}) for key, row in counts.items()})


def project_areas_changed(
    *, project_id: int, added: Collection[int] = (), removed: Collection[int] = ()
) -> None:
    """Count the project's requests in (or no longer in) the focus areas it was linked to (or
    unlinked from). Reads the requests through the focus areas' plans, not through the links,
    so it is right before or after the link is written."""
    request, _round, _area = _models()
    focus_area = installed_apps.get_model("plans", "FocusArea")
    signs = {**{pk: -1 for pk in removed}, **{pk: 1 for pk in added}}
    plans = defaultdict(list)
    for area_id, plan_id in focus_area.objects.filter(pk__in=signs).values_list("pk", "plan_id"):
        plans[plan_id].append(area_id)
    if not plans:
        return
    per_round = (
        request.objects.filter(project_id=project_id, round__plan_id__in=plans)
        .order_by()
        .values_list("round_id", "round__plan_id", "state")
        .annotate(n=Count("pk"))
    )
    changes: Counts = defaultdict(Counter)
    for round_id, plan_id, state, n in per_round:
        for area_id in plans[plan_id]:
            changes[round_id, area_id][state] += signs[area_id] * n
    _apply(changes)


def project_removing(*, project_id: int) -> None:
    """Stop counting the requests of a project that is about to be deleted (with them)."""
    request, _round, _area = _models()
    _apply(_negated(_count(request.objects.filter(project_id=project_id))))


# -- the receivers of the projects app's signals (connected in RoundsConfig.ready) -----------


def on_focus_areas_changed(sender, *, project_id, added=(), removed=(), **kwargs) -> None:
    project_areas_changed(project_id=project_id, added=added, removed=removed)


def on_project_deleting(sender, *, project_id, **kwargs) -> None:
    project_removing(project_id=project_id)


# -- reading ----------------------------------------------------------------------------------


def of_round(status_round):
    """The round's counters (all zero for a round without any: one made around the
    services)."""
    _request, round_totals, _area = _models()
    try:
        return status_round.totals
    except ObjectDoesNotExist:
        return round_totals(round=status_round)


def of_areas(status_round) -> list:
    """The round's counters per focus area that has asked projects, in the plan's order (theme,
    then focus area). One query."""
    _request, _round, area_totals = _models()
    rows = (
        area_totals.objects.filter(round=status_round)
        .select_related("focus_area", "focus_area__theme")
        .order_by("focus_area__theme__order", "focus_area__theme_id", "focus_area__order", "pk")
    )
    return [row for row in rows if row.asked]


# -- from scratch ------------------------------------------------------------------------------


def rebuild(rounds: Iterable[int] | None = None, *, apps=installed_apps) -> None:
    """Count the rows of these rounds (ids; default: every round) from their requests."""
    request, round_totals, area_totals = _models(apps)
    status_round = apps.get_model("rounds", "StatusRound")
    chosen = status_round.objects.all()
    if rounds is not None:
        chosen = chosen.filter(pk__in=list(rounds))
    ids = list(chosen.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        for chunk in _chunks(ids):
            round_totals.objects.filter(round_id__in=chunk).delete()
            area_totals.objects.filter(round_id__in=chunk).delete()
            counts = _count(request.objects.filter(round_id__in=chunk))
            round_totals.objects.bulk_create(
                [round_totals(round_id=pk, **counts.get((pk, None), Counter())) for pk in chunk],
                batch_size=500,
            )
            area_totals.objects.bulk_create(
                [
                    area_totals(round_id=round_id, focus_area_id=area_id, **row)
                    for (round_id, area_id), row in sorted(counts.items(), key=_sort_key)
                    if area_id is not None
                ],
                batch_size=500,
            )


def _sort_key(item: tuple[Key, Counter]) -> tuple[bool, int, int]:
    return _order(item[0])
