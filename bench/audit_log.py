"""The workspace log at millions of audit events: the first page, each filter, and a page
deep in the log (by cursor), timed through core.selectors.audit_log, plus the SQL plan.

    .venv/bin/python bench/audit_log.py --events 1000000 --db sqlite
    .venv/bin/python bench/audit_log.py --events 1000000 --db postgres

Builds its own database (a temporary SQLite file, or ap_bench_audit on PostgreSQL, dropped
afterwards), inserts N events spread over five years, 200 users and 20 object types, and
prints the median of 5 runs per query. No assertion: figures only."""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TYPES = [
    "projects.project",
    "projects.grant",
    "projects.cofunding",
    "projects.participation",
    "plans.focusarea",
    "plans.goal",
    "plans.fact",
    "rounds.statusround",
    "rounds.updaterequest",
    "rounds.statusupdate",
    "organisations.organisation",
    "indicators.observation",
    "indicators.indicator",
    "plans.theme",
    "plans.actionplan",
    "rounds.focusareaassessment",
    "rounds.milestone",
    "accounts.membership",
    "api.apitoken",
    "projects.projectfocusarea",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="ap-audit-")
    if args.db == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/audit.sqlite3"
    else:
        os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/ap_bench_audit"
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            c.execute("DROP DATABASE IF EXISTS ap_bench_audit")
            c.execute("CREATE DATABASE ap_bench_audit")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from actionplan.core.models import AuditEvent
    from actionplan.core.selectors import LogFilter, audit_log, log_events

    call_command("migrate", verbosity=0)
    rng = random.Random(1)  # noqa: S311 (test data, not secrets)
    start = timezone.now() - dt.timedelta(days=5 * 365)
    step = dt.timedelta(days=5 * 365) / args.events
    began = time.perf_counter()
    batch = []
    for n in range(args.events):
        batch.append(
            AuditEvent(
                at=start + step * n,
                actor_label=f"user{rng.randrange(200)}",
                action=rng.choice(["create", "update", "update", "update", "delete"]),
                object_type=rng.choice(TYPES),
                object_id=str(rng.randrange(1, 100_000)),
                object_repr="Et objekt",
                changes={"title": ["før", "efter"]},
            )
        )
        if len(batch) == 20_000:
            AuditEvent.objects.bulk_create(batch)
            batch = []
    AuditEvent.objects.bulk_create(batch)
    # auto_now_add overwrote `at` on insert: spread the moments again, in SQL.
    with connection.cursor() as cursor:
        if args.db == "sqlite":
            cursor.execute(
                "UPDATE core_auditevent SET at = datetime(%s, '+' || (id * %s) || ' seconds')",
                [start.strftime("%Y-%m-%d %H:%M:%S"), step.total_seconds()],
            )
            cursor.execute("ANALYZE")
        else:
            cursor.execute(
                "UPDATE core_auditevent SET at = %s + id * %s * interval '1 second'",
                [start, step.total_seconds()],
            )
            cursor.execute("VACUUM ANALYZE core_auditevent")
    print(f"{args.events} events inserted in {time.perf_counter() - began:.0f} s ({args.db})")

    middle = log_events(LogFilter())[args.events // 2 : args.events // 2 + 1].get()
    from actionplan.core.selectors import encode_cursor

    deep = encode_cursor(middle)
    cases = {
        "first page, no filter": (LogFilter(), ""),
        "who = user7": (LogFilter(who="user7"), ""),
        "what = projects.grant": (LogFilter(object_type="projects.grant"), ""),
        "action = delete": (LogFilter(action="delete"), ""),
        "one day, two years ago": (
            LogFilter(
                since=(timezone.now() - dt.timedelta(days=730)).date(),
                until=(timezone.now() - dt.timedelta(days=730)).date(),
            ),
            "",
        ),
        "who + what + action": (
            LogFilter(who="user7", object_type="projects.grant", action="update"),
            "",
        ),
        "page at the middle (cursor)": (LogFilter(), deep),
        "who = user7 at the middle": (LogFilter(who="user7"), deep),
    }
    print(f"{'query':32} {'median ms':>10} {'rows':>5}")
    for name, (filters, after) in cases.items():
        times = []
        for _ in range(5):
            t = time.perf_counter()
            page = audit_log(filters, after=after)
            times.append((time.perf_counter() - t) * 1000)
        print(f"{name:32} {statistics.median(times):10.1f} {len(page.entries):5}")
    print("\nplans of the pages at the middle, without and with a filter:")
    from django.db.models import Q

    from actionplan.core.selectors import decode_cursor

    at, pk = decode_cursor(deep)
    for filters in (LogFilter(), LogFilter(who="user7")):
        qs = log_events(filters).filter(Q(at__lte=at), Q(at__lt=at) | Q(id__lt=pk))[:51]
        print(qs.explain())
    if args.db == "postgres":
        connection.close()
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            c.execute("DROP DATABASE IF EXISTS ap_bench_audit")


if __name__ == "__main__":
    main()
