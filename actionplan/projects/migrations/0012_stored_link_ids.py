"""On PostgreSQL, each project keeps the ids of its organisations and focus areas in arrays
with GIN indexes, kept by triggers: the project list's filters by organisation (lead or
partner) and by plan, theme or focus area test one array against a handful of ids instead of
joining the link tables for every project (at 1.000.000 projects the joins read every link).

projects_project.organisation_ids: the lead's id and every partner's (projects_participation),
each once, sorted. projects_project.focus_area_ids: the ids of every linked focus area
(projects_projectfocusarea), drafts' included, sorted. The filters resolve which ids count
(published plans only, on the public pages).

The triggers keep them right whatever writes (the services, the admin, the synthetic
portfolio's COPY, a cascade, raw SQL): a row trigger on the project recomputes both arrays when
a project is inserted or its lead or either array is written, and statement triggers on the
two link tables rewrite the arrays of the projects their rows belong to (through the row
trigger, so one piece of SQL computes them). The row trigger's queries run with a snapshot of
their own (a plpgsql function is VOLATILE), taken after the row lock: two transactions adding
partners to one project at once both end up in its array.

Two indexes for the sorts by start, PostgreSQL's own (DESC NULLS LAST is PostgreSQL syntax).

The columns stay out of the models (as search_danish, migration 0005) so that the migration
state is the same on SQLite, where the filters join the link tables as before; Django never
writes them. The backfill is one set-based UPDATE; the indexes are built after it.
"""

from django.db import migrations

ORGANISATION_IDS = """ARRAY(
    SELECT DISTINCT o FROM (
        SELECT NEW.lead_id AS o
        UNION ALL
        SELECT organisation_id FROM projects_participation WHERE project_id = NEW.id
    ) AS ids WHERE o IS NOT NULL ORDER BY o
)"""

FOCUS_AREA_IDS = """ARRAY(
    SELECT DISTINCT focus_area_id FROM projects_projectfocusarea
    WHERE project_id = NEW.id ORDER BY focus_area_id
)"""

FORWARD = [
    "ALTER TABLE projects_project "
    "ADD COLUMN organisation_ids bigint[] NOT NULL DEFAULT '{}', "
    "ADD COLUMN focus_area_ids bigint[] NOT NULL DEFAULT '{}'",
    # The indexes before the backfill: built after it, over the rows it updated in place
    # (HOT), PostgreSQL marks them unusable to transactions older than the migration's
    # (pg_index.indcheckxmin), which a long transaction elsewhere in the server, a backup or
    # a bulk load, keeps from being used for as long as it runs.
    "CREATE INDEX project_organisation_ids ON projects_project USING gin (organisation_ids)",
    "CREATE INDEX project_focus_area_ids ON projects_project USING gin (focus_area_ids)",
    # The list's sorts by start, as project_list orders them (nulls last both ways, then
    # title and id): the planner walks these instead of sorting every match.
    "CREATE INDEX project_start_sort ON projects_project (start, title, id)",
    "CREATE INDEX project_start_desc_sort ON projects_project (start DESC NULLS LAST, title, id)",
    # The backfill, set-based (a row trigger per project would probe the links 2.000.000
    # times at 1.000.000 projects).
    """
    UPDATE projects_project p
    SET organisation_ids = COALESCE(o.ids, '{}'), focus_area_ids = COALESCE(f.ids, '{}')
    FROM projects_project q
    LEFT JOIN (
        SELECT project_id, array_agg(DISTINCT organisation_id ORDER BY organisation_id) AS ids
        FROM (
            SELECT id AS project_id, lead_id AS organisation_id
            FROM projects_project WHERE lead_id IS NOT NULL
            UNION ALL
            SELECT project_id, organisation_id FROM projects_participation
        ) AS links
        GROUP BY project_id
    ) AS o ON o.project_id = q.id
    LEFT JOIN (
        SELECT project_id, array_agg(DISTINCT focus_area_id ORDER BY focus_area_id) AS ids
        FROM projects_projectfocusarea GROUP BY project_id
    ) AS f ON f.project_id = q.id
    WHERE p.id = q.id AND (o.ids IS NOT NULL OR f.ids IS NOT NULL)
    """,
    f"""
    CREATE FUNCTION projects_project_link_ids() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.organisation_ids := {ORGANISATION_IDS};
        NEW.focus_area_ids := {FOCUS_AREA_IDS};
        RETURN NEW;
    END
    $$
    """,
    "CREATE TRIGGER project_link_ids BEFORE INSERT OR UPDATE OF lead_id, organisation_ids, "
    "focus_area_ids ON projects_project FOR EACH ROW EXECUTE FUNCTION projects_project_link_ids()",
    # Rewriting the column fires the row trigger above, which recomputes it.
    """
    CREATE FUNCTION projects_refresh_link_ids(projects bigint[]) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE projects_project SET organisation_ids = organisation_ids
        WHERE id = ANY(projects);
    END
    $$
    """,
]

# One statement trigger per table and event: PostgreSQL allows transition tables only on
# triggers of a single event.
for table in ("projects_participation", "projects_projectfocusarea"):
    for event, rows in (
        ("INSERT", "SELECT project_id FROM new_rows"),
        ("DELETE", "SELECT project_id FROM old_rows"),
        (
            "UPDATE",
            "SELECT project_id FROM new_rows UNION SELECT project_id FROM old_rows",
        ),
    ):
        name = f"{table}_ids_{event.lower()}"
        transition = {
            "INSERT": "NEW TABLE AS new_rows",
            "DELETE": "OLD TABLE AS old_rows",
            "UPDATE": "NEW TABLE AS new_rows OLD TABLE AS old_rows",
        }[event]
        # Names and SQL from the constants above, never from input.
        FORWARD += [
            f"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM projects_refresh_link_ids(
                    ARRAY(SELECT DISTINCT project_id FROM ({rows}) AS r)
                );
                RETURN NULL;
            END
            $$
            """,  # noqa: S608  # nosec B608
            f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {transition} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
        ]

BACKWARD = [
    "DROP INDEX IF EXISTS project_start_sort",
    "DROP INDEX IF EXISTS project_start_desc_sort",
    *(
        f"DROP FUNCTION IF EXISTS {table}_ids_{event}() CASCADE"
        for table in ("projects_participation", "projects_projectfocusarea")
        for event in ("insert", "delete", "update")
    ),
    "DROP FUNCTION IF EXISTS projects_refresh_link_ids(bigint[])",
    "DROP TRIGGER IF EXISTS project_link_ids ON projects_project",
    "DROP FUNCTION IF EXISTS projects_project_link_ids()",
    "ALTER TABLE projects_project DROP COLUMN IF EXISTS organisation_ids, "
    "DROP COLUMN IF EXISTS focus_area_ids",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARD:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("projects", "0011_project_postcode")]

    operations = [migrations.RunPython(forward, backward)]
