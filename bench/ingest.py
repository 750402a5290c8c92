"""Rows per second for importing a generated 100.000-row project list (CSV).

    .venv/bin/python bench/ingest.py [ROWS] [--db sqlite|postgres] [--pg-name NAME]

Runs against a throwaway database (SQLite in a temporary folder, or the PostgreSQL database
--pg-name, default ap_bench_ingest, on 127.0.0.1), removed afterwards, so it never touches the
real one. Prints the time to read and check the rows, and to import them through the services
(one transaction, every write validated and audited), and the process's peak RSS.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def generate(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(
            "Projekttitel;Startdato;Slutdato;Budget;EU-medfinansiering;"
            "Kontraktansvarlig partner;Partnere\n"
        )
        for n in range(rows):
            budget = 100_000 + n * 37
            handle.write(
                f'"Projekt {n}";01.{n % 12 + 1:02d}.2016;31.12.2020;'
                f"{budget:,};{budget // 2:,};Organisation {n % 500};"
                f'"Partner {n % 300}.\nPartner {(n + 1) % 300}."\n'.replace(",", ".")
            )


PG_NAME = "ap_bench_ingest"


def postgres(command: str) -> None:
    """dropdb/createdb of the benchmark's own database; nothing here comes from input."""
    arguments = ["-h", "127.0.0.1", "-U", "postgres"]
    if command == "dropdb":
        arguments.append("--if-exists")
    subprocess.run([command, *arguments, PG_NAME], check=True)  # noqa: S603


def main() -> None:
    global PG_NAME
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", type=int, nargs="?", default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-name", default=PG_NAME, help="the throwaway PostgreSQL database")
    args = parser.parse_args()
    PG_NAME = args.pg_name
    rows = args.rows
    with tempfile.TemporaryDirectory() as folder:
        if args.db == "postgres":
            postgres("dropdb")
            postgres("createdb")
            os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"
        else:
            os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
        try:
            measure(folder, rows, args.db)
        finally:
            if args.db == "postgres":
                from django.db import connections

                connections.close_all()
                postgres("dropdb")


def server_cpu() -> float | None:
    """CPU seconds of this connection's PostgreSQL backend so far, when the server runs on
    this machine and its process can be read (/proc): with the client's, what an import
    costs, however busy the machine is. None on SQLite or when not readable."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(folder: str, rows: int, db: str) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from actionplan.core.services import SYSTEM
    from actionplan.ingest import spreadsheets
    from actionplan.ingest.safety import read_path
    from actionplan.ingest.tables import read_table

    settings.ACTIONPLAN_INGEST_MAX_BYTES = 1 << 30
    # The upload check bounds rows by lines, and each generated row spans two (its partners).
    settings.ACTIONPLAN_INGEST_MAX_ROWS = 2 * rows
    call_command("migrate", verbosity=0)
    path = Path(folder) / "bench-projects.csv"
    generate(path, rows)
    started, cpu = time.perf_counter(), time.process_time()
    table = read_table(read_path(path))
    parsed = spreadsheets.rows_parse(table, spreadsheets.mapping_for(table, "bench"))
    read_seconds, read_cpu = time.perf_counter() - started, time.process_time() - cpu
    server = server_cpu()
    started, cpu = time.perf_counter(), time.process_time()
    result = spreadsheets.projects_import(actor=SYSTEM, file=path.name, rows=parsed)
    import_seconds, import_cpu = time.perf_counter() - started, time.process_time() - cpu
    server = server_cpu() - server if server is not None else None
    print(f"{rows} rows, {path.stat().st_size / 2**20:.1f} MB CSV, {db}")
    print(f"read and check: {read_seconds:.1f} s = {rows / read_seconds:,.0f} rows/s")
    print(
        f"import: {import_seconds:.1f} s = {rows / import_seconds:,.0f} rows/s "
        f"({result.created} projects, {result.organisations_created} organisations)"
    )
    print(f"total: {rows / (read_seconds + import_seconds):,.0f} rows/s")
    # On a shared machine the wall clock counts other processes' turns too: the CPU time of
    # this process (not the database server's) is the steadier figure.
    print(
        f"CPU of this process: read and check {read_cpu:.1f} s, import {import_cpu:.1f} s "
        f"= {rows / import_cpu:,.0f} rows per CPU second"
    )
    if server is not None:
        print(
            f"CPU of the PostgreSQL backend: import {server:.1f} s; both "
            f"{rows / (import_cpu + server):,.0f} rows per CPU second"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"peak RSS: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
