"""The public project list filtered and sorted, its organisation filter, and the staff search.

    .venv/bin/python bench/org_filter.py --database-url postgres://postgres@127.0.0.1:5432/h_x_100k
        [--runs 20] [--pages kommune,sorted] [--explain]

The portfolio is actionplan.synth's (`actionplan synth --projects N`). Each URL goes through
Django's test client in this process (middleware, template; no HTTP server) with the public
cache off (ACTIONPLAN_PUBLIC_CACHE_SECONDS=0: every request is rendered, as for the first
visitor after a change): one warm-up, then --runs renders. Printed per URL: the median and the
p99 (with fewer than 100 runs: the slowest) in ms, the SQL's share of the median (the sum of
the queries' times as Django measures them, median over the runs), the number of queries,
and the size in KB. The organisation terms are broad ones ("kommune", "region", "a": most
organisations match) and one narrow (the name of the organisation with the most partner
roles). --explain prints EXPLAIN ANALYZE of each query of one render of each URL (PostgreSQL).
The staff URLs log in as bench-search-admin (a superuser made here once): the workspace's
project list holds every project. The load average is printed: the machine may be shared.
"""

import argparse
import logging
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.rendering import HEADER, biggest_plan_and_area, explain, measure, print_row


def pick_urls() -> list[tuple[str, str]]:
    """(label, URL) for the portfolio: its biggest plan's biggest focus area's theme, as in
    bench/pages.py, and the organisation with the most partner roles."""
    from django.db.models import Count
    from django.urls import reverse

    from actionplan.organisations.models import Organisation

    _plan, area = biggest_plan_and_area()
    busiest = Organisation.objects.annotate(n=Count("participations")).order_by("-n", "pk").first()
    theme = f"theme={area.theme_id}&status=started"
    workspace = reverse("workspace:projects")
    return [
        ("list, theme+status, by money", f"/projekter/?{theme}&sort=-granted"),
        ("list, theme+status, by title", f"/projekter/?{theme}"),
        ("list, theme+status, newest start", f"/projekter/?{theme}&sort=-start"),
        ("list, focus area, by money", f"/projekter/?focus_area={area.pk}&sort=-granted"),
        ("list, by money (unfiltered)", "/projekter/?sort=-granted"),
        ("list, by money, page 40", "/projekter/?sort=-granted&side=40"),
        ("org kommune", "/projekter/?organisation=kommune"),
        ("org region", "/projekter/?organisation=region"),
        ("org a", "/projekter/?organisation=a"),
        ("org kommune + q=klima", "/projekter/?organisation=kommune&q=klima"),
        ("org kommune + theme, sorted", f"/projekter/?organisation=kommune&{theme}&sort=-granted"),
        ("org a + theme, sorted", f"/projekter/?organisation=a&{theme}&sort=-granted"),
        ("org narrow (busiest's name)", f"/projekter/?organisation={busiest.name}"),
        ("org no match", "/projekter/?organisation=zzqxj"),
        ("API list, org slug", f"/api/v1/projects?organisation={busiest.slug}"),
        ("organisation page (busiest)", f"/organisationer/{busiest.slug}/"),
        ("staff list, search klima", f"{workspace}?q=klima"),
        ("staff list, search a", f"{workspace}?q=a"),
        ("staff list, search klima, page 40", f"{workspace}?q=klima&side=40"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="a synthetic portfolio")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--pages", default="", help="only URLs whose label contains one of these")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE each query")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["ACTIONPLAN_PUBLIC_CACHE_SECONDS"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ACTIONPLAN_SECRET_KEY", "bench-org-filter")
    import django

    django.setup()
    from actionplan.core import heap

    heap.install()  # as config/wsgi.py does in every server process
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import translation

    from actionplan.organisations.models import Organisation
    from actionplan.projects.models import Project

    logging.getLogger("django.request").setLevel(logging.ERROR)
    translation.activate("da")
    admin, _ = get_user_model().objects.get_or_create(
        username="bench-search-admin",
        defaults={"is_superuser": True, "is_staff": True, "email": "search@bench.example"},
    )
    public, staff = Client(HTTP_HOST="localhost"), Client(HTTP_HOST="localhost")
    staff.force_login(admin)
    only = [p for p in args.pages.split(",") if p]
    print(
        f"{Project.objects.count()} projects, {Organisation.objects.count()} organisations; "
        f"{args.runs} renders per URL after a warm-up (in-process, test client, public cache "
        "off)\n"
    )
    print(HEADER.format("URL"))
    for label, path in pick_urls():
        if only and not any(o in label for o in only):
            continue
        client = staff if label.startswith("staff") else public
        f = measure(client, path, args.runs)
        print_row(label, f)
        if f["status"] != 200:
            continue
        if args.explain:
            print(f"\n{label}: {path}")
            explain(f["captured"])


if __name__ == "__main__":
    main()
