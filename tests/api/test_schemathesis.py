"""Property-based run of the served OpenAPI document (schemathesis): on the demo data, no
request gives a server error, and every answer has a documented status, content type and
body. Bounded: at most 20 examples per operation, no deadline."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from actionplan.api.services import token_create

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def keep_connection():
    """The test's transaction must survive each request: a WSGI handler closes a connection
    that is inside a transaction when the request ends (as Django's own test client avoids)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(demo, django_user_model, keep_connection):
    """A superuser's token, so writes reach the services (and are rolled back after)."""
    admin = django_user_model.objects.create_user(
        username="schemathesis", password="a-long-test-password", is_staff=True, is_superuser=True
    )
    return token_create(actor=admin, name="schemathesis")[1]


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_the_api_keeps_its_schema(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
