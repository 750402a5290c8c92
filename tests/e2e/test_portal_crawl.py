"""Every public page at a phone's and a laptop's width, in Danish and English: nothing
scrolls sideways and axe-core finds no WCAG 2.1 AA violation."""

import pytest

from actionplan.organisations.models import Organisation
from actionplan.projects.models import Project

from .conftest import axe_violations, settle

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (360, 1366)


def public_urls(plan) -> list[str]:
    area = plan.focus_areas.filter(goals__indicators__observations__isnull=False).first()
    area = area or plan.focus_areas.first()
    project = Project.objects.get(slug="power-to-x-overskudsvarme")
    organisation = Organisation.objects.get(slug="region-hovedstaden")
    return [
        "/",
        "/planer/",
        f"/planer/{plan.slug}/",
        f"/planer/{plan.slug}/kort/",
        f"/planer/{plan.slug}/{area.slug}/",
        f"/planer/{plan.slug}/{area.slug}/kort/",
        "/sammenlign/",
        "/soeg/?q=klima",
        "/projekter/",
        "/projekter/?q=findesikke",
        f"/projekter/{project.slug}/",
        f"/organisationer/{organisation.slug}/",
        "/data/",
        "/metode/",
        "/tilgaengelighed/",
    ]


SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize("language", ["", "/en"])
def test_every_public_page_fits_and_passes_axe(browser, live_server, demo_plan, language):
    problems = []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.set_default_timeout(90_000)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        # No page asks another host for anything (map boundaries, fonts, scripts).
        elsewhere = []
        page.on(
            "request",
            lambda request, elsewhere=elsewhere: (
                None
                if request.url.startswith((live_server.url, "data:", "blob:"))
                else elsewhere.append(request.url)
            ),
        )
        for url in public_urls(demo_plan):
            page.goto(live_server.url + language + url)
            settle(page)
            if "/kort/" in url:
                # The map drew its municipalities from the boundaries the site serves itself.
                assert page.locator('[data-chart="chart-map"] svg path').count() > 90, url
            overflow = page.evaluate(SIDEWAYS)
            if overflow > 0:
                problems.append(f"{width}px {language}{url}: scrolls sideways by {overflow}px")
            violations = axe_violations(page)
            if violations:
                problems.append(f"{width}px {language}{url}: {violations}")
        problems += [f"{width}px: page error {e}" for e in errors]
        problems += [f"{width}px: a request to another host: {url}" for url in elsewhere]
        context.close()
    assert problems == [], "\n".join(problems)
