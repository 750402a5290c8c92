"""Case-insensitive search that folds Danish letters on every database.

PostgreSQL's LOWER() folds "Ø" to "ø" in a UTF-8 database, but SQLite's LOWER() and LIKE fold
only ASCII, so "østerbro" would not find "Østerbro". On SQLite the text is folded by a Python
function registered on the connection.
"""

import unicodedata
from functools import reduce
from operator import or_

from django.db.models import Func, Q, QuerySet, TextField, Value
from django.db.models.functions import Coalesce

# A name of its own: the portal registers "actionplan_fold" with casefold().
SQLITE_FUNCTION = "actionplan_lower"


def fold(text: str | None) -> str | None:
    if text is None:
        return None
    # lower(), not casefold(): PostgreSQL's LOWER() keeps "ß", and both databases must agree.
    return unicodedata.normalize("NFC", text).lower()


class Fold(Func):
    """The text lower-cased the same way on PostgreSQL and SQLite."""

    function = "LOWER"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        connection.ensure_connection()
        connection.connection.create_function(SQLITE_FUNCTION, 1, fold, deterministic=True)
        return self.as_sql(compiler, connection, function=SQLITE_FUNCTION, **extra_context)


def search_filter(queryset: QuerySet, text: str | None, fields: list[str]) -> QuerySet:
    """Rows where every word of `text` occurs in one of `fields`, ignoring case."""
    words = (fold(text) or "").split()
    if not words:
        return queryset
    annotations = {
        f"_search_{n}": Fold(Coalesce(field, Value(""), output_field=TextField()))
        for n, field in enumerate(fields)
    }
    queryset = queryset.alias(**annotations)
    for word in words:
        queryset = queryset.filter(
            reduce(or_, (Q(**{f"{name}__contains": word}) for name in annotations))
        )
    return queryset
