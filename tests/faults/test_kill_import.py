"""kill -9 of the process in the middle of an import: the database keeps nothing of it (one
transaction: all rows or none), and the same import run again works."""

import os
import signal
import time
import uuid
from pathlib import Path

from .conftest import _postgres_admin, on_postgresql

ROWS = 6_000


def _spreadsheet(path: Path, prefix: str) -> None:
    lines = ["Projektnummer;Projekttitel;Projektejer;Budget;Startdato;Slutdato;Status"]
    lines += [
        f"K9-{prefix}-{n};{prefix} projekt {n};{prefix} Partner {n % 500};"
        f"{100_000 + n};2021-01-01;2022-12-31;Igangsat"
        for n in range(ROWS)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _writing(fault_db, since: int) -> bool:
    """Has the import's transaction begun writing? (It is not committed: nobody sees it.)"""
    if on_postgresql():
        name = fault_db.url.rsplit("/", 1)[1]
        with _postgres_admin(os.environ["DATABASE_URL"]) as admin:
            row = admin.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                "AND backend_xid IS NOT NULL",
                [name],
            ).fetchone()
        return row[0] > 0
    return _wal_size(fault_db) > since + 1_000_000


def _wal_size(fault_db) -> int:
    wal = Path(fault_db.url.removeprefix("sqlite:///") + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def test_kill_9_in_the_middle_of_an_import_leaves_nothing_and_a_rerun_works(fault_db, tmp_path):
    prefix = f"Kill{uuid.uuid4().hex[:6]}"
    sheet = tmp_path / "projekter.csv"
    _spreadsheet(sheet, prefix)
    command = ("-m", "actionplan.cli", "ingest", "projects", str(sheet), "--yes")

    process = fault_db.popen(*command)
    try:
        for line in process.stdout:
            if " projects; budgets " in line:  # the last line before the import starts
                break
        else:
            raise AssertionError("the import ended early: " + process.stderr.read())
        wal = _wal_size(fault_db) if not on_postgresql() else 0
        deadline = time.monotonic() + 120
        while not _writing(fault_db, wal):
            assert process.poll() is None, "the import finished before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=60)
        process.stdout.close()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL

    assert fault_db.scenario("count_projects", prefix) == {"projects": 0}

    rerun = fault_db.run(*command, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"Imported {ROWS} rows: {ROWS} new" in rerun.stdout
    assert fault_db.scenario("count_projects", prefix) == {"projects": ROWS}
