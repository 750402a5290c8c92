"""The one project search finds the same projects on SQLite and PostgreSQL: any case, æøå
folded, parts of compound words, and Danish inflections through the stems."""

import pytest

from actionplan.core.search import danish_stems, fold
from actionplan.projects.selectors import ProjectFilter, project_list
from tests import factories

pytestmark = pytest.mark.django_db


def _found(query: str) -> set[str]:
    return {p.slug for p in project_list(ProjectFilter(search=query))}


@pytest.fixture
def portfolio():
    area = factories.focus_area()
    factories.project([area], slug="klima", title="Klimatilpasning på Østerbro")
    factories.project([area], slug="vand", title="Rent vand", description="Grønne tage")
    factories.project([area], slug="skov", title="Ny skov", is_published=False)


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ("østerbro", {"klima"}),  # æøå folded
        ("ØSTERBRO", {"klima"}),
        ("tilpasning", {"klima"}),  # part of a compound word
        ("klimatilpasningen", {"klima"}),  # an inflection: the stems match
        ("grøn", {"vand"}),  # in the description
        ("rent grønne", {"vand"}),  # every word, title and description together
        ("rent klima", set()),
        ("skov", set()),  # not published
        ("og", set()),  # a stop word finds only where it is written
    ],
)
def test_the_search_finds_the_same_on_every_database(portfolio, query, slugs):
    assert _found(query) == slugs


def test_the_fold_keeps_what_postgresql_keeps():
    assert fold("ØSTERBRO Straße") == "østerbro straße"
    assert danish_stems("Klimatilpasningen og vandet") == danish_stems("klimatilpasning vand")
