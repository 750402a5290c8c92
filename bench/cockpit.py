"""Render time of the workspace home (the staff cockpit, a reporter's home) and the lists
behind the cockpit's numbers, at scale.

    .venv/bin/python bench/cockpit.py --database-url postgres://postgres@127.0.0.1:5432/ap_perf_1m
    .venv/bin/python bench/cockpit.py --projects 10000          # a throwaway SQLite portfolio

With --database-url the database is only read (other benchmarks may share it): the viewers
are unsaved users whose roles are set in memory, so nothing is written. The portfolio is
actionplan.synth's (`actionplan synth`), whose open rounds ask every active project for an
update. Viewers: a superuser (every plan), an editor of the region with the most projects,
and a reporter on 20 projects with open requests. For each page: the median and the slowest
of --runs renders after one warm-up (the view called in-process: template included, no HTTP
server), and its number of SQL queries; then the cockpit's parts one by one.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(func, runs: int, *, cold: bool = False) -> tuple[float, float, int]:
    """Median and slowest milliseconds, and the queries of one run. cold: the cache is
    emptied before each run (the first view after a change)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    func()  # warm-up: templates compiled, connections open
    seconds = []
    for _ in range(runs):
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            func()
            seconds.append(time.perf_counter() - started)
    return statistics.median(seconds) * 1000, max(seconds) * 1000, len(captured)


def viewers():
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from actionplan.accounts.models import Role
    from actionplan.accounts.permissions import ROLE_ACTIONS, Grants, Scopes
    from actionplan.plans.models import ActionPlan
    from actionplan.rounds.models import StatusRound, UpdateRequest

    user_model = get_user_model()

    def user(name: str, grants: Grants):
        # pk 0: no row has it, so the user's own rows (notices, memberships) are none.
        made = user_model(pk=0, username=name, is_active=True, is_superuser=grants.superuser)
        made._actionplan_grants = grants
        return made

    biggest = (
        ActionPlan.objects.values("organisation_id")
        .annotate(n=Count("focus_areas__project_links"))
        .order_by("-n")
        .first()
    )
    editor = Grants(
        actions={
            action: Scopes(organisations={biggest["organisation_id"]})
            for action in ROLE_ACTIONS[Role.EDITOR]
        }
    )
    owed = list(
        UpdateRequest.objects.filter(
            round__state=StatusRound.State.OPEN, state=UpdateRequest.State.DRAFT
        ).values_list("project_id", flat=True)[:20]
    )
    reporter = Grants(
        actions={action: Scopes(projects=set(owed)) for action in ROLE_ACTIONS[Role.REPORTER]}
    )
    return [
        ("superuser", user("bench-superuser", Grants(superuser=True))),
        ("region editor", user("bench-editor", editor)),
        (f"reporter ({len(owed)} owed)", user("bench-reporter", reporter)),
    ]


def parts(user, runs: int) -> None:
    """The cockpit's parts one by one (uncached)."""
    from django.utils import timezone

    from actionplan.workspace import cockpit

    today = timezone.localdate()
    plan_ids = cockpit._plan_ids(user)
    everything = user.is_superuser
    measured = [
        ("open rounds by state", lambda: cockpit._round_progress(plan_ids, today)),
        (
            "waiting for me",
            lambda: cockpit._waiting(user, cockpit._round_progress(plan_ids, today)),
        ),
        (
            "indicators w/o obs.",
            lambda: cockpit.indicators_without_observation(plan_ids, today.year).count(),
        ),
        (
            "stale projects (to 1.001)",
            lambda: cockpit.capped_count(
                cockpit.stale_projects(plan_ids, today, all_plans=everything)
            ),
        ),
        ("goals off track", lambda: cockpit.goals_off_track(plan_ids)),
    ]
    for name, func in measured:
        median, slowest, queries = timed(func, runs)
        print(f"    part: {name:<34} {median:8.1f} / {slowest:8.1f}   {queries:3d} queries")


def run(runs: int) -> None:
    from django.test import RequestFactory
    from django.utils import translation

    from actionplan.accounts.permissions import plans_for
    from actionplan.projects.models import Project
    from actionplan.rounds.models import StatusRound
    from actionplan.workspace import cockpit_views, views

    translation.activate("da")
    factory = RequestFactory()
    projects = Project.objects.count()
    print(f"{projects} projects; {runs} renders each after a warm-up (ms: median / slowest)")

    def page(view, user, **query):
        def render():
            request = factory.get("/arbejdsrum/", query)
            request.user = user
            response = view(request)
            assert response.status_code == 200, response.status_code
            return response

        return render

    for label, user in viewers():
        for state, cold in (("after a change", True), ("cached", False)):
            median, slowest, queries = timed(page(views.home, user), runs, cold=cold)
            name = f"{label}, {state}"
            print(f"  home, {name:<36} {median:8.1f} / {slowest:8.1f}   {queries:3d} queries")
        if label.startswith("reporter"):
            continue
        a_round = (
            StatusRound.objects.filter(
                state=StatusRound.State.OPEN, plan__in=plans_for(user, published=False)
            )
            .values_list("pk", flat=True)
            .first()
        )
        lists = [
            ("updates of a round", cockpit_views.update_requests, {"runde": a_round}),
            ("waiting for me", cockpit_views.update_requests, {"mine": 1, "tilstand": "submitted"}),
            ("stale projects", cockpit_views.stale_projects, {}),
            ("indicators", cockpit_views.indicators, {}),
            ("goals off track", cockpit_views.goals, {}),
        ]
        for name, view, query in lists:
            median, slowest, queries = timed(page(view, user, **query), runs)
            print(f"    list: {name:<34} {median:8.1f} / {slowest:8.1f}   {queries:3d} queries")
        if label in ("superuser", "region editor"):
            parts(user, runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an existing portfolio, only read")
    parser.add_argument("--projects", type=int, default=10_000, help="else: a SQLite portfolio")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    with tempfile.TemporaryDirectory() as folder:
        if args.database_url:
            os.environ["DATABASE_URL"] = args.database_url
        else:
            os.environ["DATABASE_URL"] = f"sqlite:///{folder}/cockpit.sqlite3"
        import django

        django.setup()
        if not args.database_url:
            from django.core.management import call_command

            from actionplan.synth.generate import generate

            call_command("migrate", interactive=False, verbosity=0)
            started = time.perf_counter()
            generate(projects=args.projects)
            seconds = time.perf_counter() - started
            print(f"portfolio of {args.projects} projects built in {seconds:.0f} s")
        run(args.runs)


if __name__ == "__main__":
    main()
