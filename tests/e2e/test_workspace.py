"""Staff journeys in the browser: log in, add money and news to a project, see it in public;
two people editing at once; and axe-core on the workspace's pages."""

import pytest
from django.urls import reverse

from actionplan.accounts.models import Role
from actionplan.organisations.models import Organisation
from actionplan.projects.models import Project
from tests import factories
from tests.accounts.test_permission_matrix import MATRIX
from tests.world import make_world

from .conftest import axe_violations, settle

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"


@pytest.fixture
def editor(demo_plan):
    region = Organisation.objects.get(slug="region-hovedstaden")
    factories.user("anna", password=PASSWORD, role=Role.ADMIN, organisation=region, is_staff=True)
    return "anna"


def log_in(page, username):
    page.goto(page.base + "/log-ind/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/arbejdsrum/")


def test_a_staff_member_adds_a_grant_and_an_update_and_sees_both_in_public(page, editor):
    project = Project.objects.get(slug="power-to-x-overskudsvarme")
    log_in(page, editor)
    page.goto(page.base + f"/arbejdsrum/projekter/{project.pk}/")
    page.click("text=Tilføj en bevilling")
    page.select_option("#id_grant-source", label="RUS-puljen (regionale udviklingsmidler)")
    page.fill("#id_grant-amount", "2,5 mio. kr.")
    page.fill("#id_grant-decided", "september 2021")
    page.click("button:has-text('Tilføj bevilling')")
    page.wait_for_selector("#grants :text('2.500.000 kr.')")
    page.click("text=Tilføj en statusopdatering")
    page.fill("#id_update-date", "2021-10-01")
    page.fill("#id_update-progress", "40")
    page.fill("#id_update-narrative", "Anlægget er bestilt hos leverandøren.")
    page.click("#updates button[type=submit]")
    # Submitted, not public: it waits for approval like any update, even an editor's own.
    page.wait_for_selector("#updates :text('Venter på godkendelse')")
    page.goto(page.base + f"/projekter/{project.slug}/")
    assert "Anlægget er bestilt" not in page.content()
    page.goto(page.base + f"/arbejdsrum/projekter/{project.pk}/")
    page.click("#updates a[href*='/statusrunder/opdateringer/']")
    page.click("button[value=approve]")
    page.wait_for_url(f"**/arbejdsrum/projekter/{project.pk}/#updates")
    page.wait_for_selector("#updates :text('Anlægget er bestilt')")
    assert page.errors == []

    page.goto(page.base + f"/projekter/{project.slug}/")
    content = page.content()
    assert "2,5 mio. kr." in content or "2.500.000 kr." in content
    assert "Anlægget er bestilt hos leverandøren." in content


def test_two_people_editing_the_same_project_conflict_cleanly(browser, live_server, editor):
    project = Project.objects.get(slug="power-to-x-overskudsvarme")
    url = f"{live_server.url}/arbejdsrum/projekter/{project.pk}/rediger/"
    pages = []
    for _ in range(2):
        context = browser.new_context(locale="da-DK")
        page = context.new_page()
        page.base = live_server.url
        log_in(page, editor)
        page.goto(url)
        pages.append(page)
    first, second = pages
    first.fill("#id_title", "Overskudsvarme fra Power-to-X (rettet af Anna)")
    first.click("button:has-text('Gem projekt')")
    first.wait_for_url(f"**/arbejdsrum/projekter/{project.pk}/")
    second.fill("#id_title", "En anden titel")
    second.click("button:has-text('Gem projekt')")
    alert = second.locator(".alert-error")
    alert.wait_for()
    assert "ændrede dette" in alert.inner_text()
    project.refresh_from_db()
    assert project.title == "Overskudsvarme fra Power-to-X (rettet af Anna)"
    for page in pages:
        page.context.close()


DOWNLOADS = {"workspace:round_memo", "workspace:import_sheet_template"}  # files, not pages


def workspace_urls(plan) -> list[str]:
    """Every workspace page an administrator may open: the GET routes of the permission
    matrix, so a new page is checked without being listed here."""
    world = make_world(plan)
    urls = []
    for name, (method, kwargs, expected) in MATRIX.items():
        if name in DOWNLOADS:
            continue
        if method == "GET" and expected["admin"] == 200:
            url = reverse(name.split("#")[0], kwargs=kwargs(world))
            if url.startswith("/arbejdsrum/"):
                urls.append(url)
    assert len(urls) > 30
    return urls


@pytest.mark.parametrize("language", ["", "/en"])
def test_every_workspace_page_has_no_axe_violations(page, editor, demo_plan, language):
    log_in(page, editor)
    for url in workspace_urls(demo_plan):
        response = page.goto(page.base + language + url)
        assert response.status == 200, url
        settle(page)
        violations = axe_violations(page)
        assert violations == [], f"{language}{url}: {violations}"
        assert page.errors == [], f"{language}{url}: {page.errors}"


def test_the_login_page_and_a_form_showing_errors_have_no_axe_violations(page, editor):
    page.goto(page.base + "/log-ind/")
    assert axe_violations(page) == []
    log_in(page, editor)
    page.goto(page.base + "/arbejdsrum/projekter/ny/")
    page.click("button:has-text('Opret projekt')")
    page.wait_for_selector(".form-error-message")
    assert axe_violations(page) == []
