"""Jobs in real Celery workers (subprocesses) on PostgreSQL with Redis as broker: a job runs to
its end; kill -9 in the middle of an import and of an export leaves nothing half-written and
the job is run again without duplicates; a broker that does not answer is said; RabbitMQ works
as the broker too; two web servers keep answering while the worker imports.

.ci/run starts Redis and RabbitMQ, so in CI these never skip."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from actionplan.jobs import progress, services
from actionplan.jobs.models import Job
from actionplan.opendata.models import StoredFile
from actionplan.projects.models import Project
from tests import factories
from tests.jobs.sheets import projects_csv, sheet_params

ROOT = Path(__file__).resolve().parents[2]
REDIS = os.environ.get("ACTIONPLAN_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
AMQP = os.environ.get("ACTIONPLAN_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the worker tests need PostgreSQL (DATABASE_URL=postgres://...): workers are "
        "other processes, and SQLite's test database lives in memory",
    ),
    pytest.mark.skipif(
        not _listening("127.0.0.1", 6379),
        reason="Redis is not reachable at 127.0.0.1:6379 (.ci/run starts it)",
    ),
]


def _env(broker: str, **extra: str) -> dict[str, str]:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": url,
        "ACTIONPLAN_FILES_DIR": django_settings.STORAGES["default"]["OPTIONS"]["location"],
        "ACTIONPLAN_BROKER_URL": broker,
        "ACTIONPLAN_REDIS_URL": REDIS,
        "ACTIONPLAN_JOB_RUNNER": "celery",
        "ACTIONPLAN_BROKER_VISIBILITY_TIMEOUT": "5",
        "ACTIONPLAN_LOG_FORMAT": "plain",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


class Worker:
    def __init__(self, broker: str, log: Path):
        self.broker, self.log = broker, log
        self.process: subprocess.Popen | None = None

    def start(self) -> "Worker":
        command = [
            sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "prefork",
            "--concurrency", "1", "--without-gossip", "--without-mingle", "-l", "info",
        ]  # fmt: skip
        self.process = subprocess.Popen(  # noqa: S603
            command,
            cwd=ROOT,
            env=_env(self.broker),
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill -9 takes the pool too
        )
        deadline = time.monotonic() + 240  # a busy CI machine takes a minute or more
        while "ready." not in self.log.read_text(errors="replace"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.kill_all()
                raise AssertionError("the worker did not start:\n" + self.log.read_text())
            time.sleep(0.2)
        return self

    def pool_child(self) -> int:
        out = subprocess.run(  # noqa: S603
            ["pgrep", "-P", str(self.process.pid)],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
        return int(out[0])

    def kill_all(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill_all()


def _publish_to(broker: str):
    """This process sends jobs to that broker (the settings were read at start-up)."""
    from config.celery import app

    app.conf.broker_url = broker
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis_jobs(settings):
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    settings.ACTIONPLAN_JOB_RUNNER = "celery"
    settings.CACHES = {
        **settings.CACHES,
        # as the workers have it (config.settings with ACTIONPLAN_REDIS_URL)
        "jobs": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": "actionplan-jobs",
        },
    }
    _publish_to(REDIS)
    yield
    _publish_to("memory://")


@pytest.fixture
def worker(redis_jobs, tmp_path):
    started = Worker(REDIS, tmp_path / "worker.log").start()
    yield started
    started.stop()


@pytest.fixture
def admin():
    return factories.user(is_superuser=True)


def _wait(job: Job, states=(Job.State.DONE, Job.State.FAILED), seconds=180) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.state in states:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job.pk} still {job.state} after {seconds} s")


def _wait_progress(job: Job, stage: str, share: float, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        snapshot = progress.read(job.pk)
        if snapshot and snapshot.stage == stage and snapshot.done >= share * (snapshot.total or 1):
            return snapshot
        job.refresh_from_db()
        assert not job.is_finished, f"job ended ({job.state}: {job.error}) before the kill"
        time.sleep(0.05)
    raise AssertionError(f"job {job.pk} never reached {stage}")


def _start_import(admin, rows: int, prefix="P", publish=False) -> Job:
    return services.job_start(
        actor=admin,
        kind=Job.Kind.SHEET_IMPORT,
        params={**sheet_params(), "publish": publish},
        input_name="tilskud.csv",
        input_data=projects_csv(rows, prefix),
    )


def test_a_job_runs_in_the_worker_and_completes(worker, admin):
    job = _wait(_start_import(admin, 40))
    assert job.state == Job.State.DONE, job.error
    assert Project.objects.count() == 40
    assert job.attempts == 1


def test_kill_9_of_the_worker_process_mid_import_reruns_it_without_duplicates(worker, admin):
    job = _start_import(admin, 6000)
    _wait_progress(job, "importing", 0.3)
    os.kill(worker.pool_child(), signal.SIGKILL)
    # The import's transaction died with the process: nothing of it is in the database.
    assert Project.objects.count() == 0
    job = _wait(job)
    assert job.state == Job.State.DONE, job.error
    assert job.attempts == 2  # given back to the queue (acks_late, reject_on_worker_lost)
    assert Project.objects.count() == 6000
    assert Project.objects.values("external_id").distinct().count() == 6000


def test_kill_9_of_the_whole_worker_mid_export_leaves_no_file_and_a_new_worker_finishes(
    redis_jobs, tmp_path
):
    from actionplan.synth.generate import generate

    generate(projects=3000, seed=3)
    first = Worker(REDIS, tmp_path / "first.log").start()
    try:
        job = services.job_start(
            actor=factories.user(is_superuser=True), kind=Job.Kind.EXPORT, params={"format": "json"}
        )
        _wait_progress(job, "projects", 0)
        first.kill_all()
        job.refresh_from_db()
        assert job.state == Job.State.RUNNING
        assert not StoredFile.objects.filter(name="alle.json").exists()  # no half file served
    finally:
        first.kill_all()
    second = Worker(REDIS, tmp_path / "second.log").start()
    try:
        job = _wait(job)  # Redis gives the unacknowledged task out again (visibility timeout)
    finally:
        second.stop()
    assert job.state == Job.State.DONE, job.error
    assert job.attempts == 2
    with StoredFile.objects.get(name="alle.json").file.open("rb") as handle:
        document = json.load(handle)
    assert len(document["projects"]) == Project.objects.filter(is_published=True).count()


def test_a_broker_that_is_down_fails_the_job_at_once_and_keeps_the_file(redis_jobs, admin):
    _publish_to("redis://127.0.0.1:1/0")  # nothing listens there
    started = time.monotonic()
    with pytest.raises(services.JobNotStarted):
        _start_import(admin, 5)
    assert time.monotonic() - started < 30
    job = Job.objects.get()
    assert job.state == Job.State.FAILED and job.error
    assert job.input.storage.exists(job.input.name)
    assert not Project.objects.exists()


@pytest.mark.skipif(
    not _listening("127.0.0.1", 5672),
    reason="RabbitMQ is not reachable at 127.0.0.1:5672 (.ci/run starts it)",
)
def test_rabbitmq_as_broker_runs_the_same_job(redis_jobs, admin, tmp_path):
    _publish_to(AMQP)
    rabbit = Worker(AMQP, tmp_path / "rabbit.log").start()
    try:
        job = _wait(_start_import(admin, 25))
    finally:
        rabbit.stop()
    assert job.state == Job.State.DONE, job.error
    assert Project.objects.count() == 25


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server(port: int, log: Path) -> subprocess.Popen:
    command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    # No persistent connections: runserver's threads would each keep one open.
    env = _env(REDIS, ACTIONPLAN_DB_CONN_MAX_AGE="0")
    process = subprocess.Popen(  # noqa: S603
        command, cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 240
    while not _listening("127.0.0.1", port):
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError("the web server did not start:\n" + log.read_text())
        time.sleep(0.2)
    return process


def test_two_web_servers_answer_while_the_worker_imports_and_both_show_the_import(
    worker, admin, tmp_path
):
    import requests

    ports = [_free_port(), _free_port()]
    servers = [_server(p, tmp_path / f"web-{p}.log") for p in ports]
    try:
        job = _start_import(admin, 4000, prefix="X", publish=True)
        slowest = 0.0
        answered = 0
        while not job.is_finished:
            for port in ports:
                started = time.monotonic()
                response = requests.get(f"http://127.0.0.1:{port}/projekter/", timeout=30)
                log = (tmp_path / f"web-{port}.log").read_text(errors="replace")[-3000:]
                assert response.status_code == 200, log
                slowest = max(slowest, time.monotonic() - started)
                answered += 1
            job.refresh_from_db()
        assert job.state == Job.State.DONE, job.error
        assert answered >= 4
        project = Project.objects.get(external_id="tilskud:X1")
        for port in ports:
            page = requests.get(f"http://127.0.0.1:{port}/projekter/{project.slug}/", timeout=30)
            assert page.status_code == 200, (tmp_path / f"web-{port}.log").read_text()[-3000:]
            assert project.title in page.text
    finally:
        for server in servers:
            server.terminate()
            server.wait(20)
