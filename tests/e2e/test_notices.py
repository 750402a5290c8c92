"""The status loop's notices in the browser: staff open a round, the reporter's mail arrives
with a link straight to their form, the reporter submits, staff are told and approve, and the
reporter is told with the comment. Mails are captured (django.core.mail.outbox)."""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail

from actionplan.accounts.models import Role
from actionplan.organisations.models import Organisation
from actionplan.projects.models import Project
from tests import factories

from .conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"


def log_in(page, username):
    page.goto(page.base + "/log-ind/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/arbejdsrum/")


def mail_to(address):
    found = [m for m in mail.outbox if address in m.to]
    assert found, f"no mail to {address}"
    return found[-1]


def link_in(message) -> str:
    match = re.search(r"https?://\S+/arbejdsrum/statusrunder/opdateringer/\d+/", message.body)
    assert match, message.body
    return urlparse(match[0]).path


def test_the_loop_tells_each_person_by_mail_with_working_links(browser, live_server, demo_plan):
    region = Organisation.objects.get(slug="region-hovedstaden")
    project = Project.objects.get(slug="power-to-x-overskudsvarme")
    factories.user(
        "anna", password=PASSWORD, email="anna@example.dk", role=Role.ADMIN, organisation=region
    )
    factories.user(
        "lars", password=PASSWORD, email="lars@example.dk", role=Role.REPORTER, project=project
    )
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2)]
    staff, lead = (context.new_page() for context in contexts)
    for page in (staff, lead):
        page.set_default_timeout(90_000)
        page.base = live_server.url

    log_in(staff, "anna")
    staff.goto(staff.base + "/arbejdsrum/statusrunder/ny/")
    staff.select_option("#id_plan", label=demo_plan.title)
    staff.fill("#id_name", "Status 2026")
    staff.fill("#id_reference_date", "2026-09-01")
    staff.fill("#id_deadline", "2099-09-30")
    staff.click("main button[type=submit]")
    staff.wait_for_url("**/statusrunder/*/")

    asked = mail_to("lars@example.dk")
    assert project.title in asked.subject and "30. september 2099" in asked.body
    log_in(lead, "lars")
    assert "30. september 2099" in lead.content()  # the home says what is owed, by when
    lead.goto(lead.base + link_in(asked))
    lead.select_option("#id_status", "started")
    lead.fill("#id_narrative", "Anlægget er bestilt.")
    lead.click("button[value=submit]")
    lead.wait_for_selector("text=sendt til godkendelse")

    review = mail_to("anna@example.dk")
    assert project.title in review.subject
    staff.goto(staff.base + link_in(review))
    staff.fill("#id_review_comment", "Tak, fint.")
    staff.click("button[value=approve]")
    staff.wait_for_selector("text=godkendt")

    approved = mail_to("lars@example.dk")
    assert "godkendt" in approved.subject and "Tak, fint." in approved.body
    lead.goto(lead.base + "/arbejdsrum/beskeder/")
    assert "Tak, fint." in lead.content()
    assert axe_violations(lead) == []
    for context in contexts:
        context.close()
