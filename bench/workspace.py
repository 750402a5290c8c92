"""Render time, size and SQL queries of every workspace page a role opens daily, at scale.

    .venv/bin/python bench/workspace.py --database-url postgres://postgres@127.0.0.1:5432/ap_scale_100k
        [--runs 20] [--roles admin,editor,reporter] [--pages home,projects,...]

The portfolio is actionplan.synth's, best with a national round and a long log:
`actionplan synth --projects N --update-requests 100000 --audit-events 10000000`.
The database is written to: the viewers are real users (made here once, with real roles, so
the pages read permissions as in production): bench-admin (superuser), bench-editor (editor
of the organisation that owns the plan with the most projects) and bench-reporter (reporter
on the 200 projects of the national round, or of any open round, asked first). Never point it
at a database others share.

Each page goes through Django's test client (middleware, session, template: no HTTP server):
one warm-up, then --runs renders; printed per role and page: the median and the p99 (with
fewer than 100 runs: the slowest) in ms, the median CPU time of this process and the median
time of the SQL (as Django measures it) per render, the size in KB and the SQL queries of one
render. On a loaded machine the wall time includes waiting for a core; CPU + SQL is near what
a quiet machine shows.
A page slower than 2 s is rendered 3 times. The process freezes its long-lived heap after its
first requests, as every server process does (config/wsgi.py, actionplan.core.heap). The load
average is printed with the table: the machine may be shared, so read the figures with it.
"""

import argparse
import logging
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.rendering import HEADER, explain, measure, print_row


def viewers() -> dict:
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from actionplan.accounts.models import Membership, Role
    from actionplan.plans.models import ActionPlan
    from actionplan.rounds.models import StatusRound, UpdateRequest

    user_model = get_user_model()
    made = {}
    admin, _ = user_model.objects.get_or_create(
        username="bench-admin",
        defaults={"is_superuser": True, "is_staff": True, "email": "admin@bench.example"},
    )
    made["admin"] = admin
    plan = (
        ActionPlan.objects.annotate(n=Count("focus_areas__project_links"))
        .order_by("-n", "pk")
        .first()
    )
    editor, created = user_model.objects.get_or_create(
        username="bench-editor", defaults={"email": "editor@bench.example"}
    )
    if created:
        Membership.objects.create(user=editor, role=Role.EDITOR, organisation=plan.organisation)
    made["editor"] = editor
    reporter, created = user_model.objects.get_or_create(
        username="bench-reporter", defaults={"email": "reporter@bench.example"}
    )
    if created:
        national = StatusRound.objects.filter(slug__startswith="status-national").first()
        requests = UpdateRequest.objects.filter(round__state=StatusRound.State.OPEN)
        if national is not None:
            requests = requests.filter(round=national)
        projects = requests.order_by("pk").values_list("project_id", flat=True)[:200]
        Membership.objects.bulk_create(
            Membership(user=reporter, role=Role.REPORTER, project_id=pk) for pk in projects
        )
    made["reporter"] = reporter
    return made


def pages_for(role: str, user) -> list[tuple[str, str]]:
    """(label, URL) of the pages the role opens daily, chosen from the portfolio."""
    from django.db.models import Count
    from django.urls import reverse

    from actionplan.accounts.permissions import plans_for
    from actionplan.accounts.selectors import workspace_projects
    from actionplan.core.models import AuditEvent
    from actionplan.indicators.models import Indicator
    from actionplan.plans.models import FocusArea
    from actionplan.rounds.models import StatusRound, UpdateRequest
    from actionplan.rounds.selectors import rounds_for

    def url(name, *args, query=""):
        return reverse(f"workspace:{name}", args=args) + (f"?{query}" if query else "")

    mine = workspace_projects(user)
    plan = plans_for(user, published=False).annotate(n=Count("focus_areas__project_links"))
    plan = plan.order_by("-n", "pk").first() or plans_for(user).first()
    project = (
        mine.filter(focus_area_links__focus_area__plan=plan)
        .annotate(p=Count("participations"))
        .order_by("-p", "pk")
        .first()
    ) or mine.order_by("pk").first()
    # Only the rounds the user's roles cover: a project's reporter has none (the round pages
    # would answer 404), and reports through "my update requests" instead.
    rounds = rounds_for(user).filter(plan=plan, state=StatusRound.State.OPEN)
    a_round = rounds.annotate(n=Count("requests")).order_by("-n", "pk").first() if plan else None
    area = FocusArea.objects.filter(plan=plan).order_by("pk").first() if plan else None
    indicator = (
        Indicator.objects.filter(goal__focus_area__plan=plan).order_by("pk").first()
        if plan
        else None
    )
    request = UpdateRequest.objects.filter(project__in=mine, round__state="open").first()
    who = AuditEvent.objects.order_by("-at").values_list("actor_label", flat=True).first()
    result = [
        ("home (cockpit)", url("home")),
        ("project list", url("projects")),
        ("project list, filtered", url("projects", query=f"status=started&plan={plan.pk}")),
        ("project list, search", url("projects", query="q=klima")),
        ("project list, page 40", url("projects", query="side=40")),
        ("project page", url("project", project.pk)),
        ("project edit form", url("project_edit", project.pk)),
        ("organisations, search", url("organisations", query="q=universitet")),
        ("plan list", url("plans")),
        ("plan page", url("plan", plan.slug)),
        ("plan edit form", url("plan_edit", plan.slug)),
        ("plan history", url("history", "plan", plan.pk)),
    ]
    if area is not None:
        result.append(("focus-area edit", url("focus_area", plan.slug, area.pk)))
    if indicator is not None:
        result.append(("indicator page", url("indicator", plan.slug, indicator.pk)))
        result.append(("observations, bulk entry", url("bulk_entry", plan.slug)))
    result.append(("round list", url("rounds")))
    if a_round is not None:
        result += [
            ("round (completeness)", url("round", a_round.pk)),
            (
                "review queue (submitted)",
                url("cockpit_requests", query=f"runde={a_round.pk}&tilstand=submitted"),
            ),
            ("round assessments", url("round_assessments", a_round.pk)),
        ]
    result.append(("my update requests", url("my_update_requests")))
    if request is not None:
        result.append(("update request", url("update_request", request.pk)))
    result += [
        ("users and roles", url("users")),
        ("log", url("log")),
        ("log, one person", url("log", query=f"who={who}")),
        ("import", url("imports")),
        ("notices", reverse("notices:list")),
    ]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="a writable synthetic portfolio")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--roles", default="admin,editor,reporter")
    parser.add_argument("--pages", default="", help="only pages whose label contains one of these")
    parser.add_argument(
        "--explain",
        type=float,
        metavar="MS",
        help="EXPLAIN ANALYZE each query slower than MS in the last render (PostgreSQL)",
    )
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ACTIONPLAN_SECRET_KEY", "bench-workspace")
    import django

    django.setup()
    from actionplan.core import heap

    heap.install()  # as config/wsgi.py does in every server process
    from django.test import Client
    from django.utils import translation

    from actionplan.core.models import AuditEvent
    from actionplan.projects.models import Project
    from actionplan.rounds.models import UpdateRequest

    logging.getLogger("django.request").setLevel(logging.ERROR)  # the 403s are expected
    translation.activate("da")
    users = viewers()
    projects = Project.objects.count()
    requests = UpdateRequest.objects.count()
    events = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    only = [p for p in args.pages.split(",") if p]
    print(
        f"{projects} projects, {requests} update requests, ~{events} audit events; "
        f"{args.runs} renders per page after a warm-up (in-process, test client)"
    )
    for role in args.roles.split(","):
        client = Client(HTTP_HOST="localhost")
        client.force_login(users[role])
        print(f"\n### {role}\n")
        print(HEADER.format("page"))
        for label, path in pages_for(role, users[role]):
            if only and not any(o in label for o in only):
                continue
            f = measure(client, path, args.runs)
            print_row(label, f)
            if f["status"] != 200:
                continue
            if args.explain is not None:
                explain(f["captured"], args.explain)


if __name__ == "__main__":
    main()
