"""PostgreSQL restarted under load: the same server process answers again afterwards,
without a restart of its own (CONN_HEALTH_CHECKS replaces a dead connection).

By default the restart is what the application sees of one: every connection to its
database is terminated, which disturbs no other database on the server. With
ACTIONPLAN_FAULTS_RESTART_POSTGRES=1 (CI, where the cluster is the test's own) the local
cluster itself is restarted with pg_ctlcluster."""

import os
import shutil

import pytest

from .conftest import on_postgresql


def _how() -> str:
    wanted = os.environ.get("ACTIONPLAN_FAULTS_RESTART_POSTGRES") == "1"
    able = shutil.which("pg_ctlcluster") and os.path.isdir("/etc/postgresql") and os.geteuid() == 0
    return "restart" if wanted and able else "terminate"


@pytest.mark.skipif(not on_postgresql(), reason="PostgreSQL only (set DATABASE_URL)")
def test_the_app_recovers_when_the_database_restarts_under_load(fault_db):
    result = fault_db.scenario("database_restart", _how(), "4", timeout=300)
    assert result["after"] > 0, result
    assert result["after_failed"] == 0, result
