"""On PostgreSQL, a pg_trgm GIN index over the organisations' folded names: the name filter
(core.search.search_filter: LOWER(COALESCE(name, '')) LIKE '%word%', in the workspace's
organisation list and GET /api/v1/organisations?q=) reads it instead of every organisation,
for any word, at the 40.000 organisations of a national portfolio. SQLite scans, as before;
the index stays out of the model so that the migration state is the same on both."""

from django.db import migrations

INDEX = "organisation_name_trgm"


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON organisations_organisation "
        "USING gin ((LOWER(COALESCE(name, ''))) gin_trgm_ops)"
    )


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("organisations", "0003_municipality_codes_from_names")]

    operations = [migrations.RunPython(add_index, remove_index)]
