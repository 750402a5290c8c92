"""What staff see at national scale, added to a synthetic portfolio: one big open round and a
long audit log (`actionplan synth --update-requests N --audit-events M`).

- update requests: a new open round ("Status national") in the plan with the most projects,
  asking up to N of its projects for an update (the active ones first, then the others of the
  plan: a national round asks every project that still reports), in the states a round has
  halfway (drafts, submitted, approved, returned). A plan holds about an eighth of the
  portfolio, so N is capped at the plan's projects (about 120.000 at 1.000.000 projects);
- audit events: M events over the last five years by 500 staff labels on the portfolio's
  projects (a few projects changed very often, most rarely), grants, plans and requests,
  newest with the highest id, as the services write them.

Written with the synth's bulk writer (COPY on PostgreSQL), not through the services, like the
rest of the portfolio: load-test data only. Runs on a portfolio already in the database (with
--projects 0) or right after one is built.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import connection, transaction
from django.db.models import Count, Max, Min
from django.utils import timezone

from actionplan.core.errors import ActionplanError
from actionplan.core.models import AuditEvent
from actionplan.plans.models import ActionPlan
from actionplan.projects.models import Project, ProjectStatus
from actionplan.rounds import totals as round_totals
from actionplan.rounds.models import StatusRound, UpdateRequest

from . import words
from .bulk import Writer

BATCH = 50_000
ACTIVE = (ProjectStatus.GRANTED, ProjectStatus.STARTED, ProjectStatus.APPLIED)
OBJECT_TYPES = [
    ("projects.project", 50),
    ("projects.grant", 12),
    ("projects.participation", 10),
    ("projects.cofunding", 6),
    ("rounds.updaterequest", 10),
    ("rounds.statusupdate", 5),
    ("plans.focusarea", 3),
    ("plans.goal", 2),
    ("indicators.observation", 2),
]
SPAN = dt.timedelta(days=5 * 365)
ACTIONS = [(AuditEvent.Action.UPDATE, 70), (AuditEvent.Action.CREATE, 25), ("delete", 5)]


def national_round(seed: int, requests: int, progress: Callable[[int], None]) -> dict[str, int]:
    rng = random.Random(seed * 7919 + 1)  # noqa: S311 (repeatable test data)
    plan = (
        ActionPlan.objects.annotate(n=Count("focus_areas__project_links"))
        .order_by("-n", "pk")
        .first()
    )
    if plan is None:
        return {}
    in_plan = Project.objects.filter(focus_area_links__focus_area__plan=plan).distinct()
    active = list(in_plan.filter(status__in=ACTIVE).order_by("pk").values_list("pk", flat=True))
    if len(active) < requests:
        others = in_plan.exclude(status__in=ACTIVE).order_by("pk").values_list("pk", flat=True)
        active += list(others[: requests - len(active)])
    projects = active[:requests]
    reference = timezone.localdate() - dt.timedelta(days=20)
    slug = f"status-national-{seed}"
    if StatusRound.objects.filter(plan=plan, slug=slug).exists():
        raise ActionplanError(f"This portfolio already has the national round of seed {seed}.")
    writer = Writer([StatusRound, UpdateRequest], timezone.now(), BATCH)
    round_pk = writer.add(
        StatusRound,
        plan_id=plan.pk,
        name=f"Status national ({len(projects)})",
        slug=slug,
        title="Statusnotat (national runde)",
        reference_date=reference,
        deadline=reference + dt.timedelta(days=30),
        state=StatusRound.State.OPEN,
    )
    states = (
        UpdateRequest.State.DRAFT,
        UpdateRequest.State.SUBMITTED,
        UpdateRequest.State.APPROVED,
        UpdateRequest.State.RETURNED,
    )
    noon = timezone.make_aware(dt.datetime.combine(reference, dt.time(10)))
    for n, project in enumerate(projects):
        state = rng.choices(states, (45, 20, 28, 7))[0]
        values: dict = {}
        if state != UpdateRequest.State.DRAFT:
            progress_pct = rng.randrange(0, 101)
            submitted = noon + dt.timedelta(days=rng.randrange(20), minutes=rng.randrange(600))
            values = dict(
                status=ProjectStatus.STARTED,
                progress=progress_pct,
                narrative=words.update_text(rng, progress_pct),
                submitted_at=submitted,
            )
            if state != UpdateRequest.State.SUBMITTED:
                values["reviewed_at"] = submitted + dt.timedelta(days=rng.randrange(1, 10))
            if state == UpdateRequest.State.RETURNED:
                values["review_comment"] = words.sentence(rng)
        writer.add(UpdateRequest, round_id=round_pk, project_id=project, state=state, **values)
        if n % 10_000 == 0:
            progress(n)
    written = writer.finish()
    # Written around the round services, which keep the rounds' counts of requests.
    round_totals.rebuild([round_pk])
    return {
        "StatusRound (national)": written["StatusRound"],
        "UpdateRequest (national)": len(projects),
    }


def audit_events(seed: int, events: int, progress: Callable[[int], None]) -> dict[str, int]:
    first, last = Project.objects.aggregate(first=Min("pk"), last=Max("pk")).values()
    if first is None:
        return {}
    if connection.vendor == "postgresql":
        _audit_events_sql(seed, events, first, last)
        return {"AuditEvent": events}
    rng = random.Random(seed * 104729 + 2)  # noqa: S311 (repeatable test data)
    kinds, kind_weights = zip(*OBJECT_TYPES, strict=True)
    actions, action_weights = zip(*ACTIONS, strict=True)
    now = timezone.now()
    step = SPAN / events
    writer = Writer([AuditEvent], now, BATCH)
    for n in range(events):
        kind = rng.choices(kinds, kind_weights)[0]
        # A few projects are edited very often, most a handful of times.
        pk = first + int((last - first) * rng.random() ** 4)
        object_id = pk if kind == "projects.project" else rng.randrange(1, 2_000_000)
        writer.add(
            AuditEvent,
            at=now - SPAN + step * n,
            actor_label=f"medarbejder{int(rng.paretovariate(1.1)) % 500}@synth.example",
            action=rng.choices(actions, action_weights)[0],
            object_type=kind,
            object_id=str(object_id),
            object_repr=f"Projekt {pk}" if kind == "projects.project" else f"{kind} {object_id}",
            changes={"status": ["started", "completed"]} if n % 3 == 0 else {},
        )
        if n % 100_000 == 0:
            progress(n)
    return {"AuditEvent": writer.finish()["AuditEvent"]}


def _audit_events_sql(seed: int, events: int, first: int, last: int) -> None:
    """Millions of rows made inside PostgreSQL (a Python loop costs minutes per million on a
    busy machine): the table's secondary indexes are dropped first and built again after,
    which sorts once instead of updating six b-trees per row."""
    table = AuditEvent._meta.db_table
    kinds = [kind for kind, weight in OBJECT_TYPES for _ in range(weight)]
    actions = [action for action, weight in ACTIONS for _ in range(weight)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s"
            " AND indexname NOT LIKE %s",
            [table, "%_pkey"],
        )
        indexes = cursor.fetchall()
        # The deferred foreign key (actor) is checked per statement, not at commit: an index
        # cannot be built on a table with pending checks.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608  # nosec B608
        top = cursor.fetchone()[0]
        cursor.execute("SELECT setseed(%s)", [1 / (seed + 1)])
        # Table name from the model; values as parameters.
        cursor.execute(
            f"""
            INSERT INTO {table}
                (id, at, actor_id, actor_label, action, object_type, object_id, object_repr,
                 changes)
            SELECT %(top)s + n,
                   now() - %(span)s::interval + %(span)s::interval * (n::float8 / %(events)s),
                   NULL,
                   'medarbejder' || floor(500 * random() ^ 3)::int || '@synth.example',
                   (%(actions)s::text[])[1 + floor(random() * %(n_actions)s)::int],
                   kind,
                   CASE WHEN kind = 'projects.project' THEN project::text
                        ELSE (1 + floor(random() * 2000000))::int::text END,
                   CASE WHEN kind = 'projects.project' THEN 'Projekt ' || project
                        ELSE kind || ' ' || n END,
                   CASE WHEN n %% 3 = 0 THEN '{{"status": ["started", "completed"]}}'::jsonb
                        ELSE '{{}}'::jsonb END
            FROM (
                SELECT n,
                       (%(kinds)s::text[])[1 + floor(random() * %(n_kinds)s)::int] AS kind,
                       %(first)s + floor((%(last)s - %(first)s) * random() ^ 4)::int AS project
                FROM generate_series(1, %(events)s) AS n
            ) AS drawn
            """,  # noqa: S608  # nosec B608
            {
                "top": top,
                "span": f"{SPAN.days} days",
                "events": events,
                "actions": actions,
                "n_actions": len(actions),
                "kinds": kinds,
                "n_kinds": len(kinds),
                "first": first,
                "last": last,
            },
        )
        for _name, definition in indexes:
            cursor.execute(definition)
        cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, top + events])
        cursor.execute(f"ANALYZE {table}")


def extend(
    *,
    seed: int = 1,
    update_requests: int = 0,
    audit_events_count: int = 0,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Add the national round and the audit events in one transaction; rows per table."""
    progress = progress or (lambda n: None)
    counts: dict[str, int] = {}
    with transaction.atomic():
        if update_requests:
            counts.update(national_round(seed, update_requests, progress))
        if audit_events_count:
            counts.update(audit_events(seed, audit_events_count, progress))
    return counts
