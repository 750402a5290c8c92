"""Time and peak memory to generate the status memo.

    uv run python bench/memo.py [--projects N] [--formats docx,pdf,html]

    uv run python bench/memo.py --standin [--projects N]

Runs against a throwaway SQLite database in a temporary folder (removed afterwards). First the
demo plan's "Status 2021" round; then a synthetic portfolio of N projects (default 10.000)
from actionplan.synth (`actionplan synth`), whose projects are spread over several plans: the
memo is the one of the plan with the most projects (its latest published round), and the
figures say how many projects that plan holds. With --standin, N projects are instead added
to the demo plan with bulk inserts (each with a grant from the regional pool and an approved
update in a new round), so that one memo covers all N.
Memory: the process's peak RSS so far after each step (ru_maxrss); with --tracemalloc also
Python's own peak allocations per step (slower). Time: wall and this process's CPU seconds per
step; the charts are drawn in a child process (reports.charts), whose own CPU seconds and peak
RSS (VmHWM) are shown per step as "charts child".

    uv run python bench/memo.py --db /tmp/memo.sqlite3   # keeps the database: a second run
                                                         # skips the demo and the synth build
"""

import argparse
import datetime as dt
import importlib.util
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


TRACE = False  # tracemalloc slows WeasyPrint several times over: only with --tracemalloc


def measure(label: str, func):
    from actionplan.reports import charts

    if TRACE:
        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    children = len(charts.reports)
    result = func()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    traced = ""
    if TRACE:
        traced = f"   peak {tracemalloc.get_traced_memory()[1] / 2**20:8.1f} MB (Python)"
        tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  {label:<24} {seconds:8.2f} s {cpu:6.2f} CPU s{traced}   max RSS so far {rss:7.0f} MB",
        flush=True,
    )
    for child in charts.reports[children:]:
        print(
            f"  {'  charts child':<24} {child['charts']:5d} charts {child['cpu_s']:6.2f} CPU s"
            f"   peak RSS {child['peak_rss_mb']:7.0f} MB",
            flush=True,
        )
    return result


def memo_figures(status_round, formats: list[str]) -> None:
    from actionplan.reports.builder import build_memo_live
    from actionplan.reports.render_docx import render_docx
    from actionplan.reports.render_html import render_html
    from actionplan.reports.render_pdf import render_pdf

    renderers = {"docx": render_docx, "pdf": render_pdf, "html": render_html}
    memo = measure("build (data)", lambda: build_memo_live(status_round))
    for fmt in formats:
        content = measure(f"render {fmt}", lambda fmt=fmt: renderers[fmt](memo))
        print(f"  {'':<24} {len(content) / 2**20:8.2f} MB {fmt}")


def standin_portfolio(plan, projects: int):
    """N projects in the demo plan by bulk insert (not through the services: this measures
    the memo, not the writes)."""
    from actionplan.organisations.models import FundingSource
    from actionplan.projects.models import Grant, Project, ProjectFocusArea, ProjectStatus
    from actionplan.rounds.models import StatusRound, StatusUpdate

    areas = list(plan.focus_areas.all())
    pool = FundingSource.objects.filter(kind=FundingSource.Kind.REGIONAL_POOL).first()
    status_round = StatusRound.objects.create(
        plan=plan,
        name="Synth 2022",
        slug="synth-2022",
        reference_date=dt.date(2022, 9, 1),
        state=StatusRound.State.OPEN,
    )
    statuses = [ProjectStatus.GRANTED, ProjectStatus.STARTED, ProjectStatus.COMPLETED]
    made = Project.objects.bulk_create(
        Project(
            title=f"Syntetisk projekt {n}",
            slug=f"synth-{n}",
            status=statuses[n % 3],
            is_published=True,
        )
        for n in range(projects)
    )
    ProjectFocusArea.objects.bulk_create(
        ProjectFocusArea(project=p, focus_area=areas[n % len(areas)], is_primary=True)
        for n, p in enumerate(made)
    )
    Grant.objects.bulk_create(
        Grant(
            project=p,
            source=pool,
            amount=Decimal(100_000 + 1_000 * (n % 900)),
            decided_on=dt.date(2020 + n % 3, n % 12 + 1, 1),
            decided_precision="month",
        )
        for n, p in enumerate(made)
    )
    StatusUpdate.objects.bulk_create(
        StatusUpdate(
            project=p,
            round=status_round,
            date=dt.date(2022, 8, 15),
            status=p.status,
            progress=n % 101,
            narrative=f"Projektet skrider frem som planlagt ({n}).",
        )
        for n, p in enumerate(made)
    )
    return status_round


def synth_figures(projects: int, formats: list[str], build: bool = True) -> None:
    from django.db.models import Count

    from actionplan.projects.models import Project
    from actionplan.rounds.models import StatusRound
    from actionplan.synth.generate import generate

    started = time.perf_counter()
    if build:
        generate(projects=projects, seed=1)
    seconds = time.perf_counter() - started
    status_round = (
        StatusRound.objects.filter(plan__slug__startswith="s1-", state=StatusRound.State.PUBLISHED)
        .annotate(n=Count("updates"))
        .order_by("-n", "-reference_date")
        .first()
    )
    in_plan = Project.objects.filter(focus_area_links__focus_area__plan=status_round.plan)
    print(
        f"\nSynthetic portfolio: {projects} projects "
        + (f"built in {seconds:.1f} s (actionplan synth);" if build else "(kept database);")
        + f"\nmemo of '{status_round.plan.title}', round '{status_round.name}': "
        f"{in_plan.distinct().count()} projects in the plan, "
        f"{status_round.updates.count()} updates in the round:"
    )
    memo_figures(status_round, formats)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--formats", default="docx,pdf,html")
    parser.add_argument("--tracemalloc", action="store_true", help="also Python's peak memory")
    parser.add_argument(
        "--standin", action="store_true", help="N projects in the demo plan, not actionplan synth"
    )
    parser.add_argument("--db", help="a SQLite file to keep (built on the first run, reused after)")
    args = parser.parse_args()
    global TRACE
    TRACE = args.tracemalloc
    formats = [f for f in args.formats.split(",") if f]
    with tempfile.TemporaryDirectory() as folder:
        database = Path(args.db) if args.db else Path(folder) / "bench.sqlite3"
        kept = database.exists()
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
        import django

        django.setup()
        from django.core.management import call_command

        from actionplan.core.services import SYSTEM
        from actionplan.demo.loader import load_demo
        from actionplan.rounds.models import StatusRound

        call_command("migrate", verbosity=0)
        if kept:
            from actionplan.plans.models import ActionPlan

            plan = ActionPlan.objects.exclude(slug__startswith="s1-").order_by("pk").first()
        else:
            plan = load_demo(actor=SYSTEM)
        print("Demo plan, round 'Status 2021' (42 projects):")
        memo_figures(StatusRound.objects.get(plan=plan, slug="status-2021"), formats)

        if not args.standin and importlib.util.find_spec("actionplan.synth") is not None:
            synth_figures(args.projects, formats, build=not kept)
            return
        started = time.perf_counter()
        status_round = standin_portfolio(plan, args.projects)
        print(
            f"\nStand-in portfolio: {args.projects} projects added in "
            f"{time.perf_counter() - started:.1f} s (bulk insert, not `actionplan synth`):"
        )
        memo_figures(status_round, formats)


if __name__ == "__main__":
    main()
