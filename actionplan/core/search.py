"""The one text search, the same on PostgreSQL and SQLite.

Case folding: `fold()` (NFC, then lower()). PostgreSQL folds æøå itself (LOWER/UPPER in a
UTF-8 database); SQLite's lower() and LIKE fold only ASCII, so on SQLite the text is folded by
`fold()` itself, registered as the SQL function actionplan_fold on every connection (see
core/apps.py). lower(), not casefold(): PostgreSQL keeps "ß", and both databases must agree.

`contains()` and `search_filter()` find every word of a query anywhere in the given fields,
in any case: LOWER(COALESCE(field, '')) LIKE '%word%' on both databases (`folded_contains()`),
the very expression of the trigram indexes over names (organisations 0004), so PostgreSQL
reads the index instead of every row; Django's icontains writes UPPER(field::text), which
no index of ours over names holds.

`search_projects()` is the project search of the portal, the API, the exports and the
workspace: a project matches when every word occurs in its title and description (parts of
compound words: "tilpasning" finds "Klimatilpasning"), or when the Danish stems of the words
all occur among the stems of its text ("klimatilpasningen" finds "klimatilpasning"). On
PostgreSQL both use the indexes of migration projects 0005 (the stored danish vector's GIN and
the trigram GIN over UPPER(text)); on SQLite the text is stemmed by the same Snowball Danish
stemmer in Python (actionplan_stems), with PostgreSQL's Danish stop words left out, and scanned.
"""

import re
import unicodedata
from functools import reduce
from operator import or_
from typing import Any

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection as default_connection
from django.db.models import CharField, Expression, Func, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Concat
from django.db.models.lookups import Contains

FOLD_FUNCTION = "actionplan_fold"
STEMS_FUNCTION = "actionplan_stems"

# PostgreSQL's danish.stop (tsearch_data), which to_tsvector('danish', ...) leaves out.
DANISH_STOP_WORDS = frozenset(
    """og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har
    om vi min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal
    selv her alle vil blev kunne ind når være dog noget ville jo deres efter ned skulle
    denne end dette mit også under have dig anden hende mine alt meget sit sine vor mod
    disse hvis din nogle hos blive mange ad bliver hendes været thi jer sådan""".split()  # noqa: SIM905
)
_WORD = re.compile(r"\w+")
_stemmer = snowballstemmer.stemmer("danish")


def fold(text: str | None) -> str | None:
    if text is None:
        return None
    return unicodedata.normalize("NFC", text).lower()


def danish_stems(text: str | None) -> list[str]:
    """The Danish stems of the words of `text`, stop words left out, in order."""
    words = [w for w in _WORD.findall(fold(text) or "") if w not in DANISH_STOP_WORDS]
    return _stemmer.stemWords(words)


def _stems_text(text: str | None) -> str | None:
    """The stems as one string with a space on both sides of each, for LIKE '% stem %'."""
    return None if text is None else f" {' '.join(danish_stems(text))} "


def register_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    """connection_created receiver: make the SQL functions of this module exist on SQLite."""
    if connection.vendor == "sqlite":
        create = connection.connection.create_function
        create(FOLD_FUNCTION, 1, fold, deterministic=True)
        create(STEMS_FUNCTION, 1, _stems_text, deterministic=True)


class Fold(Func):
    """The text folded as fold() does: LOWER() on PostgreSQL, fold() itself on SQLite."""

    function = "LOWER"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function=FOLD_FUNCTION, **extra_context)


class _Stems(Func):
    """SQLite only: the text's Danish stems, each between spaces (see _stems_text)."""

    function = STEMS_FUNCTION
    output_field = CharField()


class StoredDanishVector(Expression):
    """projects_project.search_danish: on PostgreSQL only, a stored column generated from the
    title and description (migration projects 0005), GIN-indexed; unknown to the model."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.search_danish", []


def folded(field: str) -> Fold:
    """LOWER(COALESCE(field, '')): the expression the trigram indexes over names hold."""
    return Fold(Coalesce(field, Value("")))


def folded_contains(field: str, text: str) -> Q:
    """The rows whose `field` holds `text`, in any case, æøå included:
    LOWER(COALESCE(field, '')) LIKE '%text%' (text folded and its wildcards escaped), which a
    pg_trgm index over LOWER(COALESCE(field, '')) serves on PostgreSQL."""
    return Q(Contains(folded(field), fold(text)))


def contains(field: str, text: str) -> Q:
    """The rows whose `field` holds `text`, in any case, æøå included (folded_contains)."""
    return folded_contains(field, text)


def search_filter(queryset: QuerySet, text: str | None, fields: list[str]) -> QuerySet:
    """Rows where every word of `text` occurs in one of `fields`, in any case."""
    condition = Q()
    for word in (text or "").split():
        condition &= reduce(or_, (contains(field, word) for field in fields))
    return queryset.filter(condition)


def search_projects(projects: QuerySet, query: str | None) -> QuerySet:
    """Projects found by `query` in their title and description (see the module's text)."""
    words = (query or "").split()
    if not words:
        return projects
    text = Concat("title", Value(" "), "description", output_field=CharField())
    if default_connection.vendor == "postgresql":
        stemmed = Q(_search=SearchQuery(" ".join(words), config="danish", search_type="plain"))
        substring = Q()
        for word in words:
            substring &= Q(_text__icontains=word)
        # Both conditions use an index (see migration projects 0005): the stored vector's GIN
        # and the trigram GIN over UPPER(text), which icontains writes.
        return projects.alias(_search=StoredDanishVector(), _text=text).filter(stemmed | substring)
    projects = projects.alias(_folded=Fold(text))
    substring = Q()
    for word in words:
        substring &= Q(_folded__contains=fold(word))
    stems = danish_stems(" ".join(words))
    if not stems:  # only stop words: PostgreSQL's plain query is empty and matches nothing
        return projects.filter(substring)
    projects = projects.alias(_stems=_Stems(text))
    stemmed = Q()
    for stem in stems:
        stemmed &= Q(_stems__contains=f" {stem} ")
    return projects.filter(stemmed | substring)
