"""Files, the invitation and yes/no indicators in the browser."""

import datetime as dt
import tempfile

import pytest

from actionplan.accounts.models import Role
from actionplan.accounts.services import invitation_create
from actionplan.attachments.models import Attachment
from actionplan.core.services import SYSTEM
from actionplan.organisations.models import Organisation
from actionplan.projects.models import Project
from actionplan.rounds.models import UpdateRequest
from actionplan.rounds.services import round_open
from tests import factories
from tests.attachments import samples

from .conftest import axe_violations
from .test_workspace import PASSWORD, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def project(demo_plan):
    return Project.objects.get(slug="power-to-x-overskudsvarme")


@pytest.fixture
def editor(demo_plan):
    region = Organisation.objects.get(slug="region-hovedstaden")
    factories.user("anna", password=PASSWORD, role=Role.EDITOR, organisation=region)
    return "anna"


def test_staff_attach_a_public_report_that_the_public_page_offers_for_download(
    page, editor, project, tmp_path
):
    report = tmp_path / "Slutrapport 2021.pdf"
    report.write_bytes(samples.pdf())
    program = tmp_path / "setup.exe"
    program.write_bytes(b"MZ" + b"\0" * 64)
    log_in(page, editor)
    page.goto(page.base + f"/arbejdsrum/projekter/{project.pk}/")
    page.click("text=Tilføj en fil")
    page.set_input_files("#id_attachment-file", str(program))
    page.click("#attachments button:has-text('Tilføj fil')")
    page.wait_for_selector("#attachments :text('Filtypen .exe er ikke tilladt')")
    assert axe_violations(page) == []
    page.set_input_files("#id_attachment-file", str(report))
    page.fill("#id_attachment-title", "Slutrapport")
    page.check("#id_attachment-is_public")
    page.click("#attachments button:has-text('Tilføj fil')")
    page.wait_for_selector("#attachments :text('Filen er tilføjet')")
    assert page.errors == []

    page.context.clear_cookies()
    page.goto(page.base + f"/projekter/{project.slug}/")
    link = page.locator("a:has-text('Slutrapport')")
    download = page.request.get(page.base + link.get_attribute("href"))
    assert download.status == 200 and download.body() == samples.pdf()
    assert download.headers["content-disposition"].startswith("attachment")


def test_the_reporter_submits_an_update_with_a_photo(page, project, demo_plan):
    factories.user("lead", password=PASSWORD, role=Role.REPORTER, project=project)
    status_round = round_open(
        actor=SYSTEM,
        plan=demo_plan,
        name="Status 2022",
        slug="status-2022",
        reference_date=dt.date(2022, 10, 1),
        deadline=dt.date(2022, 11, 1),
    )
    request = UpdateRequest.objects.get(round=status_round, project=project)
    log_in(page, "lead")
    page.goto(page.base + f"/arbejdsrum/statusrunder/opdateringer/{request.pk}/")
    page.select_option("#id_status", "started")
    page.fill("#id_narrative", "Anlægget kører.")
    with tempfile.NamedTemporaryFile(suffix=".png") as photo:
        photo.write(samples.png())
        photo.flush()
        page.set_input_files("#id_file", photo.name)
        page.click("button[value=submit]")
        page.wait_for_selector("text=Din opdatering er sendt til godkendelse.")
    assert Attachment.objects.get().update_request_id == request.pk
    assert page.locator("a[download]").count() == 1
    assert axe_violations(page) == []


def test_an_invited_project_lead_accepts_and_lands_logged_in_on_their_home(page, project):
    staff = factories.user("staff", is_superuser=True)
    _record, token = invitation_create(
        actor=staff,
        email="lead@example.dk",
        role=Role.REPORTER,
        project=project,
        accept_url="http://testserver/invitation/TOKEN/",
    )
    page.goto(page.base + f"/invitation/{token}/")
    assert axe_violations(page) == []
    page.fill("#id_username", "lead")
    page.fill("#id_password1", "korrekt-hest-batteri-klammer")
    page.fill("#id_password2", "korrekt-hest-batteri-klammer")
    page.click("main button[type=submit]")
    page.wait_for_url("**/arbejdsrum/")
    assert page.locator("text=Velkommen, lead").count() == 1
    assert page.errors == []
