"""Several web servers behind one load balancer: real gunicorn processes on loopback ports,
one database (PostgreSQL with DATABASE_URL, else a SQLite file) and one Redis
(ACTIONPLAN_TEST_REDIS_URL, default redis://127.0.0.1:6379/6, flushed first). The tests are
skipped, saying why, when Redis does not answer."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.faults.conftest import FaultDatabase, _postgres_admin, on_postgresql

ROOT = Path(__file__).resolve().parents[2]
# Generous: a loaded CI machine takes tens of seconds to start a worker.
TIMEOUT = 120
GUNICORN = ["--workers", "1", "--threads", "4", "--timeout", "300", "--no-control-socket"]
REDIS_URL = os.environ.get("ACTIONPLAN_TEST_REDIS_URL", "redis://127.0.0.1:6379/6")


def redis_or_skip(url: str = REDIS_URL):
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
    try:
        client.ping()
    except redis.exceptions.RedisError as exc:
        pytest.skip(f"Redis at {url} does not answer ({exc}); .ci/run starts it")
    return client


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, process: subprocess.Popen, port: int, log: Path):
        self.process, self.port, self.log = process, port, log
        self.url = f"http://127.0.0.1:{port}"

    def get(self, path: str, **kwargs) -> requests.Response:
        return requests.get(self.url + path, timeout=TIMEOUT, **kwargs)

    def wait(self, seconds: float = 300) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server {self.port} stopped:\n{self.log.read_text()[-3000:]}")
            try:
                if self.get("/healthz").status_code in (200, 503):
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"server {self.port} did not start:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Deployment(FaultDatabase):
    """The database, the shared Redis, and as many gunicorn servers as a test starts."""

    def __init__(self, url: str, data_dir: Path, redis_url: str):
        super().__init__(url, data_dir)
        self.redis_url = redis_url
        self.servers: list[Server] = []

    @property
    def env(self) -> dict[str, str]:
        return {
            **super().env,
            "ACTIONPLAN_REDIS_URL": self.redis_url,
            "ACTIONPLAN_PUBLIC_CACHE_SECONDS": "600",
        }

    def run_with(self, extra_env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
        """`run`, with these settings added."""
        return subprocess.run(  # noqa: S603
            [sys.executable, *args],
            cwd=ROOT,
            env={**self.env, **extra_env},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    def python(self, code: str) -> str:
        result = self.run("manage.py", "shell", "-c", code)
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout.strip()

    def start_server(self, **env: str) -> Server:
        port = free_port()
        log = self.data_dir / f"server-{port}.log"
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", *GUNICORN],
            cwd=ROOT,
            env={**self.env, **env},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        server = Server(process, port, log)
        self.servers.append(server)
        server.wait()
        return server


@pytest.fixture(scope="session")
def deployment(tmp_path_factory):
    redis_client = redis_or_skip()
    data_dir = tmp_path_factory.mktemp("servers")
    if on_postgresql():
        parts = os.environ["DATABASE_URL"]
        base, name = parts.rsplit("/", 1)
        name = name.split("?")[0] + "_servers"
        with _postgres_admin(parts) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
        url = f"{base}/{name}"
    else:
        url = f"sqlite:///{data_dir / 'servers.sqlite3'}"
    redis_client.flushdb()
    deployment = Deployment(url, data_dir, REDIS_URL)
    loaded = deployment.run("-m", "actionplan.cli", "demo", timeout=1200)
    assert loaded.returncode == 0, loaded.stderr[-3000:]
    yield deployment
    for server in deployment.servers:
        server.stop()
    redis_client.flushdb()
    if on_postgresql():
        with _postgres_admin(os.environ["DATABASE_URL"]) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def two_servers(deployment) -> tuple[Server, Server]:
    return deployment.start_server(), deployment.start_server()


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found, "no CSRF token in the form"
    return found.group(1)


EDITOR, PASSWORD = "editor", "a-long-test-password-4711"


@pytest.fixture(scope="session")
def token(deployment) -> str:
    """An API token of a staff user EDITOR (password PASSWORD)."""
    return deployment.python(
        "from django.contrib.auth import get_user_model\n"
        "from actionplan.api.services import token_create\n"
        f"user, _ = get_user_model().objects.get_or_create(username='{EDITOR}',"
        " defaults={'is_staff': True, 'is_superuser': True})\n"
        f"user.set_password('{PASSWORD}'); user.save()\n"
        "print(token_create(actor=user, name='servers')[1])"
    ).splitlines()[-1]


def patch_project(server: Server, slug: str, token: str, changes: dict) -> requests.Response:
    """A change through the API, based on the version the server answers now (If-Match)."""
    current = server.get(f"/api/v1/projects/{slug}")
    return requests.patch(
        f"{server.url}/api/v1/projects/{slug}",
        json=changes,
        headers={"Authorization": f"Bearer {token}", "If-Match": current.headers["ETag"]},
        timeout=TIMEOUT,
    )
