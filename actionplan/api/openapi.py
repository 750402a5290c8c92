"""The OpenAPI document as committed in openapi.json (regenerate: actionplan openapi -o
openapi.json); a test checks that the code still gives the committed file, and that Redocly's
recommended rules and Spectral's `oas` ruleset find nothing in it (tests/api/test_openapi_lint.py).

django-ninja makes the document from the routes; complete() adds what the linters and
clients look for and ninja does not state: `security: []` on public operations, the server,
the tags with descriptions, a description for every operation, licence and contact; and it
drops the query-parameter models ninja lists as schemas but never references.
"""

import json
from typing import Any

from django.conf import settings

# The committed document is the same wherever it is made: its contact is this address.
COMMITTED_CONTACT = "opendata@example.org"
LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
SERVERS = [{"url": "/", "description": "This site: the API is under /api/v1/."}]
TAGS = {
    "plans": "Action plans with their themes and focus areas.",
    "goals and indicators": "The focus areas' goals, their indicators and measurements.",
    "projects": "Projects with partners, grants, co-funding and status updates.",
    "organisations": "Organisations and funding sources, and the projects they take part in.",
    "status rounds": "Status rounds and their assessments of each focus area.",
    "writes (token)": "Changes to projects, grants, co-funding and status updates; they need "
    "an API token and act with its owner's roles.",
}
DESCRIPTIONS = {
    "actionplan_api_read_focus_area_list": "The focus areas of published plans, paged; "
    "filter by plan or theme.",
    "actionplan_api_read_focus_area_detail": "One focus area with its challenge, approach, "
    "goals and status.",
    "actionplan_api_read_funding_source_index": "The funding sources, paged.",
    "actionplan_api_read_funding_source_detail": "One funding source and the organisation "
    "behind it.",
    "actionplan_api_read_goal_list": "The goals of published plans, paged; filter by focus area.",
    "actionplan_api_read_goal_detail": "One goal with its indicators and status.",
    "actionplan_api_read_indicator_detail": "One indicator with its baseline, target, "
    "measurements and status.",
    "actionplan_api_read_organisation_index": "The organisations, paged.",
    "actionplan_api_read_organisation_detail": "One organisation.",
    "actionplan_api_read_plan_detail": "One published plan with its themes and focus areas.",
    "actionplan_api_write_cofunding_create": "Adds co-funding to a project.",
    "actionplan_api_write_grant_create": "Adds a grant to a project.",
    "actionplan_api_read_round_detail": "One status round with its assessments.",
    "actionplan_api_read_theme_list": "The themes of published plans, paged; filter by plan.",
    "actionplan_api_read_theme_detail": "One theme with its focus areas.",
}
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _refs(value: Any) -> set[str]:
    if isinstance(value, dict):
        found = {value["$ref"]} if isinstance(value.get("$ref"), str) else set()
        for item in value.values():
            found |= _refs(item)
        return found
    if isinstance(value, list):
        return set().union(*(_refs(item) for item in value)) if value else set()
    return set()


def _drop_unused_schemas(schema: dict) -> None:
    schemas = schema.get("components", {}).get("schemas", {})
    prefix = "#/components/schemas/"
    used = {ref[len(prefix) :] for ref in _refs(schema["paths"]) if ref.startswith(prefix)}
    pending = list(used)
    while pending:  # schemas referenced by used schemas
        for ref in _refs(schemas.get(pending.pop(), {})):
            name = ref[len(prefix) :]
            if ref.startswith(prefix) and name not in used:
                used.add(name)
                pending.append(name)
    for name in list(schemas):
        if name not in used:
            del schemas[name]


def complete(schema: dict, contact_email: str) -> dict:
    info = schema["info"]
    info["license"] = LICENCE
    info["contact"] = {"name": "Open data and API", "email": contact_email}
    schema["servers"] = SERVERS
    used_tags: list[str] = []
    for item in schema["paths"].values():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            operation.setdefault("security", [])  # public: no token needed
            if not operation.get("description"):
                operation["description"] = DESCRIPTIONS.get(
                    operation.get("operationId", ""), operation.get("summary", "") + "."
                )
            for tag in operation.get("tags", []):
                if tag not in used_tags:
                    used_tags.append(tag)
    schema["tags"] = [{"name": tag, "description": TAGS.get(tag, tag)} for tag in used_tags]
    _drop_unused_schemas(schema)
    return schema


def served_contact() -> str:
    return settings.ACTIONPLAN_OPENDATA_EMAIL or COMMITTED_CONTACT


def openapi_text() -> str:
    from .api import api

    # No server prefix from a request: the document is the same wherever it is made.
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    schema["info"]["contact"]["email"] = COMMITTED_CONTACT
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
