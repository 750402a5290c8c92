"""The open-data JSON document as a stream, for portfolios too large to hold in memory.

The dictionaries come from json_export (one builder per object, not a copy of it); this
module only walks the data in chunks and writes the same document piece by piece:
"".join(iter_json(plan, indent=2)) == json.dumps(json_export.build(plan), indent=2, ...).

The projects, nearly all of a full export, come as plain rows a chunk at a time
(rounds.selectors.project_chunks: one keyset query per chunk and one per
relation, no model instances) and are encoded by orjson, whose output for these values is
json.dumps's; the few plan-level parts go through json.dumps. The compact document
(indent=None) on PostgreSQL takes the projects' JSON text from the database instead
(opendata.pg_json), equal as parsed JSON.
"""

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import orjson

from actionplan.indicators.selectors import themes_with_content
from actionplan.opendata import json_export, pg_json
from actionplan.plans.models import ActionPlan
from actionplan.plans.selectors import published_plans
from actionplan.projects.selectors import ProjectFilter, project_list
from actionplan.rounds.selectors import assessments_for, project_chunks

CHUNK_SIZE = 2000

# progress(stage, done, total): called once per chunk of projects; total None when unknown.
Progress = Callable[[str, int, int | None], None]


def scope_plans(plan: ActionPlan | None) -> list[ActionPlan]:
    return [plan] if plan is not None else list(published_plans())


def iter_project_chunks(
    plan: ActionPlan | None = None,
    *,
    chunk_size: int = CHUNK_SIZE,
    progress: Progress | None = None,
) -> Iterator[list[dict]]:
    """The contract's project dictionaries, a chunk (a list) at a time."""
    chosen = project_list(ProjectFilter(plan=plan.slug if plan is not None else None))
    total = chosen.count() if progress is not None else None
    done = 0
    if progress is not None:
        progress("projects", done, total)
    for rows, related in project_chunks(chosen, chunk_size=chunk_size):
        yield [json_export.project_from_row(row, related) for row in rows]
        done += len(rows)
        if progress is not None:
            progress("projects", done, total)


def iter_projects(
    plan: ActionPlan | None = None,
    *,
    chunk_size: int = CHUNK_SIZE,
    progress: Progress | None = None,
) -> Iterator[dict]:
    """The contract's project dictionaries, fetched chunk by chunk as plain rows."""
    for chunk in iter_project_chunks(plan, chunk_size=chunk_size, progress=progress):
        yield from chunk


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


def _fast_dumps(value: Any, indent: int | None, level: int) -> bytes:
    """_dumps(value, ...).encode() by orjson, for the projects' plain values (str, int,
    float from two-decimal amounts, bool, None, lists and dicts); json.dumps for a value
    orjson does not take (an integer beyond 64 bits)."""
    try:
        if indent is None:
            return orjson.dumps(value)
        if indent != 2:
            return _dumps(value, indent, level).encode()
        text = orjson.dumps(value, option=orjson.OPT_INDENT_2)
    except (TypeError, orjson.JSONEncodeError):
        return _dumps(value, indent, level).encode()
    return text.replace(b"\n", b"\n" + b" " * (indent * level)) if level else text


def _array(items: Iterable[Any], indent: int | None, level: int) -> Iterator[str]:
    """A JSON array written one item at a time, laid out as json.dumps would."""
    inner = "" if indent is None else "\n" + " " * (indent * (level + 1))
    closing = "" if indent is None else "\n" + " " * (indent * level)
    first = True
    for item in items:
        yield ("[" if first else ",") + inner + _dumps(item, indent, level + 1)
        first = False
    yield "[]" if first else closing + "]"


def _chunked_array(chunks: Iterable[list[Any]], indent: int | None, level: int) -> Iterator[bytes]:
    """_array's bytes, one piece per chunk of items, each item encoded by orjson."""
    inner = b"" if indent is None else ("\n" + " " * (indent * (level + 1))).encode()
    closing = b"" if indent is None else ("\n" + " " * (indent * level)).encode()
    first = True
    for chunk in chunks:
        if not chunk:
            continue
        pieces = [_fast_dumps(item, indent, level + 1) for item in chunk]
        yield (b"[" if first else b",") + inner + (b"," + inner).join(pieces)
        first = False
    yield b"[]" if first else closing + b"]"


def _database_array(plan: ActionPlan | None, progress: Progress | None) -> Iterator[bytes]:
    """The projects array, compact, written by PostgreSQL (opendata.pg_json)."""
    chosen = project_list(ProjectFilter(plan=plan.slug if plan is not None else None))
    first = True
    for piece in pg_json.iter_project_texts(chosen, progress=progress):
        yield (b"[" if first else b",") + piece
        first = False
    yield b"[]" if first else b"]"


def iter_json_bytes(
    plan: ActionPlan | None = None,
    *,
    indent: int | None = None,
    progress: Progress | None = None,
) -> Iterator[bytes]:
    """The document of json_export.build(plan) as UTF-8 pieces (one per chunk of projects);
    memory stays flat in the projects."""
    plans = scope_plans(plan)
    newline = "" if indent is None else "\n" + " " * indent
    colon = ":" if indent is None else ": "
    parts: list[tuple[str, Any]] = [
        ("plan", json_export._plan(plan) if plan is not None else None),
        ("plans", [json_export._plan(p) for p in plans]),
        ("themes", iter_themes(plans)),
        ("projects", iter_project_chunks(plan, progress=progress)),
        ("assessments", iter_assessments(plans)),
    ]
    for n, (key, value) in enumerate(parts):
        yield (("{" if n == 0 else ",") + newline + json.dumps(key) + colon).encode()
        if key == "projects" and indent is None and pg_json.available():
            yield from _database_array(plan, progress)
        elif key == "projects":
            yield from _chunked_array(value, indent, 1)
        elif isinstance(value, Iterator):
            yield "".join(_array(value, indent, 1)).encode()
        else:
            yield _dumps(value, indent, 1).encode()
    yield ("" if indent is None else "\n").encode() + b"}"


def iter_json(
    plan: ActionPlan | None = None,
    *,
    indent: int | None = None,
    progress: Progress | None = None,
) -> Iterator[str]:
    """iter_json_bytes as text."""
    for piece in iter_json_bytes(plan, indent=indent, progress=progress):
        yield piece.decode()


def write_json(
    output,
    plan: ActionPlan | None = None,
    *,
    indent: int | None = None,
    progress: Progress | None = None,
) -> None:
    """The document into a binary file (an open file or a Django storage File)."""
    for piece in iter_json_bytes(plan, indent=indent, progress=progress):
        output.write(piece)
