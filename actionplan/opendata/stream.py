"""The open-data JSON document as a stream, for portfolios too large to hold in memory.

The dictionaries come from json_export (one builder per object, not a copy of it); this
module only walks the querysets in chunks and writes the same document piece by piece:
"".join(iter_json(plan, indent=2)) == json.dumps(json_export.build(plan), indent=2, ...).
"""

import json
from collections.abc import Iterable, Iterator
from typing import Any

from actionplan.opendata import json_export
from actionplan.plans.models import ActionPlan
from actionplan.plans.selectors import published_plans, themes_with_content
from actionplan.projects.selectors import projects_with_details, published_projects
from actionplan.rounds.selectors import assessments_for

CHUNK_SIZE = 200


def scope_plans(plan: ActionPlan | None) -> list[ActionPlan]:
    return [plan] if plan is not None else list(published_plans())


def iter_projects(
    plan: ActionPlan | None = None, *, chunk_size: int = CHUNK_SIZE
) -> Iterator[dict]:
    """The contract's project dictionaries, fetched and prefetched chunk by chunk."""
    projects = projects_with_details(published_projects(plan))
    for project in projects.iterator(chunk_size=chunk_size):
        yield json_export._project(project)


def iter_themes(plans: list[ActionPlan]) -> Iterator[dict]:
    for theme in themes_with_content(plans):
        yield json_export._theme(theme)


def iter_assessments(plans: list[ActionPlan]) -> Iterator[dict]:
    for assessment in assessments_for(plans):
        yield json_export._assessment(assessment)


def _dumps(value: Any, indent: int | None, level: int) -> str:
    text = json.dumps(
        value,
        ensure_ascii=False,
        indent=indent,
        separators=None if indent is not None else (",", ":"),
    )
    if indent is None or level == 0:
        return text
    return text.replace("\n", "\n" + " " * (indent * level))


def _array(items: Iterable[Any], indent: int | None, level: int) -> Iterator[str]:
    """A JSON array written one item at a time, laid out as json.dumps would."""
    inner = "" if indent is None else "\n" + " " * (indent * (level + 1))
    closing = "" if indent is None else "\n" + " " * (indent * level)
    first = True
    for item in items:
        yield ("[" if first else ",") + inner + _dumps(item, indent, level + 1)
        first = False
    yield "[]" if first else closing + "]"


def iter_json(plan: ActionPlan | None = None, *, indent: int | None = None) -> Iterator[str]:
    """The document of json_export.build(plan) in pieces; memory stays flat in the projects."""
    plans = scope_plans(plan)
    newline = "" if indent is None else "\n" + " " * indent
    colon = ":" if indent is None else ": "
    parts: list[tuple[str, Any]] = [
        ("plan", json_export._plan(plan) if plan is not None else None),
        ("plans", [json_export._plan(p) for p in plans]),
        ("themes", iter_themes(plans)),
        ("projects", iter_projects(plan)),
        ("assessments", iter_assessments(plans)),
    ]
    for n, (key, value) in enumerate(parts):
        yield ("{" if n == 0 else ",") + newline + json.dumps(key) + colon
        if isinstance(value, Iterator):
            yield from _array(value, indent, 1)
        else:
            yield _dumps(value, indent, 1)
    yield ("" if indent is None else "\n") + "}"
