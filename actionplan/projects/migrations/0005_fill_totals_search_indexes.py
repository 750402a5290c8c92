"""Fill the projects' money totals, and on PostgreSQL index the public search.

The search column and indexes exist on PostgreSQL only: a stored danish text-search vector
(projects_project.search_danish, generated from title and description) with a GIN index, and a
pg_trgm GIN index over the upper-cased text for substrings of compound words. SQLite searches
by scanning, folding æøå in Python. They stay out of the models so that the migration state is
the same on both databases; actionplan/core/search.py queries them.
"""

from decimal import Decimal

from django.db import migrations
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

REGIONAL_POOL = "regional_pool"


def fill_totals(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    Grant = apps.get_model("projects", "Grant")
    CoFunding = apps.get_model("projects", "CoFunding")

    def total(rows, aggregate, default):
        per_project = rows.filter(project=OuterRef("pk")).order_by().values("project")
        return Coalesce(Subquery(per_project.annotate(v=aggregate).values("v")), default)

    def money(prefix, rows):
        return {
            f"{prefix}_dkk": total(rows, Sum("amount"), Decimal(0)),
            f"{prefix}_count": total(rows, Count("id"), 0),
            f"{prefix}_unknown": total(rows, Count("id", filter=Q(amount__isnull=True)), 0),
        }

    grants = Grant.objects.all()
    cofunding = CoFunding.objects.filter(status="granted")
    Project.objects.filter(
        Exists(grants.filter(project=OuterRef("pk")))
        | Exists(cofunding.filter(project=OuterRef("pk")))
    ).update(
        **money("granted", grants),
        **money("pool", grants.filter(source__kind=REGIONAL_POOL)),
        **money("cofunding", cofunding),
    )


# Django's Concat and Upper as the search query writes them (UPPER(...) LIKE for icontains);
# written out because an operator class after an expression needs its own parentheses.
UPPER_TEXT = (
    """UPPER((COALESCE("title", '') || COALESCE((COALESCE(' ', '') """
    """|| COALESCE("description", '')), '')))"""
)


def add_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # A stored vector, not an index over the expression: a bitmap scan that must recheck its
    # rows (the trigram index's always must) would stem every matching row's text again.
    schema_editor.execute(
        "ALTER TABLE projects_project ADD COLUMN search_danish tsvector GENERATED ALWAYS AS "
        "(to_tsvector('danish'::regconfig, COALESCE(title, '') || ' ' || "
        "COALESCE(description, ''))) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX project_search_danish ON projects_project USING gin (search_danish)"
    )
    schema_editor.execute(
        "CREATE INDEX project_search_trgm ON projects_project "
        f"USING gin (({UPPER_TEXT}) gin_trgm_ops)"
    )


def remove_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS project_search_trgm")
    schema_editor.execute("ALTER TABLE projects_project DROP COLUMN IF EXISTS search_danish")


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0004_project_totals"),
        ("organisations", "__first__"),
    ]

    operations = [
        migrations.RunPython(fill_totals, migrations.RunPython.noop),
        migrations.RunPython(add_search_indexes, remove_search_indexes),
    ]
