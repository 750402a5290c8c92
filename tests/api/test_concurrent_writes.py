"""Two API writers change the same object at the same moment, both based on the version they
read: one wins, the other is told 409, on SQLite and on PostgreSQL."""

import json
import sqlite3
import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client

from actionplan.accounts.models import Role
from actionplan.core import services as core
from tests import factories

from .conftest import bearer

IMMEDIATE = connection.settings_dict.get("OPTIONS", {}).get("transaction_mode") == "IMMEDIATE"
pytestmark = [
    pytest.mark.django_db(transaction=True),
    # A deferred SQLite transaction that has read cannot wait for the write lock (SQLite
    # answers "database is locked" rather than deadlock): writers must begin IMMEDIATE, which
    # the database settings give SQLite (issue 16). Without it the second writer mostly gets
    # a 500, sometimes (timing) the 409.
    pytest.mark.xfail(
        connection.vendor == "sqlite" and not IMMEDIATE,
        reason="SQLite without transaction_mode IMMEDIATE in the database OPTIONS",
        strict=False,
    ),
]

# How long the first writer holds the object after locking it: the second arrives meanwhile.
HOLD = 0.5


@pytest.fixture
def slow_lock(monkeypatch):
    """The first writer to lock the object waits while holding the lock, so that the second
    writer's check of the same version falls inside the first writer's transaction."""
    locked = core._locked
    first = threading.Event()

    def holding(instance):
        row = locked(instance)
        if not first.is_set():
            first.set()
            time.sleep(HOLD)
        return row

    monkeypatch.setattr(core, "_locked", holding)
    return first


@pytest.fixture
def database_for_threads(tmp_path):
    """The database the threads write to. SQLite's test database lives in memory, shared
    between threads through SQLite's shared cache, whose locks fail at once instead of
    waiting: there the race runs on a copy in a file, like a real installation's."""
    if connection.vendor != "sqlite":
        yield
        return
    path = tmp_path / "race.sqlite3"
    copy = sqlite3.connect(path)
    connection.ensure_connection()
    connection.connection.backup(copy)
    copy.close()
    settings = connections.settings["default"]
    in_memory = settings["NAME"]
    settings["NAME"] = str(path)  # for connections opened from now on (the threads')
    yield
    settings["NAME"] = in_memory


def _in_thread(function):
    """function() run in a thread of its own, with its own database connection."""
    return _race([function])[0]


def _race(requests) -> list:
    """Run the requests in threads at once; their answers in the order given."""
    answers: list = [None] * len(requests)
    start = threading.Barrier(len(requests))

    def run(index, request):
        try:
            start.wait()
            answers[index] = request()
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=run, args=item) for item in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def _patch(url: str, body: dict, auth: dict, if_match: str):
    def request():
        return Client(raise_request_exception=False).patch(
            url, json.dumps(body), content_type="application/json", HTTP_IF_MATCH=if_match, **auth
        )

    return request


@pytest.fixture
def writers(transactional_db):
    plan = factories.plan()
    project = factories.project([factories.focus_area(factories.theme(plan))])
    grant = factories.grant(project, "100000")
    auths = [
        bearer(factories.user(is_staff=True, role=Role.EDITOR, plan=plan), name=f"w{n}")
        for n in range(2)
    ]
    return project, grant, auths


def _read(url: str) -> dict:
    return _in_thread(lambda: Client().get(url)).json()


def test_two_project_changes_from_one_read_one_wins_one_gets_409(
    writers, database_for_threads, slow_lock
):
    project, _, auths = writers
    url = f"/api/v1/projects/{project.slug}"
    etag = _in_thread(lambda: Client().get(url))["ETag"]
    answers = _race([_patch(url, {"title": f"Skriver {n}"}, auths[n], etag) for n in range(2)])
    assert sorted(a.status_code for a in answers) == [200, 409], [a.content for a in answers]
    winner = next(a for a in answers if a.status_code == 200)
    assert _read(url)["title"] == winner.json()["title"]


def test_two_grant_changes_from_one_read_one_wins_one_gets_409(
    writers, database_for_threads, slow_lock
):
    project, grant, auths = writers
    url = f"/api/v1/grants/{grant.pk}"
    version = _read(f"/api/v1/projects/{project.slug}")["grants"][0]["version"]
    bodies = [{"amount_dkk": 200000}, {"amount_dkk": 300000}]
    answers = _race([_patch(url, bodies[n], auths[n], f'"{version}"') for n in range(2)])
    assert sorted(a.status_code for a in answers) == [200, 409], [a.content for a in answers]
    winner = next(a for a in answers if a.status_code == 200)
    # The stored total follows the winner.
    assert _read(f"/api/v1/projects/{project.slug}")["granted_dkk"] == winner.json()["amount_dkk"]
