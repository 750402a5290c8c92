"""Drafts, unpublished projects, unpublished rounds and personal data never reach the portal."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from actionplan.core.services import SYSTEM
from actionplan.plans.models import ActionPlan
from actionplan.projects import services as projects
from actionplan.projects.models import Participation, ProjectStatus
from actionplan.rounds.models import StatusRound
from actionplan.rounds.services import (
    assessment_create,
    round_create,
    status_update_create,
    update_approve,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_area():
    plan = factories.plan(title="Offentlig plan")
    return factories.focus_area(factories.theme(plan), title="Offentligt indsatsområde")


def portal_pages(plan, area, project=None, organisation=None):
    urls = [
        f"/planer/{plan.slug}/",
        f"/en/planer/{plan.slug}/",
        f"/planer/{plan.slug}/{area.slug}/",
        "/projekter/?q=hemmelig",
        "/projekter/",
    ]
    if project is not None:
        urls.append(f"/projekter/{project.slug}/")
    if organisation is not None:
        urls.append(f"/organisationer/{organisation.slug}/")
    return urls


def test_an_unpublished_project_is_nowhere(client, published_area):
    org = factories.organisation(name="Leder")
    hidden = factories.project(
        [published_area], title="Hemmeligt projekt", is_published=False, lead=org
    )
    factories.grant(hidden, "7700000")
    visible = factories.project([published_area], title="Synligt projekt", lead=org)
    for url in portal_pages(published_area.plan, published_area, visible, org):
        page = client.get(url).content.decode()
        assert "Hemmeligt projekt" not in page, url
        assert "7,7 mio. kr." not in page and "DKK 7.7m" not in page, url
    assert client.get(f"/projekter/{hidden.slug}/").status_code == 404


def test_a_draft_plans_focus_areas_do_not_show_on_a_published_project(client, published_area):
    draft = factories.plan(title="Kladdeplan", status=ActionPlan.Status.DRAFT)
    draft_area = factories.focus_area(
        factories.theme(draft, title="Kladdetema"), title="Kladdeområde"
    )
    project = factories.project([published_area, draft_area], title="Delt projekt")
    for url in [f"/projekter/{project.slug}/", "/projekter/?q=delt", f"/planer/{draft.slug}/"]:
        page = client.get(url).content.decode()
        assert "Kladdeområde" not in page and "Kladdetema" not in page, url
        assert "Kladdeplan" not in page, url


def test_filter_choices_offer_no_draft_themes_or_areas(client):
    draft = factories.plan(status=ActionPlan.Status.DRAFT)
    factories.focus_area(factories.theme(draft, title="Kladdetema X"), title="Kladdeområde X")
    page = client.get("/projekter/").content.decode()
    assert "Kladdetema X" not in page and "Kladdeområde X" not in page


def test_unpublished_rounds_keep_their_updates_and_assessments(client, published_area):
    project = factories.project([published_area], title="Rundeprojekt")
    open_round = round_create(
        actor=SYSTEM,
        plan=published_area.plan,
        name="Åben runde",
        slug="aaben",
        reference_date=dt.date(2022, 1, 1),
        state=StatusRound.State.OPEN,
    )
    status_update_create(
        actor=SYSTEM,
        project=project,
        date=dt.date(2022, 1, 5),
        status=ProjectStatus.STARTED,
        narrative="Udkast til status",
        round=open_round,
    )
    assessment_create(
        actor=SYSTEM, round=open_round, focus_area=published_area, text="Foreløbig vurdering"
    )
    for url in portal_pages(published_area.plan, published_area, project):
        page = client.get(url).content.decode()
        assert "Udkast til status" not in page, url
        assert "Foreløbig vurdering" not in page, url


def test_no_personal_data_from_update_authors(client, published_area):
    person = get_user_model().objects.create_user(
        username="jensjensen",
        email="jens.jensen@example.dk",
        first_name="Jens",
        last_name="Hemmeligsen",
        password="a-long-test-password",
        is_staff=True,
        is_superuser=True,
    )
    project = factories.project([published_area], title="Persondataprojekt")
    request = status_update_create(
        actor=person,
        project=project,
        date=dt.date(2022, 2, 1),
        status=ProjectStatus.STARTED,
        narrative="Godt i gang.",
    )
    update_approve(actor=person, request=request)
    page = client.get(f"/projekter/{project.slug}/").content.decode()
    assert "1. februar 2022" in page  # the update itself is public
    for secret in ("jensjensen", "jens.jensen@example.dk", "Hemmeligsen"):
        assert secret not in page


def test_organisation_page_shows_only_published_projects(client):
    org = factories.organisation(name="Partner A")
    hidden = factories.project(title="Skjult partnerprojekt", is_published=False)
    projects.participation_add(
        actor=SYSTEM, project=hidden, organisation=org, role=Participation.Role.IMPLEMENTING
    )
    page = client.get(f"/organisationer/{org.slug}/").content.decode()
    assert "Skjult partnerprojekt" not in page
