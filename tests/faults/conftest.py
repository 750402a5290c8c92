"""The fault suite: what a server meets besides good requests (a process killed mid-import,
the database restarted under load, a full disk, concurrent writers).

Each test runs its scenario in a subprocess (`python -m tests.faults.scenarios NAME`) against
a database of its own, migrated once per session: a SQLite file (WAL, as production), or, with
DATABASE_URL pointing at PostgreSQL, a database named after it with `_faults` appended. The
scenarios print one JSON line that the tests read."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]


def on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def _postgres_admin(url: str):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
        autocommit=True,
    )


class FaultDatabase:
    def __init__(self, url: str, data_dir: Path):
        self.url = url
        self.data_dir = data_dir

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": self.url,
            "ACTIONPLAN_DATA_DIR": str(self.data_dir),
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "ACTIONPLAN_PUBLIC_CACHE_SECONDS": "0",
            "PYTHONPATH": str(ROOT),
        }

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603
            [sys.executable, *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def scenario(self, name: str, *args: str, timeout: float = 300) -> dict:
        result = self.run("-m", "tests.faults.scenarios", name, *args, timeout=timeout)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        return json.loads(result.stdout.strip().splitlines()[-1])

    def popen(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(  # noqa: S603
            [sys.executable, *args],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )


@pytest.fixture(scope="session")
def fault_db(tmp_path_factory) -> FaultDatabase:
    data_dir = tmp_path_factory.mktemp("faults")
    if on_postgresql():
        url = os.environ["DATABASE_URL"]
        parts = urlsplit(url)
        name = parts.path.lstrip("/") + "_faults"
        with _postgres_admin(url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
        url = urlunsplit(parts._replace(path="/" + name))
    else:
        url = f"sqlite:///{data_dir / 'faults.sqlite3'}"
    database = FaultDatabase(url, data_dir)
    migrated = database.run("manage.py", "migrate", "--no-input", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr
    yield database
    if on_postgresql():
        with _postgres_admin(os.environ["DATABASE_URL"]) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
