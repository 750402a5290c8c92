"""The projects of the open-data JSON document written by PostgreSQL.

On PostgreSQL the database builds each project's JSON text (the dictionary of
json_export.project_from_row, the same keys in the same order, compact as orjson writes it)
and joins a chunk of projects into one string: one query per chunk of CHUNK_SIZE projects
(keyset on the id, plain queries in autocommit, no server-side cursor, so PgBouncer in
transaction mode works), with lateral subqueries for focus areas, partners, grants,
co-funding and public updates ordered as rounds.selectors.project_chunks orders them.
Python only passes the bytes on; ACTIONPLAN_EXPORT_DATABASE_WORKERS connections build
chunks at once (the database server's cores work in parallel). Other databases take
stream's Python path.

Amounts are written as json_export.number writes them: an integral amount without
decimals (125000), else its digits without trailing zeros (1234.5). Dates as
core.dates.PartialDate.iso: the year, the year and month, or the whole date.

The SQL is put together from the models' table names and fixed text only; the one value
that comes from outside (the chunk's keyset bound, in the Django query of the ids) goes as
a query parameter. Hence the file-wide S608 exemption.
"""
# ruff: noqa: S608

from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet

from actionplan.organisations.models import Organisation
from actionplan.plans.models import FocusArea, Theme
from actionplan.projects.models import CoFunding, Grant, Participation, Project, ProjectFocusArea
from actionplan.rounds.models import StatusRound, StatusUpdate

CHUNK_SIZE = 5000

Progress = Callable[[str, int, int | None], None]


def available() -> bool:
    return connection.vendor == "postgresql"


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _j(expression: str) -> str:
    """A value as JSON text; null for NULL."""
    return f"COALESCE(to_json({expression})::text, 'null')"


def _number(expression: str) -> str:
    """An amount as json_export.number writes it."""
    return f"COALESCE(trim_scale({expression})::text, 'null')"


def _partial(date: str, precision: str) -> str:
    """A partial date as PartialDate.iso writes it; null without a date."""
    return (
        f"CASE WHEN {date} IS NULL THEN 'null' "
        f"WHEN {precision} = 'year' THEN '\"' || to_char({date}, 'YYYY') || '\"' "
        f"WHEN {precision} = 'month' THEN '\"' || to_char({date}, 'YYYY-MM') || '\"' "
        f"ELSE '\"' || to_char({date}, 'YYYY-MM-DD') || '\"' END"
    )


def _aggregate(item: str, order: str, source: str) -> str:
    """Per project of the chunk's id range: (project_id, the JSON array of item over source's
    rows in order)."""
    return (
        f"SELECT x.project_id AS id, '[' || string_agg({item}, ',' ORDER BY {order}) || ']' "
        f"AS v {source} GROUP BY x.project_id"
    )


def _rows(table: str, joins: str = "", where: str = "") -> str:
    """FROM the rows of table (alias x) of the projects in the chunk's id range: an index
    range scan on project_id. Rows of projects in the range that are not in the chunk (not
    published) are left out by the final join on the chunk."""
    return (
        f"FROM {table} x {joins} "  # nosec B608
        "WHERE x.project_id BETWEEN (SELECT lo FROM bounds) AND (SELECT hi FROM bounds)"
        + (f" AND ({where})" if where else "")
    )


def _object(*pairs: tuple[str, str]) -> str:
    parts = []
    for n, (key, value) in enumerate(pairs):
        parts.append(f"'{'{' if n == 0 else ','}\"{key}\":' || {value}")
    return " || ".join(parts) + " || '}'"


def chunk_sql(ids_sql: str) -> str:
    """One chunk's query: (the largest id, the number of projects, their JSON texts joined
    by commas in id order). ids_sql selects the chunk's project ids."""
    relations = {
        "fa": _aggregate(
            "to_json(f.slug)::text",
            'x.is_primary DESC, t."order", f."order", x.id',
            _rows(
                _table(ProjectFocusArea),
                f"JOIN {_table(FocusArea)} f ON f.id = x.focus_area_id "
                f"LEFT JOIN {_table(Theme)} t ON t.id = f.theme_id",
            ),
        ),
        # Grouped by the organisation's name as project_from_row groups them, names in
        # order, each name's roles in order.
        "pa": (
            "SELECT o.project_id AS id, '[' || string_agg("  # nosec B608
            + _object(("name", _j("o.name")), ("roles", "'[' || o.roles || ']'"))
            + ", ',' ORDER BY o.name) || ']' AS v FROM ("
            + f"SELECT x.project_id, po.name, string_agg({_j('x.role')}, ',' "
            "ORDER BY x.role, x.id) AS roles "
            + _rows(
                _table(Participation),
                f"JOIN {_table(Organisation)} po ON po.id = x.organisation_id",
            )
            + " GROUP BY x.project_id, po.name) o GROUP BY o.project_id"
        ),
        "gr": _aggregate(
            _object(
                ("source", _j("s.name")),
                ("amount_dkk", _number("x.amount")),
                ("upper_bound", _j("x.upper_bound")),
                ("decided", _partial("x.decided_on", "x.decided_precision")),
            ),
            "x.decided_on, x.id",
            _rows(
                _table(Grant),
                f"LEFT JOIN {_table(Grant._meta.get_field('source').related_model)} s "
                "ON s.id = x.source_id",
            ),
        ),
        "co": _aggregate(
            _object(
                ("source", _j("s.name")),
                ("amount_dkk", _number("x.amount")),
                ("status", _j("x.status")),
                ("year", _j("x.year")),
                ("note", _j("x.note")),
            ),
            "x.year ASC NULLS FIRST, x.id",
            _rows(
                _table(CoFunding),
                f"LEFT JOIN {_table(CoFunding._meta.get_field('source').related_model)} s "
                "ON s.id = x.source_id",
            ),
        ),
        # rounds.selectors.public_updates: outside any round, or in a published round.
        "up": _aggregate(
            _object(
                ("date", "'\"' || to_char(x.date, 'YYYY-MM-DD') || '\"'"),
                ("status", _j("x.status")),
                ("progress", _j("x.progress")),
                ("text", _j("x.narrative")),
            ),
            "x.date, x.id",
            _rows(
                _table(StatusUpdate),
                f"LEFT JOIN {_table(StatusRound)} r ON r.id = x.round_id",
                f"x.round_id IS NULL OR r.state = '{StatusRound.State.PUBLISHED.value}'",
            ),
        ),
    }
    project = _object(
        ("id", _j("p.slug")),
        ("title", _j("p.title")),
        ("kind", _j("p.kind")),
        ("description", _j("p.description")),
        ("focus_areas", "COALESCE(fa.v, '[]')"),
        ("status", _j("p.status")),
        ("start", _partial("p.start", "p.start_precision")),
        ("end", _partial("p.end", "p.end_precision")),
        ("budget_dkk", _number("p.budget_dkk")),
        ("budget_upper_bound", _j("p.budget_upper_bound")),
        ("lead", _j("lead.name")),
        ("partners", "COALESCE(pa.v, '[]')"),
        ("grants", "COALESCE(gr.v, '[]')"),
        ("cofunding", "COALESCE(co.v, '[]')"),
        ("updates", "COALESCE(up.v, '[]')"),
        # SDGs are a list of integers (Project.clean): jsonb's "[1, 3]" without the spaces.
        ("sdgs", "COALESCE(replace(p.sdgs::text, ' ', ''), '[]')"),
    )
    ctes = "".join(f", {name} AS ({sql})" for name, sql in relations.items())
    joins = " ".join(f"LEFT JOIN {name} ON {name}.id = p.id" for name in relations)
    return (
        f"WITH chunk AS MATERIALIZED ({ids_sql}), "  # nosec B608
        "bounds AS (SELECT min(id) AS lo, max(id) AS hi FROM chunk)"
        f"{ctes} "
        f"SELECT max(p.id), count(*), string_agg({project}, ',' ORDER BY p.id) "
        f"FROM chunk JOIN {_table(Project)} p ON p.id = chunk.id "
        f"LEFT JOIN {_table(Organisation)} lead ON lead.id = p.lead_id {joins} "
        "WHERE p.id BETWEEN (SELECT lo FROM bounds) AND (SELECT hi FROM bounds)"
    )


def _ranges(projects: QuerySet[Project], size: int) -> Iterator[tuple[int, int | None]]:
    """(after, up_to) id ranges of `size` projects each, in order; the last one open."""
    after = 0
    while True:
        ids = projects.filter(id__gt=after).order_by("id").values_list("id", flat=True)
        edge = list(ids[size - 1 : size])
        if not edge:
            yield after, None
            return
        yield after, edge[0]
        after = edge[0]


def _chunk(projects: QuerySet[Project], after: int, up_to: int | None) -> tuple[int, str]:
    """The number of projects in the id range and their JSON texts joined by commas."""
    chosen = projects.filter(id__gt=after)
    if up_to is not None:
        chosen = chosen.filter(id__lte=up_to)
    ids_sql, ids_params = chosen.order_by().values("id").query.sql_with_params()
    # A query this size would be JIT-compiled each time, at seconds a chunk.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(chunk_sql(ids_sql), ids_params)
        _last, count, text = cursor.fetchone()
    return count, text or ""


def _chunk_in_thread(projects: QuerySet[Project], after: int, up_to: int | None):
    try:
        return _chunk(projects, after, up_to)
    finally:
        connection.close()  # this thread's own connection


def _chunks(projects: QuerySet[Project], size: int) -> Iterator[tuple[int, str]]:
    """Every chunk in order. With ACTIONPLAN_EXPORT_DATABASE_WORKERS > 1, that many
    connections build the next chunks while the caller writes one; at most one chunk more
    than the workers waits in memory. Inside a transaction (whose rows other connections
    cannot see) one after the other on this connection."""
    workers = settings.ACTIONPLAN_EXPORT_DATABASE_WORKERS
    if workers <= 1 or connection.in_atomic_block:
        for after, up_to in _ranges(projects, size):
            yield _chunk(projects, after, up_to)
        return
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="export-json")
    pending: deque[Future] = deque()
    try:
        for after, up_to in _ranges(projects, size):
            pending.append(pool.submit(_chunk_in_thread, projects, after, up_to))
            if len(pending) > workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def iter_project_texts(
    projects: QuerySet[Project],
    *,
    chunk_size: int | None = None,
    progress: Progress | None = None,
) -> Iterator[bytes]:
    """The projects (project_list's answer) in id order as JSON texts joined by commas,
    one piece (without brackets) per chunk."""
    total = projects.count() if progress is not None else None
    if progress is not None:
        progress("projects", 0, total)
    done = 0
    for count, text in _chunks(projects, chunk_size or CHUNK_SIZE):
        if not count:
            continue
        yield text.encode()
        done += count
        if progress is not None:
            progress("projects", done, total)
