"""What an operator relies on: server errors logged (JSON, request id, path, user, no secret),
X-Request-ID, /healthz for a load balancer, and a clear answer when the disk is full."""

import io
import json
import logging

import pytest
from django.db import OperationalError, connection
from django.test import Client

from actionplan.core.logs import JsonFormatter, RequestContextFilter

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """The JSON lines the configured console handler would write."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    loggers = [logging.getLogger("django"), logging.getLogger("actionplan")]
    for logger in loggers:
        logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger in loggers:
        logger.removeHandler(handler)


def test_production_logs_are_json_with_the_request_context():
    from django.conf import settings

    console = settings.LOGGING["handlers"]["console"]
    assert console["formatter"] == "json"  # DEBUG is off in the tests, as in production
    assert console["filters"] == ["request"]
    assert "console" in settings.LOGGING["loggers"]["django"]["handlers"]


def test_a_server_error_leaves_a_log_line_with_traceback_and_no_secret(settings, staff, log_lines):
    settings.ROOT_URLCONF = "tests.core.urls_failing"
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    response = client.get(
        "/test-fails/",
        HTTP_X_REQUEST_ID="lb-4711",
        HTTP_AUTHORIZATION="Bearer raw-token-value",
    )
    assert response.status_code == 500
    assert response["X-Request-ID"] == "lb-4711"
    [line] = [line for line in log_lines() if line["logger"] == "django.request"]
    assert line["level"] == "ERROR"
    assert (line["request_id"], line["path"], line["user"]) == ("lb-4711", "/test-fails/", "staff")
    assert "RuntimeError: the view failed" in line["exc"]
    text = json.dumps(log_lines())
    assert "hunter2-secret" not in text and "raw-token-value" not in text
    assert client.cookies["sessionid"].value not in text


def test_a_request_id_is_made_when_none_or_a_strange_one_is_given(client):
    made = client.get("/healthz")["X-Request-ID"]
    assert len(made) == 32
    strange = client.get("/healthz", HTTP_X_REQUEST_ID="a b\nc")["X-Request-ID"]
    assert strange != "a b\nc" and len(strange) == 32


def test_healthz_answers_200_when_the_database_answers_and_is_migrated(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_503_with_migrations_not_applied(client, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [1, 2])
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["migrations"] == "2 not applied"


def test_healthz_answers_503_when_the_database_does_not_answer(client):
    def refuse(execute, sql, params, many, context):
        if sql == "SELECT 1":
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error: OperationalError"


def test_a_not_found_answer_is_logged_with_its_request_id(client, log_lines):
    client.get("/no-such-page/", HTTP_X_REQUEST_ID="lb-404")
    [line] = [line for line in log_lines() if line["logger"] == "django.request"]
    assert (line["level"], line["request_id"], line["path"]) == (
        "WARNING",
        "lb-404",
        "/no-such-page/",
    )
