"""Property-based run of the served OpenAPI document (schemathesis) with every check it has,
anonymously and with an editor's token, on the demo data: no request gives a server error,
every answer has a documented status, content type, headers and body, a request the schema
allows is taken and one it forbids is refused. Bounded: 10 examples per operation, no
deadline (about a minute a caller on SQLite)."""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from actionplan.accounts.models import Role
from actionplan.api.services import token_create
from tests import factories

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

# What the services refuse although the schema allows it (api.py): a slug that names no
# organisation, an end before its start, a focus area in a plan the writer may not edit.
# JSON Schema cannot say these; every other 422 (the schema's own rules) must not happen to
# a request the schema allows.
DATA_RULES = {"reference", "invalid"}


def _breaks_a_data_rule(response) -> bool:
    if response.status_code != 422:
        return False
    try:
        errors = json.loads(response.content)["errors"]
    except (ValueError, KeyError, TypeError):
        return False
    return bool(errors) and all(error.get("type") in DATA_RULES for error in errors)


def positive_data_accepted(ctx, response, case):
    """schemathesis' positive_data_acceptance, except for a refusal by a data rule."""
    if _breaks_a_data_rule(response):
        return None
    return positive_data_acceptance(ctx, response, case)


@pytest.fixture
def keep_connection():
    """The test's transaction must survive each request: a WSGI handler closes a connection
    that is inside a transaction when the request ends (as Django's own test client avoids)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(params=["anonymous", "editor"])
def caller(request, demo, keep_connection) -> dict:
    """Headers of an anonymous caller, or of an editor of the demo plan whose writes reach
    the services (and are rolled back after the test)."""
    if request.param == "anonymous":
        return {}
    editor = factories.user("schemathesis", is_staff=True, role=Role.EDITOR, plan=demo)
    return {"Authorization": f"Bearer {token_create(actor=editor, name='schemathesis')[1]}"}


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_the_api_keeps_its_schema(case, caller):
    # Every check schemathesis has (no `checks=`), one of them refined as above.
    case.call_and_validate(
        headers=caller,
        excluded_checks=[positive_data_acceptance],
        additional_checks=[positive_data_accepted],
    )
