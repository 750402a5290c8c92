"""The focus-area page lists the projects with the largest grants and links to all of them;
its counts and sums cover every project of the area."""

import pytest

from actionplan.portal.selectors import AREA_PROJECTS_SHOWN, focus_area_page, plan_page
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def area():
    return factories.focus_area(factories.theme(factories.plan()))


def add(area, amounts):
    for amount in amounts:
        project = factories.project([area])
        factories.grant(project, str(amount))


def test_the_page_shows_the_largest_grants_first(area):
    add(area, [1000, 3000, 2000])
    page = focus_area_page(area.plan.slug, area.slug)
    assert [p.granted_dkk for p in page.projects] == [3000, 2000, 1000]


def test_the_page_shows_at_most_the_limit_but_counts_and_sums_every_project(area):
    add(area, [1000] * (AREA_PROJECTS_SHOWN + 2))
    page = focus_area_page(area.plan.slug, area.slug)
    assert (len(page.projects), page.project_count, page.granted.total, page.granted.count) == (
        AREA_PROJECTS_SHOWN,
        AREA_PROJECTS_SHOWN + 2,
        1000 * (AREA_PROJECTS_SHOWN + 2),
        AREA_PROJECTS_SHOWN + 2,
    )


def test_the_page_links_to_the_project_list_of_the_area_when_there_are_more(client, area):
    add(area, [1000] * (AREA_PROJECTS_SHOWN + 1))
    html = client.get(f"/planer/{area.plan.slug}/{area.slug}/").content.decode()
    assert f"/projekter/?focus_area={area.pk}&amp;sort=-granted" in html


def test_no_link_when_every_project_is_shown(client, area):
    add(area, [1000])
    html = client.get(f"/planer/{area.plan.slug}/{area.slug}/").content.decode()
    assert "/projekter/?focus_area=" not in html


def test_unpublished_projects_are_neither_shown_nor_counted(area):
    add(area, [1000])
    hidden = factories.project([area], is_published=False)
    factories.grant(hidden, "5000")
    page = focus_area_page(area.plan.slug, area.slug)
    assert (page.project_count, page.granted.total) == (1, 1000)


def test_the_plan_page_counts_a_project_in_two_areas_once_in_the_plan(area):
    other = factories.focus_area(area.theme)
    project = factories.project([area, other])
    factories.grant(project, "1000")
    page = plan_page(area.plan.slug)
    per_area = [summary.granted.total for summary in page.themes[0].areas]
    assert (len(page.projects), page.granted.total, per_area) == (1, 1000, [1000, 1000])
