import re

import pytest

from actionplan.organisations.models import Organisation
from actionplan.plans.models import ActionPlan
from actionplan.projects.models import Project

from .conftest import axe_violations, settle

pytestmark = pytest.mark.django_db(transaction=True)


def portal_urls(plan) -> list[str]:
    area = plan.focus_areas.filter(goals__indicators__observations__isnull=False).first()
    area = area or plan.focus_areas.first()
    project = Project.objects.get(slug="power-to-x-overskudsvarme")
    organisation = Organisation.objects.get(slug="region-hovedstaden")
    return [
        f"/planer/{plan.slug}/",
        f"/planer/{plan.slug}/{area.slug}/",
        "/projekter/",
        "/projekter/?q=findesikke",  # an empty list
        f"/projekter/{project.slug}/",
        f"/organisationer/{organisation.slug}/",
        "/tilgaengelighed/",
    ]


def assert_accessible(page, url):
    violations = axe_violations(page)
    assert violations == [], f"{url}: {violations}"


@pytest.mark.parametrize("language", ["", "/en"])
def test_every_portal_page_has_no_axe_violations(page, demo_plan, language):
    for url in portal_urls(demo_plan):
        page.goto(page.base + language + url)
        settle(page)
        assert_accessible(page, language + url)
    assert [e for e in page.errors if "Content Security Policy" in e] == []


def test_the_no_plans_page_has_no_axe_violations(page, transactional_db):
    ActionPlan.objects.update(status=ActionPlan.Status.DRAFT)
    page.goto(page.base + "/")
    assert "No plans" in page.content() or "planer" in page.content().lower()
    assert_accessible(page, "/")


def test_charts_render_with_the_csp_safe_interpreter(page, demo_plan):
    page.goto(page.base + f"/planer/{demo_plan.slug}/")
    page.wait_for_selector('[data-chart][data-rendered="true"] svg', timeout=15000)
    rendered = page.locator('[data-chart][data-rendered="true"]').count()
    assert rendered == 3
    assert page.errors == []
    # The table alternative stays in the page for screen readers.
    assert page.locator("details.chart-table table").count() == 3


def test_a_citizen_finds_a_project_by_search_and_filter_and_reads_its_money(page, demo_plan):
    page.goto(page.base + "/")
    page.get_by_role("link", name=re.compile("Projekt")).first.click()
    page.wait_for_url(re.compile(r"/projekter/$"))
    page.locator("#id_q").fill("overskudsvarme")
    page.wait_for_url(re.compile(r"q=overskudsvarme"))
    results = page.locator("#results .project-list > li")
    results.first.wait_for()
    page.wait_for_function("document.querySelectorAll('#results .project-list > li').length === 1")
    page.locator("#id_status").select_option("granted")
    page.wait_for_url(re.compile(r"status=granted"))
    # The click must land on the list htmx has swapped in, not on the one it replaces.
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )
    page.get_by_role("link", name="Overskudsvarme fra Power-to-X i fjernvarmesystemet").click()
    page.wait_for_url(re.compile(r"/projekter/power-to-x-overskudsvarme/"))
    body = page.locator("main").inner_text()
    assert "1,1 mio. kr." in body
    assert "august 2021" in body
    assert "RUS-puljen" in body
    assert page.errors == []


def test_the_filters_work_without_javascript(browser, live_server, demo_plan):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/projekter/")
    page.locator("#id_q").fill("overskudsvarme")
    page.get_by_role("button", name=re.compile("Show projects|Vis projekter")).click()
    page.wait_for_url(re.compile(r"q=overskudsvarme"))
    assert "Overskudsvarme fra Power-to-X" in page.locator("#results").inner_text()
    context.close()


def test_the_language_switch_works_without_javascript(browser, live_server, demo_plan):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/projekter/")
    page.get_by_role("button", name="English").click()
    page.wait_for_url(re.compile(r"/en/projekter/"))
    assert page.locator("html").get_attribute("lang") == "en"
    context.close()


def test_paging_with_htmx_swaps_results_and_pushes_the_url(page, demo_plan):
    page.goto(page.base + "/projekter/")
    page.locator(".pagination a", has_text="2").first.click()
    page.wait_for_url(re.compile(r"side=2"))
    assert page.locator("#results .result-count").inner_text()
    assert page.errors == []
