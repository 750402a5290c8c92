"""Latency and throughput of the public pages and the API on a synthetic portfolio.

    .venv/bin/python bench/pages.py --projects 10000 [--db postgres|sqlite] [--duration 10]
        [--connections 4] [--seed 1] [--keep] [--database-url URL] [--pages "plan,map"]

Builds a database of N projects with `actionplan synth` (PostgreSQL: database
ap_synth_bench_<N>, dropped afterwards unless --keep; SQLite: a file in a temporary folder),
or uses --database-url as it is. Starts gunicorn with 2 workers on 127.0.0.1 with
bench/settings.py (production settings plus /bench/ceiling/, a bare view returning constant
JSON) and drives every URL with wrk for --duration seconds (Debian's wrk is installed with
apt-get when missing). The database's floor is the SQL each page runs (captured in-process),
timed in psql with \\timing on PostgreSQL, through Python's sqlite3 module on SQLite: the median
of five runs of the whole set. Printed per URL: p50 and p99 latency, requests per second, and
the ratios p50/ceiling p50, rps/ceiling rps and p50/floor. API URLs that answer 404 are
skipped with a message.

Every URL is measured twice, on two servers: rendered for each request (the public cache
off, ACTIONPLAN_PUBLIC_CACHE_SECONDS=0: what a first visitor after a change waits for), then
as served with the public cache on (actionplan.core.pagecache: every later visitor until the
next change). The floor is the SQL of a rendered request. --pages measures only the pages
whose label contains one of the comma-separated words (and the ceiling), e.g. "front,map".
"""

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VENV = ROOT / ".venv" / "bin"
PG = "postgres://postgres@127.0.0.1:5432"


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kwargs)  # noqa: S603


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is missing: installing Debian's wrk with apt-get ...", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)  # noqa: S607
    return shutil.which("wrk") or "wrk"


def build_database(args: argparse.Namespace, folder: str) -> tuple[str, str | None]:
    """(DATABASE_URL, PostgreSQL database to drop afterwards or None)."""
    if args.database_url:
        return args.database_url, None
    if args.db == "postgres":
        name = f"ap_synth_bench_{args.projects}"
        run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name])
        run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name])
        url, drop = f"{PG}/{name}", name
    else:
        url, drop = f"sqlite:///{folder}/bench.sqlite3", None
    started = time.perf_counter()
    env = {**os.environ, "DATABASE_URL": url}
    synth = [str(VENV / "actionplan"), "synth", "--projects", str(args.projects)]
    out = run([*synth, "--seed", str(args.seed)], env=env).stdout
    print(f"actionplan synth --projects {args.projects}: {time.perf_counter() - started:.1f} s")
    print("  " + out.splitlines()[0])
    if args.db == "postgres":
        run(["psql", "-q", url, "-c", "VACUUM ANALYZE"])
    return url, drop


def pick_urls() -> list[tuple[str, str]]:
    """The URLs to measure, chosen from the portfolio: its biggest plan and focus area."""
    from django.db.models import Count

    from actionplan.projects.models import Project
    from bench.rendering import biggest_plan_and_area

    plan, area = biggest_plan_and_area()
    project = (
        Project.objects.filter(is_published=True, focus_area_links__focus_area=area)
        .annotate(p=Count("participations"))
        .order_by("-p", "pk")
        .first()
    )
    return [
        ("ceiling (bare JSON view)", "/bench/ceiling/"),
        ("plan front page", f"/planer/{plan.slug}/"),
        ("focus-area page", f"/planer/{plan.slug}/{area.slug}/"),
        (
            "project list, filtered+sorted",
            f"/projekter/?theme={area.theme_id}&status=started&sort=-granted",
        ),
        ("project page", f"/projekter/{project.slug}/"),
        ("search", "/projekter/?q=klimatilpasning"),
        ("plan map", f"/planer/{plan.slug}/kort/"),
        ("focus-area map", f"/planer/{plan.slug}/{area.slug}/kort/"),
        ("national comparison + map", "/sammenlign/"),
        ("plan list", "/planer/"),
        ("search, every kind", "/soeg/?q=klimatilpasning"),
        ("API list", f"/api/v1/projects?plan={plan.slug}&status=started"),
        ("API detail", f"/api/v1/projects/{project.slug}"),
    ]


def captured_sql(urls: list[tuple[str, str]]) -> dict[str, list[str]]:
    """The SQL of each URL, with parameters inlined, from its second request in this process
    with the public cache off: the steady state of rendering (the filter options are kept)."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client()
    result = {}
    with override_settings(ACTIONPLAN_PUBLIC_CACHE_SECONDS=0):
        for _label, url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            result[url] = [q["sql"] for q in queries.captured_queries]
    return result


def floor_postgres(database_url: str, sql: list[str], runs: int = 5) -> float | None:
    """Milliseconds for the page's SQL in psql (\\timing), the median over runs."""
    if not sql:
        return None
    script = "\\timing on\n" + "".join(f"{q};\n" for q in sql)
    totals = []
    for _ in range(runs):
        out = run(["psql", "-q", "-o", "/dev/null", database_url], input=script).stdout
        times = [float(t) for t in re.findall(r"Time: ([0-9.]+) ms", out)]
        totals.append(sum(times))
    return statistics.median(totals)


def floor_sqlite(sql: list[str], runs: int = 5) -> float | None:
    """Milliseconds for the page's SQL on the bare sqlite3 connection (with the functions
    Django registers on it, such as django_date_extract), the median over runs."""
    from django.db import connection

    if not sql:
        return None
    connection.ensure_connection()
    db = connection.connection
    totals = []
    for _ in range(runs):
        started = time.perf_counter()
        for q in sql:
            db.execute(q).fetchall()
        totals.append((time.perf_counter() - started) * 1000)
    return statistics.median(totals)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(
    database_url: str,
    port: int,
    cache_seconds: str,
    *,
    workers: int = 2,
    env_extra: dict[str, str] | None = None,
    wait_seconds: float = 20,
) -> subprocess.Popen:
    env = {
        **os.environ,
        "ACTIONPLAN_PUBLIC_CACHE_SECONDS": cache_seconds,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "ACTIONPLAN_DEBUG": "false",
        **(env_extra or {}),
    }
    cmd = [str(VENV / "gunicorn"), "config.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
    cmd += ["--chdir", str(ROOT), "--log-level", "warning", "--no-control-socket"]
    server = subprocess.Popen(cmd, env=env)  # noqa: S603
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/ceiling/", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer on /bench/ceiling/ within {wait_seconds:.0f} s")


def status_of(url: str) -> int:
    try:
        return urllib.request.urlopen(url, timeout=60).status  # noqa: S310
    except urllib.error.HTTPError as exc:
        return exc.code


def warm(url: str) -> int:
    """The URL's status, after two rounds of two requests at once, so that each worker has
    answered it: the figures are the steady state, not each worker's first request."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        for _ in range(2):
            codes = list(pool.map(status_of, [url, url]))
    return codes[0]


def to_ms(value: str) -> float:
    number, unit = re.match(r"([0-9.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def drive(wrk: str, url: str, args: argparse.Namespace) -> dict[str, float]:
    cmd = [wrk, "-t", "2", "-c", str(args.connections), "-d", f"{args.duration}s"]
    out = run([*cmd, "--timeout", "30s", "--latency", url]).stdout
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    rps = re.search(r"Requests/sec:\s+([0-9.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "p50": to_ms(p50.group(1)) if p50 else float("nan"),
        "p99": to_ms(p99.group(1)) if p99 else float("nan"),
        "rps": float(rps.group(1)) if rps else 0.0,
        "errors": int(errors.group(1)) if errors else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--database-url", help="use this database as it is (no synth, no drop)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per URL")
    parser.add_argument(
        "--connections", type=int, default=2, help="wrk connections (2 = one per worker)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.add_argument(
        "--pages", default="", help="only pages whose label contains one of these words (a,b)"
    )
    args = parser.parse_args()
    wrk = ensure_wrk()
    with tempfile.TemporaryDirectory() as folder:
        database_url, drop = build_database(args, folder)
        os.environ["DATABASE_URL"] = database_url
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
        import django

        django.setup()
        from django.db import connection

        from actionplan.projects.models import Project

        args.projects = Project.objects.count()  # with --database-url, what is there
        urls = pick_urls()
        if args.pages:
            words = [w.strip() for w in args.pages.split(",") if w.strip()]
            urls = [u for u in urls if u[1] == "/bench/ceiling/" or any(w in u[0] for w in words)]
        sql = captured_sql(urls)
        vendor = connection.vendor
        connection.close()
        floors = {}
        for _label, path in urls:
            queries = sql.get(path, []) if path != "/bench/ceiling/" else []
            if vendor == "postgresql":
                floors[path] = floor_postgres(database_url, queries)
            else:
                floors[path] = floor_sqlite(queries)
        tables = {}
        try:
            for mode, seconds in MODES:
                tables[mode] = measure(wrk, urls, args, database_url, seconds, sql, floors)
        finally:
            if drop and not args.keep:
                run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", drop])
    for mode, rows in tables.items():
        report(args, vendor, mode, rows)


# (what the table is headed, ACTIONPLAN_PUBLIC_CACHE_SECONDS for the server)
MODES = [
    ("rendered for each request (public cache off)", "0"),
    ("public cache on (a copy costs 1 query; queries and floor are the rendering's)", "600"),
]


def measure(wrk, urls, args, database_url, cache_seconds, sql, floors) -> list:
    port = free_port()
    server = start_gunicorn(database_url, port, cache_seconds)
    rows = []
    try:
        base = f"http://127.0.0.1:{port}"
        codes = {path: warm(base + path) for _, path in urls}
        for label, path in urls:
            if codes[path] != 200:
                print(f"  skipped {label}: {path} answers {codes[path]}", flush=True)
                continue
            figures = drive(wrk, base + path, args)
            count = len(sql.get(path, [])) if path != "/bench/ceiling/" else 0
            rows.append((label, path, figures, count, floors[path]))
            print(f"  measured {label} (cache {cache_seconds} s)", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows


def report(args: argparse.Namespace, vendor: str, mode: str, rows: list) -> None:
    ceiling = rows[0][2]
    print(
        f"\n{args.projects} projects on {vendor}, {mode}; gunicorn 2 workers; wrk 2 threads, "
        f"{args.connections} connections, {args.duration} s per URL; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at the end\n"
    )
    head = (
        f"| {'page':<30} | p50 ms | p99 ms |  req/s | queries | floor ms |"
        " p50/ceiling | rps/ceiling | p50/floor |"
    )
    print(head)
    print("|" + "|".join("-" * len(c) for c in head.split("|")[1:-1]) + "|")
    for label, _path, f, count, floor in rows:
        if not f["rps"]:
            print(
                f"| {label:<30} | no request finished within {args.duration} s | "
                f"queries {count} | floor {floor or 0:.0f} ms |"
            )
            continue
        ratio_floor = f"{f['p50'] / floor:9.1f}" if floor else f"{'-':>9}"
        floor_text = f"{floor:8.2f}" if floor is not None else f"{'-':>8}"
        errors = f" ({f['errors']} non-2xx)" if f["errors"] else ""
        print(
            f"| {label:<30} | {f['p50']:6.1f} | {f['p99']:6.1f} | {f['rps']:6.1f} | "
            f"{count:7} | {floor_text} | {f['p50'] / ceiling['p50']:11.1f} | "
            f"{f['rps'] / ceiling['rps']:11.3f} | {ratio_floor} |{errors}"
        )


if __name__ == "__main__":
    main()
