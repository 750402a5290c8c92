"""Time and peak memory of the full open-data export (JSON, the projects CSV, XLSX, IATI).

    .venv/bin/python bench/export.py [--sizes 1000,10000,100000] [--db sqlite|postgres]
        [--database-url URL] [--formats json,csv,xlsx,iati] [--json-path database|python]

For every size, builds a synthetic portfolio of that many projects with `actionplan synth`
(PostgreSQL: database ap_synth_export_<N>, dropped afterwards; SQLite: a temporary file),
then exports in a fresh process per format, writing to a temporary file, and prints the
seconds, the output size and the process's peak RSS (ru_maxrss) beside its RSS before the
export began: with a streamed export the peak stays flat as N grows. With --database-url, one
existing database is measured as it is (only read). Besides the wall-clock seconds it prints
the process's CPU seconds (user + system): on a machine shared with other work the CPU time
is the steadier figure; on a local PostgreSQL the CPU seconds of the connection's server
process are measured too (from /proc) and counted in the per-CPU-second rate. On PostgreSQL the
JSON export's projects are written by the database (opendata.pg_json); --json-path python
measures the Python path (stream's chunks and orjson) on the same database, for comparison.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG = "postgres://postgres@127.0.0.1:5432"


def child(fmt: str, output: str) -> None:
    """Run in the measuring subprocess: one export, figures as JSON on stdout."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()
    from actionplan.opendata import iati, pg_json, stream, xlsx_export

    if os.environ.get("BENCH_JSON_PATH") == "python":
        pg_json.available = lambda: False
    from actionplan.opendata.csv_export import iter_csv
    from actionplan.projects.models import Project

    projects = Project.objects.filter(is_published=True).count()
    backend = _backend_pid()
    db_cpu = _cpu_seconds(backend)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cpu = time.process_time()
    started = time.perf_counter()
    with open(output, "wb") as handle:
        if fmt == "json":
            stream.write_json(handle)
        elif fmt == "xlsx":
            xlsx_export.write_xlsx(handle)
        else:
            pieces = iati.iter_iati() if fmt == "iati" else (p.encode() for p in iter_csv())
            for piece in pieces:
                handle.write(piece)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    db_cpu = _cpu_seconds(backend) - db_cpu if backend else None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = os.path.getsize(output) / 2**20
    figures = {"projects": projects, "s": seconds, "cpu": cpu, "db_cpu": db_cpu}
    figures.update(before=before, peak=peak)
    print(json.dumps({**figures, "mb": size, "load": os.getloadavg()[0]}))


def _backend_pid() -> int | None:
    """The PostgreSQL server process of this connection, when it runs on this machine."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    return pid if Path(f"/proc/{pid}/stat").exists() else None


def _cpu_seconds(pid: int | None) -> float:
    """User + system CPU seconds of a process (the database server's, from /proc)."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pg(command: str, *args: str) -> None:
    cmd = [command, "-h", "127.0.0.1", "-U", "postgres", *args]
    subprocess.run(cmd, check=True)  # noqa: S603


def measure(database_url: str, fmt: str, folder: str, json_path: str = "database") -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "BENCH_JSON_PATH": json_path}
    out = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--child", fmt, f"{folder}/export.{fmt}"],
        env=env,
        check=True,
        text=True,
        capture_output=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def build(size: int, db: str, folder: str) -> tuple[str, str | None]:
    if db == "postgres":
        name = f"ap_synth_export_{size}"
        pg("dropdb", "--if-exists", name)
        pg("createdb", name)
        url, drop = f"{PG}/{name}", name
    else:
        url, drop = f"sqlite:///{folder}/export-{size}.sqlite3", None
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run(  # noqa: S603
        [str(ROOT / ".venv/bin/actionplan"), "synth", "--projects", str(size)],
        env=env,
        check=True,
        capture_output=True,
    )
    return url, drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--database-url")
    parser.add_argument("--formats", default="json,csv")
    parser.add_argument("--json-path", choices=["database", "python"], default="database")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        targets = (
            [(None, args.database_url)]
            if args.database_url
            else [(int(s), None) for s in args.sizes.split(",")]
        )
        for size, url in targets:
            drop = None
            if url is None:
                url, drop = build(size, args.db, folder)
            try:
                for fmt in args.formats.split(","):
                    figures = measure(url, fmt, folder, args.json_path)
                    rows.append((fmt, figures))
                    print(f"  {fmt}: {figures}", flush=True)
            finally:
                if drop:
                    pg("dropdb", drop)
    vendor = (
        "PostgreSQL"
        if (args.database_url or "").startswith("postgres") or args.db == "postgres"
        else "SQLite"
    )
    print(f"\nFull export on {vendor} (published projects; peak RSS of the exporting process)\n")
    print(
        "| format | projects | seconds | CPU s (+ database) | projects/s (per CPU-s) | output MB "
        "| RSS before MB | peak RSS MB | load |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for fmt, f in rows:
        both = f["cpu"] + (f["db_cpu"] or 0)
        rate = f"{f['projects'] / f['s']:,.0f} ({f['projects'] / max(both, 1e-9):,.0f})"
        db = f" + {f['db_cpu']:.1f}" if f["db_cpu"] is not None else ""
        print(
            f"| {fmt} | {f['projects']} | {f['s']:.1f} | {f['cpu']:.1f}{db} | {rate} | "
            f"{f['mb']:.1f} | {f['before']:.0f} | {f['peak']:.0f} | {f['load']:.1f} |"
        )


if __name__ == "__main__":
    main()
