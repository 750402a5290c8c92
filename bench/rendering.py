"""What the in-process page benchmarks share: the portfolio's biggest plan and focus area, and
the timing of one URL through Django's test client (bench/workspace.py, bench/org_filter.py;
bench/pages.py picks its URLs with the same choice)."""

import os
import statistics
import time

HEADER = (
    "| {} | median ms | p99 ms | CPU ms | SQL ms | queries | KB | load |\n"
    "|---|---|---|---|---|---|---|---|"
)


def print_row(label: str, figures: dict) -> None:
    """One table row of `measure`'s figures, with the load average as it is now."""
    load = os.getloadavg()[0]
    if figures["status"] != 200:
        print(f"| {label} | answers {figures['status']} | | | | | | {load:.1f} |", flush=True)
        return
    f = figures
    print(
        f"| {label} | {f['median']:.1f} | {f['p99']:.1f} | {f['cpu']:.1f} | {f['sql']:.1f} | "
        f"{f['queries']} | {f['kb']:.0f} | {load:.1f} |",
        flush=True,
    )


def biggest_plan_and_area():
    """The published plan with the most project links, and its focus area with the most
    published projects (ties by pk, so every run of a portfolio picks the same)."""
    from django.db.models import Count, Q

    from actionplan.plans.models import ActionPlan, FocusArea

    published = Q(project_links__project__is_published=True)
    plan = (
        ActionPlan.objects.filter(status="published")
        .annotate(n=Count("focus_areas__project_links"))
        .order_by("-n", "pk")
        .first()
    )
    area = (
        FocusArea.objects.filter(plan=plan)
        .annotate(n=Count("project_links", filter=published))
        .order_by("-n", "pk")
        .first()
    )
    return plan, area


def measure(client, path: str, runs: int) -> dict:
    """One warm-up render, then `runs` renders (3 when the warm-up took over 2 s): the median
    and the p99 (with fewer than 100 runs: the slowest) in ms, the SQL's share of the median
    (the queries' times as Django measures them), this process's CPU time (the median: on a
    shared machine, wall time minus waiting for a core), the size, and the queries of the last
    render."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    response = client.get(path)
    first = time.perf_counter() - started
    if response.status_code != 200:
        return {"status": response.status_code}
    runs = 3 if first > 2 else runs
    seconds, cpu, sql = [], [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            seconds.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        sql.append(sum(float(q["time"]) for q in captured.captured_queries))
    seconds.sort()
    p99 = seconds[min(len(seconds) - 1, int(len(seconds) * 0.99))]
    return {
        "status": 200,
        "median": statistics.median(seconds) * 1000,
        "p99": p99 * 1000,
        "sql": statistics.median(sql) * 1000,
        "cpu": statistics.median(cpu) * 1000,
        "kb": len(response.content) / 1024,
        "queries": len(captured),
        "captured": captured.captured_queries,
        "runs": runs,
    }


def explain(captured: list[dict], slower_than_ms: float = 0) -> None:
    """EXPLAIN ANALYZE of each SELECT of a render as `measure` captured it (PostgreSQL),
    printed when it ran longer than `slower_than_ms`."""
    from django.db import connection

    for query in captured:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT") or float(query["time"]) * 1000 < (
            slower_than_ms
        ):
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS OFF) {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        print(f"\n```\n{sql[:600]}\n{plan}\n```")
