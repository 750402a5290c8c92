"""Cached public pages on two web servers sharing one Redis cache, beside the same two servers
each with its own local-memory cache, relative to the bare ceiling.

    .venv/bin/python bench/servers.py --projects 10000 [--db postgres|sqlite] [--keep]
        [--database-url URL] [--redis-url redis://127.0.0.1:6379/6] [--duration 10]
        [--connections 2]

The database as bench/pages.py makes it (or --database-url as it is). Starts two gunicorn
servers of one worker each on loopback ports, both with the public cache on, and drives each
URL with two wrk processes at once, one per server (a load balancer's even split), adding
their requests per second; p50 and p99 are the larger of the two. Measured twice: with
ACTIONPLAN_REDIS_URL (one copy of each page in Redis, shared by both; the Redis database is
flushed first) and without (each server's own local memory, as bench/pages.py's "public
cache on" table). The ceiling is /bench/ceiling/ (a bare JSON view) on the same two servers.
Printed per URL and cache: req/s, p50, p99 and rps/ceiling.
"""

import argparse
import os
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pages import (
    build_database,
    drive,
    ensure_wrk,
    free_port,
    pick_urls,
    run,
    start_gunicorn,
    warm,
)

CACHES = [("Redis, shared", True), ("local memory, per server", False)]


def measure(wrk, urls, args, database_url: str, shared: bool) -> dict[str, dict]:
    env = {"ACTIONPLAN_REDIS_URL": args.redis_url} if shared else {}
    if shared:
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()
    ports = [free_port(), free_port()]
    servers = [
        start_gunicorn(database_url, port, "600", workers=1, env_extra=env, wait_seconds=300)
        for port in ports
    ]
    figures = {}
    try:
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for label, path in urls:
            codes = [warm(base + path) for base in bases]
            if codes != [200, 200]:
                print(f"  skipped {label}: {path} answers {codes}", flush=True)
                continue
            with ThreadPoolExecutor(max_workers=2) as pool:
                both = list(pool.map(lambda base, p=path: drive(wrk, base + p, args), bases))
            figures[path] = {
                "rps": sum(f["rps"] for f in both),
                "p50": max(f["p50"] for f in both),
                "p99": max(f["p99"] for f in both),
                "errors": sum(f["errors"] for f in both),
            }
            print(f"  measured {label} ({'Redis' if shared else 'local memory'})", flush=True)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    return figures


def report(args, vendor: str, urls, tables: dict[str, dict]) -> None:
    print(
        f"\n{args.projects} projects on {vendor}; 2 gunicorn servers of 1 worker, public cache "
        f"on; per server wrk 2 threads, {args.connections} connections, {args.duration} s per "
        f"URL; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at the end\n"
    )
    head = "| page                           |"
    rule = "|--------------------------------|"
    for name, _ in CACHES:
        head += f" {name}: req/s | p50 ms | p99 ms | rps/ceiling |"
        rule += "-" * (len(name) + 9) + "|--------|--------|-------------|"
    print(head)
    print(rule)
    ceilings = {name: tables[name].get("/bench/ceiling/") for name, _ in CACHES}
    for label, path in urls:
        line = f"| {label:<30} |"
        for name, _ in CACHES:
            f, ceiling = tables[name].get(path), ceilings[name]
            if not f or not ceiling or not f["rps"]:
                line += f" {'-':>{len(name) + 7}} | {'-':>6} | {'-':>6} | {'-':>11} |"
                continue
            errors = "!" if f["errors"] else ""
            line += (
                f" {f['rps']:>{len(name) + 6}.1f}{errors or ' '}| {f['p50']:6.1f} | "
                f"{f['p99']:6.1f} | {f['rps'] / ceiling['rps']:11.3f} |"
            )
        print(line)
    print("\n! = some answers were not 2xx/3xx")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--database-url", help="use this database as it is (no synth, no drop)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/6")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per URL")
    parser.add_argument("--connections", type=int, default=2, help="wrk connections per server")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
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

        args.projects = Project.objects.count()
        urls = pick_urls()
        vendor = connection.vendor
        connection.close()
        tables = {}
        try:
            for name, shared in CACHES:
                tables[name] = measure(wrk, urls, args, database_url, shared)
        finally:
            if drop and not args.keep:
                run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", drop])
    report(args, vendor, urls, tables)


if __name__ == "__main__":
    main()
