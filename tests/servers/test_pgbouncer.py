"""PgBouncer in transaction mode in front of the database (ACTIONPLAN_PGBOUNCER=true): a web
server and the CLI write and stream exports through it. PostgreSQL only; skipped, saying
why, without the pgbouncer program (Debian: apt-get install -y pgbouncer)."""

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.faults.conftest import on_postgresql

from .conftest import free_port, patch_project

POOL_SIZE = 2  # fewer server connections than client ones: transactions change hands


@pytest.fixture(scope="module")
def bouncer(deployment):
    if not on_postgresql():
        pytest.skip("PgBouncer pools PostgreSQL connections: set DATABASE_URL to PostgreSQL")
    program = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not Path(program).exists():
        pytest.skip("no pgbouncer program (Debian: apt-get install -y pgbouncer)")
    target = urlsplit(deployment.url)
    name = target.path.lstrip("/")
    port = free_port()
    # Readable by the user PgBouncer runs as (it refuses to run as root).
    folder = Path(tempfile.mkdtemp(prefix="pgbouncer-"))
    folder.chmod(0o777)
    (folder / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"{name} = host={target.hostname or '127.0.0.1'} port={target.port or 5432} "
        f"dbname={name} user={target.username or 'postgres'}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        "auth_type = any\npool_mode = transaction\n"
        f"default_pool_size = {POOL_SIZE}\nmax_client_conn = 100\n"
        f"logfile = {folder / 'pgbouncer.log'}\npidfile = {folder / 'pgbouncer.pid'}\n"
    )
    (folder / "pgbouncer.ini").chmod(0o644)
    command = [program, str(folder / "pgbouncer.ini")]
    if os.geteuid() == 0:
        command[1:1] = ["-u", "postgres"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                output = process.stdout.read().decode(errors="replace")
                raise AssertionError(f"pgbouncer did not start: {output}") from None
            time.sleep(0.2)
    yield f"postgresql://{target.username or 'postgres'}@127.0.0.1:{port}/{name}"
    process.terminate()
    process.wait(10)
    shutil.rmtree(folder, ignore_errors=True)


SHOW_SETTING = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.DATABASES['default'].get('DISABLE_SERVER_SIDE_CURSORS'))"
)


def test_the_setting_turns_server_side_cursors_off(deployment):
    assert deployment.run_with({}, "-c", SHOW_SETTING).stdout.strip() == "False"
    shown = deployment.run_with({"ACTIONPLAN_PGBOUNCER": "true"}, "-c", SHOW_SETTING)
    assert shown.stdout.strip() == "True", shown.stderr[-2000:]


def test_writes_and_streaming_exports_through_pgbouncer_in_transaction_mode(
    deployment, bouncer, token
):
    server = deployment.start_server(DATABASE_URL=bouncer, ACTIONPLAN_PGBOUNCER="true")
    try:
        project = server.get("/api/v1/projects").json()["items"][0]
        title = "Through PgBouncer 17"
        saved = patch_project(server, project["id"], token, {"title": title})
        assert saved.status_code == 200, saved.text
        # The full export is a file the server's job thread builds through the pool: 503
        # until the first is there, the previous one until the rebuild after the change.
        deadline = time.monotonic() + 120
        while True:
            export = server.get("/data/alle.json")
            assert export.status_code in (200, 503), export.text[:500]
            if export.status_code == 200 and title in [
                p["title"] for p in export.json()["projects"]
            ]:
                break
            assert time.monotonic() < deadline, "the export was not rebuilt in 120 s"
            time.sleep(0.5)
        for _ in range(3):  # more requests than server connections, in turn
            assert server.get(f"/projekter/{project['id']}/").status_code == 200
    finally:
        server.stop()
        deployment.servers.remove(server)

    # The CLI's streaming JSON export through the same pool.
    out = deployment.data_dir / "bounced.json"
    bounced = {"DATABASE_URL": bouncer, "ACTIONPLAN_PGBOUNCER": "true"}
    result = deployment.run_with(bounced, "-m", "actionplan.cli", "export", "json", "-o", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    assert title in [p["title"] for p in json.loads(out.read_text())["projects"]]
