"""Sums over many projects, kept up to date in the transaction of every change.

The plan front page shows, per plan, how many published projects it has in each status and
what they were granted, and per focus area how many and how much. Aggregating those over a
national portfolio on every request costs seconds, so FocusAreaTotals and PlanStatusTotals
hold them, and the project services keep them:

    with summarised(project_id):
        ... change the project, its focus-area links or its stored money totals ...

takes the project's share of the summaries before (locking the project row) and after the
change, and subtracts the one and adds the other: a few small UPDATEs however big the plan.
A project linked to two focus areas of one plan counts once in the plan and once in each area.

rebuild() recomputes the rows from the projects (the data migration, the synthetic portfolio's
bulk writer, and anyone repairing them after writing around the services).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps as installed_apps
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Sum

AREA_TOTALS = ("granted_dkk", "granted_count", "granted_unknown")
PLAN_TOTALS = (
    *AREA_TOTALS,
    "pool_dkk",
    "pool_count",
    "pool_unknown",
    "cofunding_dkk",
    "cofunding_count",
    "cofunding_unknown",
)


def _models(apps=installed_apps):
    get = apps.get_model
    return (
        get("projects", "Project"),
        get("projects", "ProjectFocusArea"),
        get("projects", "FocusAreaTotals"),
        get("projects", "PlanStatusTotals"),
    )


@dataclass(frozen=True)
class Share:
    """What one published project adds to the summaries."""

    status: str
    totals: tuple[Decimal | int, ...]  # PLAN_TOTALS, in order
    areas: frozenset[int]
    plans: frozenset[int]
    municipalities: frozenset[int] = frozenset()


def share_of(project_id: int) -> Share | None:
    """The project's share now (None when unpublished or gone); locks the project row."""
    project, link, _area, _plan = _models()
    row = (
        project.objects.select_for_update()
        .filter(pk=project_id)
        .values("is_published", "status", *PLAN_TOTALS)
        .first()
    )
    if row is None or not row["is_published"]:
        return None
    links = list(
        link.objects.filter(project_id=project_id).values_list(
            "focus_area_id", "focus_area__plan_id"
        )
    )
    municipality = installed_apps.get_model("projects", "ProjectMunicipality")
    return Share(
        status=row["status"],
        totals=tuple(row[name] for name in PLAN_TOTALS),
        areas=frozenset(area for area, _plan in links),
        plans=frozenset(plan for _area, plan in links),
        municipalities=frozenset(
            municipality.objects.filter(project_id=project_id).values_list("code", flat=True)
        ),
    )


def _deltas(before: Share | None, after: Share | None) -> tuple[dict, dict]:
    """Per summary row, what changes: {focus area: [projects, *AREA_TOTALS]} and
    {(plan, status): [projects, *PLAN_TOTALS]}, rows that do not change left out."""
    areas: dict[int, list] = {}
    plans: dict[tuple[int, str], list] = {}
    for share, sign in ((before, -1), (after, +1)):
        if share is None:
            continue
        values = dict(zip(PLAN_TOTALS, share.totals, strict=True))
        area_values = [1, *(values[name] for name in AREA_TOTALS)]
        plan_values = [1, *share.totals]
        for area in share.areas:
            row = areas.setdefault(area, [0] * len(area_values))
            areas[area] = [
                have + sign * value for have, value in zip(row, area_values, strict=True)
            ]
        for plan in share.plans:
            row = plans.setdefault((plan, share.status), [0] * len(plan_values))
            plans[plan, share.status] = [
                have + sign * value for have, value in zip(row, plan_values, strict=True)
            ]
    return (
        {key: row for key, row in areas.items() if any(row)},
        {key: row for key, row in plans.items() if any(row)},
    )


def _apply(before: Share | None, after: Share | None) -> None:
    """One UPDATE per summary row that changes, in a fixed order (areas, then plans, each by
    key), so that two transactions changing the same rows wait for each other instead of
    deadlocking."""
    _project, _link, area_totals, plan_totals = _models()
    areas, plans = _deltas(before, after)
    if areas:
        area_totals.objects.bulk_create(
            [area_totals(focus_area_id=area) for area in sorted(areas)], ignore_conflicts=True
        )
    for area in sorted(areas):
        projects, *totals = areas[area]
        area_totals.objects.filter(focus_area_id=area).update(
            projects=F("projects") + projects,
            **{name: F(name) + value for name, value in zip(AREA_TOTALS, totals, strict=True)},
        )
    if plans:
        plan_totals.objects.bulk_create(
            [plan_totals(plan_id=plan, status=status) for plan, status in sorted(plans)],
            ignore_conflicts=True,
        )
    for plan, status in sorted(plans):
        projects, *totals = plans[plan, status]
        plan_totals.objects.filter(plan_id=plan, status=status).update(
            projects=F("projects") + projects,
            **{name: F(name) + value for name, value in zip(PLAN_TOTALS, totals, strict=True)},
        )


def _place_deltas(before: Share | None, after: Share | None) -> dict[tuple[str, int, int], list]:
    """{("plan" | "area", pk, municipality code): [projects, granted_dkk]} that change."""
    rows: dict[tuple[str, int, int], list] = {}
    granted = PLAN_TOTALS.index("granted_dkk")
    for share, sign in ((before, -1), (after, +1)):
        if share is None:
            continue
        scopes = [("plan", p) for p in share.plans] + [("area", a) for a in share.areas]
        for kind, pk in scopes:
            for code in share.municipalities:
                row = rows.setdefault((kind, pk, code), [0, 0])
                row[0] += sign
                row[1] += sign * share.totals[granted]
    return {key: row for key, row in rows.items() if any(row)}


def _apply_places(before: Share | None, after: Share | None) -> None:
    totals = installed_apps.get_model("projects", "MunicipalityTotals")
    changes = _place_deltas(before, after)
    if not changes:
        return
    field = {"plan": "plan_id", "area": "focus_area_id"}
    totals.objects.bulk_create(
        [totals(**{field[kind]: pk}, code=code) for kind, pk, code in sorted(changes)],
        ignore_conflicts=True,
    )
    for kind, pk, code in sorted(changes):
        projects, granted = changes[kind, pk, code]
        totals.objects.filter(**{field[kind]: pk}, code=code).update(
            projects=F("projects") + projects, granted_dkk=F("granted_dkk") + granted
        )


@contextmanager
def summarised(project_id: int) -> Iterator[None]:
    """Keep the summaries right across a change of one project (see the module's note)."""
    with transaction.atomic():
        before = share_of(project_id)
        yield
        after = share_of(project_id)
        if before != after:
            _apply(before, after)
            _apply_places(before, after)


def rebuild(plan_ids: Iterable[int] | None = None, *, apps=installed_apps) -> None:
    """Recompute the summary rows of these plans (default: every plan) from the projects."""
    project, link, area_totals, plan_totals = _models(apps)
    plan_model = apps.get_model("plans", "ActionPlan")
    plans = list(
        plan_model.objects.values_list("pk", flat=True)
        if plan_ids is None
        else plan_model.objects.filter(pk__in=list(plan_ids)).values_list("pk", flat=True)
    )
    with transaction.atomic():
        area_totals.objects.filter(focus_area__plan_id__in=plans).delete()
        plan_totals.objects.filter(plan_id__in=plans).delete()
        per_area = (
            link.objects.filter(focus_area__plan_id__in=plans, project__is_published=True)
            .order_by()
            .values("focus_area")
            .annotate(n=Count("project"), **{name: Sum(f"project__{name}") for name in AREA_TOTALS})
        )
        area_totals.objects.bulk_create(
            [
                area_totals(
                    focus_area_id=row["focus_area"],
                    projects=row["n"],
                    **{name: row[name] for name in AREA_TOTALS},
                )
                for row in per_area
            ],
            batch_size=500,
        )
        rows = []
        for plan in plans:
            in_plan = project.objects.filter(
                Exists(link.objects.filter(project=OuterRef("pk"), focus_area__plan_id=plan)),
                is_published=True,
            )
            for row in (
                in_plan.order_by()
                .values("status")
                .annotate(n=Count("id"), **{name: Sum(name) for name in PLAN_TOTALS})
            ):
                rows.append(
                    plan_totals(
                        plan_id=plan,
                        status=row["status"],
                        projects=row["n"],
                        **{name: row[name] for name in PLAN_TOTALS},
                    )
                )
        plan_totals.objects.bulk_create(rows, batch_size=500)
    try:
        apps.get_model("projects", "MunicipalityTotals")
    except LookupError:  # an older migration's state, before the maps' summaries
        return
    rebuild_places(plans, apps=apps)


def rebuild_places(plans: list[int], *, apps=installed_apps) -> None:
    """Recompute the plans' and their focus areas' municipality rows from the projects."""
    link = apps.get_model("projects", "ProjectFocusArea")
    place = apps.get_model("projects", "ProjectMunicipality")
    totals = apps.get_model("projects", "MunicipalityTotals")
    with transaction.atomic():
        totals.objects.filter(plan_id__in=plans).delete()
        totals.objects.filter(focus_area__plan_id__in=plans).delete()
        published = place.objects.filter(project__is_published=True).order_by()
        per_area = (
            published.filter(project__focus_area_links__focus_area__plan_id__in=plans)
            .values("project__focus_area_links__focus_area", "code")
            .annotate(n=Count("project"), granted=Sum("project__granted_dkk"))
        )
        rows = [
            totals(
                focus_area_id=row["project__focus_area_links__focus_area"],
                code=row["code"],
                projects=row["n"],
                granted_dkk=row["granted"] or 0,
            )
            for row in per_area
        ]
        for plan in plans:
            in_plan = published.filter(
                Exists(link.objects.filter(project=OuterRef("project"), focus_area__plan_id=plan))
            )
            rows += [
                totals(plan_id=plan, code=row["code"], projects=row["n"], granted_dkk=row["g"] or 0)
                for row in in_plan.values("code").annotate(
                    n=Count("project"), g=Sum("project__granted_dkk")
                )
            ]
        totals.objects.bulk_create(rows, batch_size=500)
