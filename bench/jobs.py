"""A spreadsheet import of N rows in a Celery worker while two web servers answer.

    .venv/bin/python bench/jobs.py [--rows 100000] [--database ap_queue_bench]
        [--redis redis://127.0.0.1:6379/5] [--path /projekter/]

Creates (and drops afterwards) the PostgreSQL database --database, migrates it, starts one
Celery worker (Redis as broker, progress and shared cache in --redis) and two web servers
(gunicorn, 2 workers each, on loopback), starts the import as a job the way the workspace does,
and while it runs requests --path from both servers, one request at a time each. Printed: the
import's rows/s (from the job's start to its end as the Job row says), and per server the
requests answered and their p50/p99 latency; then whether the import shows on both servers.
Figures are noisy on a shared machine.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_port(port: int, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing answers on port {port}")


def _poll(port: int, path: str, stop: threading.Event, times: list[float]) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as answer:
            answer.read()
        times.append(time.perf_counter() - started)


def _pg(*command: str, check: bool = True) -> None:
    subprocess.run([*command, "-h", "127.0.0.1", "-U", "postgres"], check=check)  # noqa: S603


def _p(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database", default="ap_queue_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--path", default="/projekter/")
    args = parser.parse_args()

    files = tempfile.mkdtemp(prefix="actionplan-bench-jobs-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "ACTIONPLAN_SECRET_KEY": "bench-only-key-4b1d0c7e9a2f",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.database}",
        "ACTIONPLAN_FILES_DIR": files,
        "ACTIONPLAN_BROKER_URL": args.redis,
        "ACTIONPLAN_REDIS_URL": args.redis,
        "ACTIONPLAN_LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    _pg("dropdb", "--if-exists", args.database)
    _pg("createdb", args.database)
    processes: list[subprocess.Popen] = []
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        import redis

        redis.Redis.from_url(args.redis).flushdb()
        from django.contrib.auth import get_user_model

        from actionplan.jobs import services
        from actionplan.jobs.models import Job
        from actionplan.projects.models import Project
        from tests.jobs.sheets import projects_csv, sheet_params

        admin = get_user_model().objects.create_superuser("bench", password=None)
        celery = [PYTHON, "-m", "celery", "-A", "config", "worker", "-c", "1", "-l", "warning"]
        worker = subprocess.Popen(celery, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
        processes.append(worker)
        ports = [_port(), _port()]
        for port in ports:
            web = [PYTHON, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"]
            processes.append(subprocess.Popen(web, cwd=ROOT, env=env, start_new_session=True))  # noqa: S603
        for port in ports:
            _wait_port(port)
        time.sleep(5)  # the worker connects
        stop = threading.Event()
        times: dict[int, list[float]] = {port: [] for port in ports}
        pollers = [
            threading.Thread(target=_poll, args=(port, args.path, stop, times[port]), daemon=True)
            for port in ports
        ]
        for poller in pollers:
            poller.start()
        job = services.job_start(
            actor=admin,
            kind=Job.Kind.SHEET_IMPORT,
            params={**sheet_params(), "publish": True},
            input_name="tilskud.csv",
            input_data=projects_csv(args.rows),
        )
        while True:
            job.refresh_from_db()
            if job.is_finished:
                break
            time.sleep(0.5)
        stop.set()
        for poller in pollers:
            poller.join(60)
        if job.state != Job.State.DONE:
            raise SystemExit(f"the import failed: {job.error}")
        seconds = (job.finished - job.started).total_seconds()
        print(f"import of {args.rows} rows in the worker: {seconds:.1f} s, "
              f"{args.rows / seconds:.0f} rows/s (attempts {job.attempts})")  # fmt: skip
        for port in ports:
            answered = times[port]
            print(
                f"web server :{port}  {args.path}  {len(answered)} requests  "
                f"p50 {_p(answered, 0.5):.0f} ms  p99 {_p(answered, 0.99):.0f} ms  "
                f"max {max(answered) * 1000:.0f} ms"
                if answered
                else f"web server :{port}: no answer"
            )
        project = Project.objects.get(external_id="tilskud:P1")
        for port in ports:
            url = f"http://127.0.0.1:{port}/projekter/{project.slug}/"
            with urllib.request.urlopen(url, timeout=60) as answer:
                shown = project.title in answer.read().decode()
            print(f"imported project shown on :{port}: {shown}")
        print(f"(median of {statistics.median(times[ports[0]]) * 1000:.0f} ms on the first)")
    finally:
        for process in processes:
            try:
                os.killpg(process.pid, 15)
                process.wait(30)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(process.pid, 9)
        from django.db import connections

        connections.close_all()
        _pg("dropdb", "--if-exists", args.database, check=False)


if __name__ == "__main__":
    main()
