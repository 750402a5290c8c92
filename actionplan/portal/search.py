"""Search over project titles and descriptions that finds "Østerbro" from "østerbro".

SQLite's LIKE and lower() fold only ASCII letters, so on SQLite both sides are case-folded by
a deterministic Python function registered on every connection (see apps.py). PostgreSQL folds
æøå itself and adds Danish stemming ("klimatilpasningen" finds "klimatilpasning"), through a
stored, indexed vector, and finds parts of compound words through a trigram index.
"""

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection
from django.db.models import CharField, Expression, Func, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.db.models.lookups import Contains

FOLD_FUNCTION = "actionplan_fold"


def fold(text: str | None) -> str | None:
    return None if text is None else text.casefold()


def register_fold(sender, connection, **kwargs) -> None:
    """connection_created receiver: make actionplan_fold() available on SQLite."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)


class Fold(Func):
    function = FOLD_FUNCTION
    output_field = CharField()


class StoredDanishVector(Expression):
    """projects_project.search_danish: on PostgreSQL only, a stored column generated from the
    title and description (migration projects 0005), GIN-indexed; unknown to the model."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.search_danish", []


def name_contains(field: str, text: str) -> Q:
    """The rows whose `field` holds `text`, in any case, æøå included."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__icontains": text})
    return Q(Contains(Fold(field), text.casefold()))


def search_projects(projects: QuerySet, query: str) -> QuerySet:
    words = query.split()
    if not words:
        return projects
    text = Concat("title", Value(" "), "description", output_field=CharField())
    if connection.vendor == "postgresql":
        stemmed = Q(_search=SearchQuery(" ".join(words), config="danish", search_type="plain"))
        substring = Q()
        for word in words:
            substring &= Q(_text__icontains=word)
        # Both conditions use an index (see migration projects 0005): the stored vector's GIN
        # and the trigram GIN over UPPER(text), which icontains writes.
        return projects.alias(_search=StoredDanishVector(), _text=text).filter(stemmed | substring)
    projects = projects.annotate(_folded=Fold(text))
    for word in words:
        projects = projects.filter(_folded__contains=word.casefold())
    return projects
