"""Fault scenarios, each run in a process of its own by tests/faults (see conftest.py there):
`python -m tests.faults.scenarios NAME [ARGS]` prints one JSON line with what happened."""

import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
import uuid


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()
    import itertools

    from tests import factories

    # Every scenario process shares the database: its factory slugs must not repeat.
    factories._seq = itertools.count(int(time.time() * 1000) % 10**10)


def _admin():
    from django.contrib.auth import get_user_model

    name = f"fault-{uuid.uuid4().hex[:8]}"
    return get_user_model().objects.create_user(
        username=name, password="a-long-fault-password", is_staff=True, is_superuser=True
    )


def _in_threads(count: int, work) -> list[str]:
    """Run work(index) in `count` threads started together; the errors, as text."""
    from django.db import connection

    barrier = threading.Barrier(count)
    errors: list[str] = []

    def run(index: int) -> None:
        try:
            barrier.wait()
            work(index)
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def status_updates(count: str = "10") -> dict:
    """`count` status updates on one project at the same moment."""
    from actionplan.projects.models import Project, ProjectStatus
    from actionplan.rounds.models import UpdateRequest
    from actionplan.rounds.services import status_update_create
    from tests import factories

    admin = _admin()
    project = factories.project()

    def work(index: int) -> None:
        status_update_create(
            actor=admin,
            project=Project.objects.get(pk=project.pk),
            date=dt.date(2021, 1, 1 + index),
            status=ProjectStatus.STARTED,
            narrative=f"Opdatering {index}",
        )

    errors = _in_threads(int(count), work)
    submitted = UpdateRequest.objects.filter(project=project, state=UpdateRequest.State.SUBMITTED)
    return {"errors": errors, "stored": submitted.count()}


def racing_edits(count: str = "8") -> dict:
    """`count` saves of one project, each from the same version (as from forms opened at the
    same time): one wins, the others get the conflict message."""
    from actionplan.core.errors import ConflictError
    from actionplan.core.services import version_of
    from actionplan.projects.models import Project
    from actionplan.projects.services import project_update
    from tests import factories

    admin = _admin()
    project = factories.project()
    version = version_of(project)
    conflicts: list[str] = []

    def work(index: int) -> None:
        try:
            project_update(
                actor=admin,
                project=Project.objects.get(pk=project.pk),
                start=None,
                end=None,
                expected_version=version,
                title=f"Titel fra gemning {index}",
            )
        except ConflictError as exc:
            conflicts.append(str(exc))

    errors = _in_threads(int(count), work)
    return {"errors": errors, "conflicts": conflicts, "saved": int(count) - len(conflicts)}


def reader_during_write() -> dict:
    """A reader while a long write transaction (an import) holds the write lock: with WAL it
    reads the last committed state at once instead of waiting for the writer."""
    from django.db import connection, transaction

    from actionplan.projects.models import Project
    from tests import factories

    admin = _admin()
    area = factories.focus_area()
    writing, read_done = threading.Event(), threading.Event()
    result: dict = {}

    def writer() -> None:
        try:
            with transaction.atomic():
                from actionplan.projects.services import project_create

                slug = uuid.uuid4().hex[:8]
                project_create(actor=admin, title="Langsom import", slug=slug, focus_areas=[area])
                writing.set()
                result["reader_finished_while_writing"] = read_done.wait(timeout=20)
        finally:
            connection.close()

    def reader() -> None:
        try:
            writing.wait(timeout=20)
            result["visible_to_reader"] = Project.objects.filter(title="Langsom import").count()
        except Exception as exc:
            result["reader_error"] = f"{type(exc).__name__}: {exc}"
        finally:
            read_done.set()
            connection.close()

    threads = [threading.Thread(target=writer), threading.Thread(target=reader)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def count_projects(prefix: str) -> dict:
    from actionplan.projects.models import Project

    return {"projects": Project.objects.filter(title__startswith=prefix).count()}


def _terminate_backends() -> None:
    """What the app sees of a PostgreSQL restart: every connection to its database dies."""
    from django.db import connections

    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    connections["default"].close()


def _restart_cluster() -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(  # noqa: S603
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],  # noqa: S607
        check=True,
        capture_output=True,
        timeout=120,
    )


def database_restart(how: str = "terminate", workers: str = "4") -> dict:
    """Requests from `workers` threads while the database goes away and comes back; the same
    process must answer again afterwards, without a restart of its own.

    A request counts as "after" when it started once the database was back; the load runs
    until every thread has finished a few of those (or a minute has passed), so a slow
    machine gives the same verdict as a fast one."""
    from django.db import close_old_connections, connection
    from django.test import Client

    from tests import factories

    factories.project()
    stop = threading.Event()
    restarted = threading.Event()
    after: list[int] = []
    during: list[int] = []
    lock = threading.Lock()
    wanted_per_thread = 3

    def load() -> None:
        # A request cut off by the restart must count as a failure, not end the thread.
        client = Client(raise_request_exception=False)
        done_after = 0
        try:
            while not stop.is_set():
                started_after = restarted.is_set()
                # What a server's handler does at request_started (the test client leaves
                # it out): CONN_HEALTH_CHECKS replaces a connection the restart killed.
                close_old_connections()
                try:
                    response = client.get("/api/v1/projects", HTTP_ACCEPT="application/json")
                    status = response.status_code
                except Exception:  # the database went away outside the view
                    status = 0
                with lock:
                    (after if started_after else during).append(status)
                if started_after:
                    done_after += 1
                    if done_after >= wanted_per_thread:
                        return
        finally:
            connection.close()

    threads = [threading.Thread(target=load) for _ in range(int(workers))]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    if how == "restart":
        _restart_cluster()
    else:
        _terminate_backends()
    # The requests already under way when the database went are allowed to fail.
    restarted.set()
    for thread in threads:
        thread.join(timeout=60)
    stop.set()
    for thread in threads:
        thread.join()
    return {
        "during": sorted(set(during)),
        "after": len(after),
        "after_failed": sum(1 for status in after if status != 200),
        "after_statuses": sorted(set(after)),
    }


SCENARIOS = {
    "status_updates": status_updates,
    "racing_edits": racing_edits,
    "reader_during_write": reader_during_write,
    "count_projects": count_projects,
    "database_restart": database_restart,
}


if __name__ == "__main__":
    _setup()
    name, *args = sys.argv[1:]
    print(json.dumps(SCENARIOS[name](*args)))
