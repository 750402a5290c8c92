"""An "op til" amount is kept as a bound on every path: workspace forms, API, spreadsheet
import, memo ingest, JSON/CSV export, and shown as "op til ..." on the portal and in the memo."""

from decimal import Decimal

import pytest
from django.urls import reverse

from actionplan.accounts.models import Role
from actionplan.core.services import SYSTEM
from actionplan.ingest import spreadsheets
from actionplan.ingest.memo import _item
from actionplan.ingest.safety import check_upload
from actionplan.ingest.tables import read_table
from actionplan.opendata import json_export, tables
from actionplan.organisations.models import Organisation
from actionplan.plans.models import ActionPlan
from actionplan.projects.models import Grant, Project, ProjectStatus
from actionplan.reports.builder import grant_sentence
from actionplan.workspace.forms import AmountField, UpperBound
from tests import factories
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return factories.organisation(name="Region Test", kind=Organisation.Kind.REGION)


@pytest.fixture
def focus_area(region):
    plan = factories.plan(organisation=region, status=ActionPlan.Status.DRAFT)
    return factories.focus_area(factories.theme(plan))


@pytest.fixture
def staff_client(client, region):
    client.force_login(factories.user("anna", role=Role.EDITOR, organisation=region))
    return client


def test_the_amount_field_refuses_a_bound_unless_allowed():
    with pytest.raises(Exception, match=r"øvre grænse|upper bound"):
        AmountField().clean("op til 2 mio. kr.")
    value = AmountField(allow_bound=True).clean("op til 2 mio. kr.")
    assert isinstance(value, UpperBound) and value == Decimal("2000000")
    assert AmountField(allow_bound=True).prepare_value(value) == "op til 2.000.000 kr."
    assert not isinstance(AmountField(allow_bound=True).clean("2 mio. kr."), UpperBound)


def test_the_workspace_grant_and_budget_forms_keep_the_bound(staff_client, focus_area, region):
    response = staff_client.post(
        reverse("workspace:project_create"),
        {
            "title": "Grøn havn",
            "focus_areas": [focus_area.pk],
            "primary_focus_area": focus_area.pk,
            "lead": region.pk,
            "status": ProjectStatus.STARTED,
            "budget_dkk": "op til 2 mio. kr.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    project = Project.objects.get(title="Grøn havn")
    assert (project.budget_dkk, project.budget_upper_bound) == (Decimal("2000000"), True)
    source = factories.funding_source(name="RUS-puljen")
    response = staff_client.post(
        reverse("workspace:grant_add", args=[project.pk]),
        {"grant-source": source.pk, "grant-amount": "op til 750.000 kr."},
    )
    assert response.status_code == 302
    grant = Grant.objects.get()
    assert (grant.amount, grant.upper_bound) == (Decimal("750000"), True)
    page = staff_client.get(reverse("workspace:project", args=[project.pk])).content.decode()
    assert "op til 2.000.000 kr." in page and "op til 750.000 kr." in page
    # the edit form shows the bound as written, and saving a plain amount clears it
    edit = staff_client.get(reverse("workspace:grant_edit", args=[project.pk, grant.pk]))
    assert "op til 750.000 kr." in edit.content.decode()


def test_the_api_takes_and_gives_the_bound(client, focus_area, region):
    editor = factories.user(is_staff=True, role=Role.EDITOR, plan=focus_area.plan)
    auth = bearer(editor)
    response = client.post(
        "/api/v1/projects",
        {
            "title": "Brint",
            "slug": "brint",
            "focus_areas": [focus_area.pk],
            "budget_dkk": 2000000,
            "budget_upper_bound": True,
        },
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 201, response.content
    assert response.json()["budget_upper_bound"] is True
    source = factories.funding_source(slug="rus-puljen-test")
    response = client.post(
        "/api/v1/projects/brint/grants",
        {"source": source.slug, "amount_dkk": 750000, "upper_bound": True},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 201, response.content
    assert response.json()["upper_bound"] is True
    grant = Grant.objects.get(pk=response.json()["id"])
    assert grant.upper_bound
    response = client.patch(
        f"/api/v1/grants/{grant.pk}",
        {"upper_bound": False},
        content_type="application/json",
        HTTP_IF_MATCH="*",
        **auth,
    )
    assert response.status_code == 200 and response.json()["upper_bound"] is False


def test_a_spreadsheet_budget_written_op_til_is_kept_as_a_bound(focus_area):
    text = "Projekttitel;Projektejer;Budget\nKildeplads;Region Test;op til 2 mio. kr.\n"
    table = read_table(check_upload("projekter.csv", text.encode()))
    rows = spreadsheets.rows_parse(table, spreadsheets.mapping_for(table, "projekter"))
    spreadsheets.projects_import(actor=SYSTEM, file=table.name, rows=rows)
    project = Project.objects.get(title="Kildeplads")
    assert (project.budget_dkk, project.budget_upper_bound) == (Decimal("2000000"), True)


def test_the_memo_reader_keeps_the_bound():
    item = _item("Havnebad: Der er bevilget op til 2 mio. kr. til projektet.")
    assert item["amounts"][0]["upper_bound"] is True
    assert item["amounts"][0]["amount"] == "2000000"


def test_exports_portal_and_memo_say_op_til(client):
    area = factories.focus_area()
    project = factories.project(
        [area], title="Havnebad", budget_dkk=Decimal("2000000"), budget_upper_bound=True
    )
    grant = factories.grant(project, "2000000", upper_bound=True)
    document = json_export.build(area.plan)
    exported = next(p for p in document["projects"] if p["title"] == "Havnebad")
    assert exported["budget_upper_bound"] is True and exported["grants"][0]["upper_bound"] is True
    rows = tables.project_rows(exported)
    headers = tables.PROJECTS.headers
    assert rows["projekter"][0][headers.index("Budget er et loft (op til)")] == "ja"
    grant_headers = tables.GRANTS.headers
    assert rows["bevillinger"][0][grant_headers.index("Beløb er et loft (op til)")] == "ja"
    assert "bevilget op til 2 mio. kr. fra" in grant_sentence(grant, project.title)
    page = client.get(reverse("portal:project", args=[project.slug])).content.decode()
    assert "op til 2 mio. kr." in page and "op til 2.000.000 kr." in page
