"""On PostgreSQL, a GIN index (jsonb_path_ops) over the audit events' changes: an object's
history finds the events of its parts by the owner's id they record
(core.history.part_events: changes @> '{"project_id": [12]}'); without it that read every
event of the part's type, millions in a national log. SQLite scans, as before; the index
stays out of the model so that the migration state is the same on both databases."""

from django.db import migrations

INDEX = "audit_changes_gin"


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON core_auditevent "
        "USING gin (changes jsonb_path_ops)"
    )


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("core", "0003_merge_0002_audit_log_indexes_0002_clean_xml_text")]

    operations = [migrations.RunPython(add_index, remove_index)]
