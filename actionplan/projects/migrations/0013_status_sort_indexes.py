"""The public list filtered by status and sorted by start or money, on PostgreSQL: an index
per sort with the status first, so the list walks the chosen status's projects in the sort's
order. With only (start DESC NULLS LAST, title, id), "started, newest start first" walked the
projects that start next year before the first started one (65.000 rows skipped, 930 ms at
1.000.000 projects); the planner cannot know the two are correlated. By title, the index
project_status_title_idx serves already."""

from django.db import migrations

INDEXES = {
    "project_status_start_sort": "(status, start, title, id)",
    "project_status_start_desc_sort": "(status, start DESC NULLS LAST, title, id)",
    "project_status_granted_sort": "(status, granted_dkk DESC, title, id)",
}


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, columns in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON projects_project {columns}")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("projects", "0012_stored_link_ids")]

    operations = [migrations.RunPython(forward, backward)]
