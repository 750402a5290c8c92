"""A full disk (simulated: the write raises ENOSPC, or the database's "disk is full"): a
clear message, logged, and nothing half-written or lost."""

import errno
import io
import json
import logging

import pytest
from django.db import OperationalError, connection
from django.test import Client

from actionplan.core.logs import JsonFormatter, RequestContextFilter
from actionplan.rounds.models import StatusUpdate
from tests import factories
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    logger = logging.getLogger("actionplan")
    logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)


def _disk_full_on_audit(error: BaseException):
    """The database's write of the audit event fails as on a full disk: after the status
    update's own row was written in the same transaction."""

    def wrapper(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "core_auditevent"'):
            raise error
        return execute(sql, params, many, context)

    return connection.execute_wrapper(wrapper)


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("database or disk is full"),
        OSError(errno.ENOSPC, "No space left on device"),
    ],
    ids=["database", "file"],
)
def test_a_full_disk_gets_a_clear_message_and_nothing_is_half_written(error, log_lines):
    project = factories.project()
    editor = factories.user(is_staff=True, is_superuser=True)
    client = Client(raise_request_exception=False)
    auth = bearer(editor)
    before = StatusUpdate.objects.count()
    with _disk_full_on_audit(error):
        response = client.post(
            f"/api/v1/projects/{project.slug}/updates",
            data={"date": "2021-09-01", "status": "started", "text": "Godt i gang"},
            content_type="application/json",
            **auth,
        )
    assert response.status_code == 507
    assert response.json()["detail"].startswith("Serveren kan ikke gemme: disken er fuld")
    assert StatusUpdate.objects.count() == before
    assert any(line["message"].startswith("disk full") for line in log_lines())


def test_a_full_disk_on_a_page_gets_a_page_saying_so(settings, staff):
    settings.ROOT_URLCONF = "tests.core.urls_failing"
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    response = client.get("/test-disk-full/")
    assert response.status_code == 507
    assert "Serveren kan ikke gemme: disken er fuld" in response.content.decode()
