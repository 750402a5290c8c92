"""The whole status loop in the browser, with two people: staff open a round, the reporter's
mail arrives (captured) with a working link, the reporter submits with an attachment, staff
are told and approve, the reporter is told, the round closes, the memo is published on the
portal, and changes made afterwards leave the published memo as it was."""

import re
import tempfile
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from django.core import mail

from actionplan.accounts.models import Role
from actionplan.attachments.models import Attachment
from actionplan.core.services import SYSTEM
from actionplan.organisations.models import FundingSource, Organisation
from actionplan.projects import services as projects
from actionplan.projects.models import Project
from actionplan.rounds.models import StatusRound
from tests import factories
from tests.attachments import samples

from .conftest import axe_violations
from .test_workspace import PASSWORD, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def mails_to(address):
    return [m for m in mail.outbox if address in m.to]


def link_in(message) -> str:
    match = re.search(r"https?://\S+/arbejdsrum/statusrunder/opdateringer/\d+/", message.body)
    assert match, message.body
    return urlparse(match[0]).path


def words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_the_whole_status_loop_with_two_people(browser, live_server, demo_plan):
    region = Organisation.objects.get(slug="region-hovedstaden")
    project = Project.objects.get(slug="power-to-x-overskudsvarme")
    area = project.focus_area_links.first().focus_area
    factories.user(
        "anna", password=PASSWORD, email="anna@example.dk", role=Role.ADMIN, organisation=region
    )
    factories.user(
        "lars", password=PASSWORD, email="lars@example.dk", role=Role.REPORTER, project=project
    )
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(3)]
    staff, lead, public = (context.new_page() for context in contexts)
    for page in (staff, lead, public):
        page.set_default_timeout(90_000)
        page.base = live_server.url

    # Staff open a round: the reporter is asked by mail, with a link to the form.
    log_in(staff, "anna")
    staff.goto(staff.base + "/arbejdsrum/statusrunder/ny/")
    staff.select_option("#id_plan", label=demo_plan.title)
    staff.fill("#id_name", "Status 2026")
    staff.fill("#id_reference_date", "2026-09-01")
    staff.fill("#id_deadline", "2099-09-30")
    staff.click("main button[type=submit]")
    staff.wait_for_url("**/statusrunder/*/")
    status_round = StatusRound.objects.get(name="Status 2026")
    (asked,) = mails_to("lars@example.dk")
    assert project.title in asked.subject and "30. september 2099" in asked.body

    # The reporter follows the link and submits with a final report attached.
    log_in(lead, "lars")
    assert "30. september 2099" in lead.content()  # the home says what is owed, by when
    lead.goto(lead.base + link_in(asked))
    lead.select_option("#id_status", "started")
    lead.fill("#id_narrative", "Elektrolysen er bestilt og leveres i foråret.")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as report:
        report.write(samples.pdf())
        report.flush()
        lead.set_input_files("#id_file", report.name)
        lead.click("button[value=submit]")
        lead.wait_for_selector("text=sendt til godkendelse")
    attachment = Attachment.objects.get(project=project)
    assert attachment.update_request.round_id == status_round.pk
    # Nothing of it is public before staff approve.
    public.goto(public.base + f"/projekter/{project.slug}/")
    assert "Elektrolysen er bestilt" not in public.content()

    # Staff are told, open the same request from their mail and approve with a comment.
    review = mails_to("anna@example.dk")[-1]
    assert project.title in review.subject
    staff.goto(staff.base + link_in(review))
    assert staff.locator(f"a:has-text('{attachment.filename}')").count() >= 1
    staff.fill("#id_review_comment", "Tak, fint.")
    staff.click("button[value=approve]")
    staff.wait_for_selector("text=godkendt")

    # The reporter is told, with the comment.
    approved = mails_to("lars@example.dk")[-1]
    assert "godkendt" in approved.subject and "Tak, fint." in approved.body
    lead.goto(lead.base + "/arbejdsrum/beskeder/")
    assert "Tak, fint." in lead.content()
    assert axe_violations(lead) == []

    # Staff close the round (the memo is frozen) and publish it.
    staff.goto(staff.base + f"/arbejdsrum/statusrunder/{status_round.pk}/")
    staff.click("form[action$='/luk/'] button")
    staff.wait_for_selector("form[action$='/offentliggoer/'] button")
    staff.click("form[action$='/offentliggoer/'] button")
    staff.wait_for_selector("text=offentliggjort")
    status_round.refresh_from_db()
    assert status_round.state == StatusRound.State.PUBLISHED

    # The published memo is on the plan's public page.
    public.goto(public.base + f"/planer/{demo_plan.slug}/")
    link = public.locator(f"a[href$='/statusnotat/{status_round.slug}.html']")
    assert link.count() == 1
    memo_url = public.base + link.get_attribute("href")
    published = words(public.request.get(memo_url).text())
    assert "Elektrolysen er bestilt" in published
    assert axe_violations(public) == []
    public.goto(public.base + f"/projekter/{project.slug}/")
    assert "Elektrolysen er bestilt" in public.content()

    # Later changes: a new project with money in the same focus area, more money and a new
    # title on the reported project, and a new update. The published memo stays the same.
    pool = FundingSource.objects.order_by("pk").first()
    later = factories.project(focus_areas=[area], title="Et projekt efter lukningen")
    projects.grant_create(
        actor=SYSTEM, project=later, source=pool, amount=Decimal(5_000_000), decided="2026-06"
    )
    projects.grant_create(
        actor=SYSTEM, project=project, source=pool, amount=Decimal(700_000), decided="2026-06"
    )
    projects.project_update(actor=SYSTEM, project=project, title="Et nyt navn efter lukningen")
    factories.status_update(project, narrative="En senere opdatering.", status="started")
    after = words(public.request.get(memo_url).text())
    assert after == published
    assert "Et projekt efter lukningen" not in after and "Et nyt navn efter" not in after
    for context in contexts:
        context.close()
