"""Search over project titles and descriptions that finds "Østerbro" from "østerbro".

SQLite's LIKE and lower() fold only ASCII letters, so on SQLite both sides are case-folded by
a deterministic Python function registered on every connection (see apps.py). PostgreSQL folds
æøå itself and adds Danish stemming ("klimatilpasningen" finds "klimatilpasning").
"""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import CharField, Func, Q, QuerySet, Value
from django.db.models.functions import Concat

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
        return projects.annotate(
            _search=SearchVector("title", "description", config="danish"), _text=text
        ).filter(stemmed | substring)
    projects = projects.annotate(_folded=Fold(text))
    for word in words:
        projects = projects.filter(_folded__contains=word.casefold())
    return projects
