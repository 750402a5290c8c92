import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.accounts.models import Role
from actionplan.core.dates import Precision
from actionplan.core.models import AuditEvent
from actionplan.core.services import SYSTEM, version_of
from actionplan.organisations.models import Organisation
from actionplan.plans.models import ActionPlan
from actionplan.projects import services as project_services
from actionplan.projects.models import CoFunding, Grant, Participation, Project, ProjectStatus
from actionplan.projects.selectors import project_history
from actionplan.rounds.models import StatusUpdate, UpdateRequest
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return factories.organisation(name="Region Test", kind=Organisation.Kind.REGION)


@pytest.fixture
def focus_area(region):
    plan = factories.plan(organisation=region, status=ActionPlan.Status.DRAFT)
    return factories.focus_area(factories.theme(plan))


@pytest.fixture
def editor(region):
    return factories.user("anna", role=Role.EDITOR, organisation=region)


@pytest.fixture
def project(focus_area):
    return factories.project([focus_area], title="Grøn omstilling", is_published=False)


@pytest.fixture
def staff_client(client, editor):
    client.force_login(editor)
    return client


def page_url(project):
    return reverse("workspace:project", args=[project.pk])


def other_organisations_project():
    return factories.project(title="Andres projekt", is_published=True)


# -- the list ------------------------------------------------------------------------------


def test_the_list_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get(reverse("workspace:projects"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("workspace:login"))


def test_the_list_shows_own_drafts_and_not_other_organisations_projects(staff_client, project):
    other_organisations_project()
    response = staff_client.get(reverse("workspace:projects"))
    assert list(response.context["page"].object_list) == [project]
    assert "Andres projekt" not in response.content.decode()


def test_the_list_filters_by_status(staff_client, focus_area, project):
    factories.project([focus_area], title="Afsluttet", status=ProjectStatus.COMPLETED)
    response = staff_client.get(reverse("workspace:projects"), {"status": "completed"})
    assert [p.title for p in response.context["page"].object_list] == ["Afsluttet"]


def test_the_list_filters_by_plan(staff_client, region, focus_area, project):
    second_plan = factories.plan(organisation=region)
    in_second = factories.project([factories.focus_area(factories.theme(second_plan))])
    response = staff_client.get(reverse("workspace:projects"), {"plan": second_plan.pk})
    assert list(response.context["page"].object_list) == [in_second]


def test_the_list_filters_by_focus_area(staff_client, region, focus_area, project):
    other_area = factories.focus_area(focus_area.theme)
    in_other = factories.project([other_area])
    response = staff_client.get(reverse("workspace:projects"), {"focus_area": other_area.pk})
    assert list(response.context["page"].object_list) == [in_other]


def test_the_list_search_folds_danish_letters(staff_client, focus_area, project):
    factories.project([focus_area], title="Cykelstier")
    response = staff_client.get(reverse("workspace:projects"), {"q": "GRØN"})
    assert list(response.context["page"].object_list) == [project]


def test_a_search_beyond_the_cap_pages_the_first_found_and_says_so(
    staff_client, focus_area, monkeypatch
):
    """Ordering every match of a broad word sorted them all (360 ms for "a" at 100.000
    projects): beyond the cap the list shows the first matches found, in the chosen order."""
    from actionplan.core.paging import CappedPaginator
    from actionplan.workspace import projects as views

    class SmallCap(CappedPaginator):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, cap=2, **kwargs)

    monkeypatch.setattr(views, "CappedPaginator", SmallCap)
    for title in ("Klima C", "Klima A", "Klima B"):
        factories.project([focus_area], title=title)
    response = staff_client.get(reverse("workspace:projects"), {"q": "klima"})
    page = response.context["page"]
    assert page.paginator.sampled
    titles = [p.title for p in page.object_list]
    assert len(titles) == 2 and titles == sorted(titles)
    assert "her er de første 2 fundne i den valgte rækkefølge" in response.content.decode()
    unsearched = staff_client.get(reverse("workspace:projects"))
    assert not unsearched.context["page"].paginator.sampled


def test_the_list_is_paged(staff_client, focus_area):
    for n in range(30):
        factories.project([focus_area], title=f"Projekt {n:02d}")
    response = staff_client.get(reverse("workspace:projects"), {"side": 2})
    titles = [p.title for p in response.context["page"].object_list]
    assert titles == [f"Projekt {n}" for n in range(25, 30)]


def _list_queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("workspace:projects"), params)
    assert response.status_code == 200
    return len(queries)


def test_the_list_takes_as_many_queries_for_50_projects_as_for_1(staff_client, focus_area):
    lead = factories.organisation()
    first = factories.project([focus_area], lead=lead)
    factories.grant(first)
    one = _list_queries(staff_client)
    for _ in range(49):
        made = factories.project([focus_area], lead=factories.organisation())
        factories.grant(made)
    fifty = _list_queries(staff_client)
    assert one == fifty


# -- create and edit -----------------------------------------------------------------------


def test_an_editor_creates_a_project_with_month_precision_dates_and_danish_amounts(
    staff_client, focus_area, region
):
    second = factories.focus_area(focus_area.theme)
    response = staff_client.post(
        reverse("workspace:project_create"),
        {
            "title": "Grøn Østerbro",
            "description": "Mere grønt.",
            "focus_areas": [focus_area.pk, second.pk],
            "primary_focus_area": second.pk,
            "lead": region.pk,
            "status": ProjectStatus.STARTED,
            "start": "august 2021",
            "end": "2022",
            "sdgs": ["13", "3"],
            "budget_dkk": "4.300.000",
            "is_published": "on",
        },
    )
    project = Project.objects.get(title="Grøn Østerbro")
    assert response.status_code == 302
    assert response["Location"] == page_url(project)
    assert project.slug == "groen-oesterbro"
    assert (project.start, project.start_precision) == (dt.date(2021, 8, 1), Precision.MONTH)
    assert (project.end, project.end_precision) == (dt.date(2022, 12, 31), Precision.YEAR)
    assert project.budget_dkk == Decimal("4300000")
    assert project.sdgs == [3, 13]
    assert project.focus_area_links.get(is_primary=True).focus_area == second


def test_a_missing_title_is_explained_in_danish_next_to_the_field(staff_client, focus_area):
    response = staff_client.post(
        reverse("workspace:project_create"),
        {"title": "", "focus_areas": [focus_area.pk], "status": ProjectStatus.IDEA},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_title-error"' in html
    assert "Dette felt er påkrævet." in html.split('id="id_title-error"')[1].split("</span>")[1]
    assert not Project.objects.exists()


def test_a_reporter_may_not_open_the_create_form(client, project):
    client.force_login(factories.user(role=Role.REPORTER, project=project))
    assert client.get(reverse("workspace:project_create")).status_code == 403


def _edit_data(project, **values):
    link = project.focus_area_links.get()
    return {
        "version": version_of(project),
        "title": project.title,
        "slug": project.slug,
        "description": project.description,
        "focus_areas": [link.focus_area_id],
        "status": project.status,
        **values,
    }


def test_the_second_of_two_edits_opened_together_is_refused_and_the_first_survives(
    client, staff_client, project, region
):
    opened_by_both = _edit_data(project)
    first = staff_client.post(
        reverse("workspace:project_edit", args=[project.pk]), {**opened_by_both, "title": "Først"}
    )
    assert first.status_code == 302
    client.force_login(factories.user("bo", role=Role.EDITOR, organisation=region))
    second = client.post(
        reverse("workspace:project_edit", args=[project.pk]), {**opened_by_both, "title": "Anden"}
    )
    assert second.status_code == 200
    assert "anna" in second.content.decode()  # who changed it in the meantime
    assert second.context["form"].non_field_errors()
    assert Project.objects.get(pk=project.pk).title == "Først"


def test_editing_clears_a_date_and_moves_the_primary_focus_area(staff_client, project, focus_area):
    project_services.project_update(actor=SYSTEM, project=project, start="2020-03")
    project.refresh_from_db()
    second = factories.focus_area(focus_area.theme)
    response = staff_client.post(
        reverse("workspace:project_edit", args=[project.pk]),
        _edit_data(
            project, start="", focus_areas=[focus_area.pk, second.pk], primary_focus_area=second.pk
        ),
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.start is None
    assert project.focus_area_links.get(is_primary=True).focus_area == second
    assert project.focus_area_links.count() == 2


def test_another_organisations_project_answers_404(staff_client):
    other = other_organisations_project()
    assert staff_client.get(page_url(other)).status_code == 404
    assert staff_client.get(reverse("workspace:project_edit", args=[other.pk])).status_code == 404
    response = staff_client.post(reverse("workspace:grant_add", args=[other.pk]), {})
    assert response.status_code == 404


# -- grants --------------------------------------------------------------------------------


def _grant_data(source, **values):
    return {
        "grant-source": source.pk,
        "grant-amount": "1,1 mio. kr.",
        "grant-decided": "juni 2020",
        "grant-decided_by": "Regionsrådet",
        "grant-note": "",
        **values,
    }


def test_a_grant_added_with_htmx_returns_the_updated_grants_section(staff_client, project):
    source = factories.funding_source(name="RUS-puljen")
    response = staff_client.post(
        reverse("workspace:grant_add", args=[project.pk]),
        _grant_data(source),
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="grants"' in html
    assert "1.100.000 kr." in html
    assert 'hx-swap-oob="true"' in html  # the history is refreshed too
    grant = Grant.objects.get()
    assert (grant.decided_on, grant.decided_precision) == (dt.date(2020, 6, 1), Precision.MONTH)


@pytest.mark.parametrize("text", ["1,1 mio. kr.", "4.300.000", "4300000"])
def test_a_grant_added_without_javascript_redirects_to_the_grants(staff_client, project, text):
    source = factories.funding_source()
    response = staff_client.post(
        reverse("workspace:grant_add", args=[project.pk]),
        _grant_data(source, **{"grant-amount": text}),
    )
    assert response.status_code == 302
    assert response["Location"] == page_url(project) + "#grants"
    expected = {"1,1 mio. kr.": "1100000", "4.300.000": "4300000", "4300000": "4300000"}[text]
    assert Grant.objects.get().amount == Decimal(expected)


def test_an_amount_that_is_not_one_is_refused_next_to_the_field(staff_client, project):
    source = factories.funding_source()
    response = staff_client.post(
        reverse("workspace:grant_add", args=[project.pk]),
        _grant_data(source, **{"grant-amount": "mange penge"}),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'id="id_grant-amount-error"' in response.content.decode()
    assert not Grant.objects.exists()


def _grant_edit_data(grant, **values):
    grant = Grant.objects.get(pk=grant.pk)  # the stored values, as the edit form shows them
    return {
        "grant-version": version_of(grant),
        "grant-source": grant.source_id,
        "grant-amount": str(grant.amount),
        "grant-decided": "",
        "grant-decided_by": grant.decided_by,
        "grant-note": grant.note,
        **values,
    }


def test_the_second_of_two_grant_edits_opened_together_is_refused(
    client, staff_client, project, region
):
    grant = factories.grant(project, amount="1000000")
    url = reverse("workspace:grant_edit", args=[project.pk, grant.pk])
    opened_by_both = _grant_edit_data(grant)
    assert staff_client.post(url, {**opened_by_both, "grant-amount": "1,1 mio."}).status_code == 302
    client.force_login(factories.user("bo", role=Role.EDITOR, organisation=region))
    second = client.post(url, {**opened_by_both, "grant-amount": "2 mio. kr."})
    assert second.status_code == 200
    assert second.context["form"].non_field_errors()
    assert Grant.objects.get(pk=grant.pk).amount == Decimal("1100000")


def test_a_grant_edit_with_another_project_in_the_post_stays_on_its_project(
    staff_client, project, focus_area
):
    elsewhere = factories.project([focus_area])
    grant = factories.grant(project)
    staff_client.post(
        reverse("workspace:grant_edit", args=[project.pk, grant.pk]),
        {**_grant_edit_data(grant), "grant-project": elsewhere.pk, "project": elsewhere.pk},
    )
    assert Grant.objects.get(pk=grant.pk).project == project


def test_the_history_tells_a_grants_amount_change_in_danish_money(staff_client, project):
    grant = factories.grant(project, amount="1000000")
    staff_client.post(
        reverse("workspace:grant_edit", args=[project.pk, grant.pk]),
        _grant_edit_data(grant, **{"grant-amount": "1.100.000"}),
    )
    changes = [change for item in project_history(project) for change in item.entry.changes]
    assert any((c.before, c.after) == ("1.000.000 kr.", "1.100.000 kr.") for c in changes), changes
    response = staff_client.get(page_url(project))
    assert "1.100.000 kr." in response.content.decode().split('id="history"')[1]


def test_a_deleted_grants_events_stay_in_the_projects_history(staff_client, project):
    grant = factories.grant(project)
    response = staff_client.post(
        reverse("workspace:grant_delete", args=[project.pk, grant.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert not Grant.objects.exists()
    actions = [item.entry.action for item in project_history(project) if item.about_part]
    assert AuditEvent.Action.DELETE in actions and AuditEvent.Action.CREATE in actions


def test_the_history_leaves_out_other_projects_grants(project, focus_area):
    other = factories.project([focus_area])
    factories.grant(other)
    labels = [item.object_label for item in project_history(project) if item.about_part]
    assert all("Pulje" not in label for label in labels)


# -- co-funding and partners ---------------------------------------------------------------


def test_co_funding_with_an_unknown_amount_is_added(staff_client, project):
    source = factories.funding_source(name="Interreg")
    response = staff_client.post(
        reverse("workspace:cofunding_add", args=[project.pk]),
        {
            "cofunding-source": source.pk,
            "cofunding-amount": "",
            "cofunding-status": CoFunding.Status.APPLIED,
            "cofunding-year": "2021",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    item = CoFunding.objects.get()
    assert (item.amount, item.status, item.year) == (None, "applied", 2021)
    assert "Interreg" in response.content.decode()


def test_co_funding_is_edited_and_deleted(staff_client, project):
    item = project_services.cofunding_create(
        actor=SYSTEM, project=project, source=factories.funding_source(), status="planned"
    )
    url = reverse("workspace:cofunding_edit", args=[project.pk, item.pk])
    response = staff_client.post(
        url,
        {
            "cofunding-version": version_of(item),
            "cofunding-source": item.source_id,
            "cofunding-amount": "250.000",
            "cofunding-status": "granted",
            "cofunding-year": "",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.amount, item.status) == (Decimal("250000"), "granted")
    staff_client.post(reverse("workspace:cofunding_delete", args=[project.pk, item.pk]))
    assert not CoFunding.objects.exists()


def test_a_partner_gets_several_iati_roles_and_loses_one(staff_client, project):
    partner = factories.organisation(name="DTU")
    staff_client.post(
        reverse("workspace:partner_add", args=[project.pk]),
        {"partner-organisation": partner.pk, "partner-roles": ["funding", "implementing"]},
    )
    roles = set(Participation.objects.filter(project=project).values_list("role", flat=True))
    assert roles == {"funding", "implementing"}
    funding = Participation.objects.get(role="funding")
    response = staff_client.post(
        reverse("workspace:partner_remove", args=[project.pk, funding.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert list(Participation.objects.values_list("role", flat=True)) == ["implementing"]


# -- status updates and reporters ----------------------------------------------------------


def _update_data(**values):
    return {
        "update-date": "2021-11-22",
        "update-status": ProjectStatus.STARTED,
        "update-progress": "40",
        "update-narrative": "Første etape er færdig.",
        **values,
    }


def test_a_status_update_added_with_htmx_shows_in_the_returned_section(staff_client, project):
    response = staff_client.post(
        reverse("workspace:update_add", args=[project.pk]), _update_data(), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    submitted = UpdateRequest.objects.get()
    # Submitted, waiting for approval like any update: listed as such, not yet an update.
    assert reverse("workspace:update_request", args=[submitted.pk]) in response.content.decode()
    assert (submitted.state, submitted.progress, submitted.round) == ("submitted", 40, None)
    assert not StatusUpdate.objects.exists()


def test_a_progress_over_100_is_refused(staff_client, project):
    response = staff_client.post(
        reverse("workspace:update_add", args=[project.pk]),
        _update_data(**{"update-progress": "140"}),
    )
    assert response.status_code == 200
    assert 'id="id_update-progress-error"' in response.content.decode()
    assert not StatusUpdate.objects.exists() and not UpdateRequest.objects.exists()


@pytest.fixture
def reporter_client(client, project):
    client.force_login(factories.user("rita", role=Role.REPORTER, project=project))
    return client


def test_a_reporter_opens_their_project_without_edit_controls(reporter_client, project):
    response = reporter_client.get(page_url(project))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("workspace:update_add", args=[project.pk]) in html
    assert reverse("workspace:grant_add", args=[project.pk]) not in html
    assert reverse("workspace:project_edit", args=[project.pk]) not in html


def test_a_reporter_lists_only_their_own_project(reporter_client, project, focus_area):
    factories.project([focus_area], title="Naboprojekt")
    response = reporter_client.get(reverse("workspace:projects"))
    assert list(response.context["page"].object_list) == [project]


def test_a_reporter_gets_404_for_another_project(reporter_client, focus_area):
    neighbour = factories.project([focus_area], is_published=False)
    assert reporter_client.get(page_url(neighbour)).status_code == 404
    response = reporter_client.post(
        reverse("workspace:update_add", args=[neighbour.pk]), _update_data()
    )
    assert response.status_code == 404
    assert not StatusUpdate.objects.exists()


def test_a_reporters_update_with_extra_fields_changes_nothing_else(reporter_client, project):
    grant = factories.grant(project, amount="1000000")
    before = version_of(Project.objects.get(pk=project.pk))
    response = reporter_client.post(
        reverse("workspace:update_add", args=[project.pk]),
        _update_data(
            **{
                "title": "Kapret",
                "is_published": "on",
                "amount": "9 mio. kr.",
                "grant-amount": "9 mio. kr.",
                "status": ProjectStatus.CANCELLED,
                "update-project": "999",
            }
        ),
    )
    assert response.status_code == 302
    assert UpdateRequest.objects.get().project == project
    assert version_of(Project.objects.get(pk=project.pk)) == before
    assert Grant.objects.get(pk=grant.pk).amount == Decimal("1000000")


def test_a_reporter_may_not_add_or_change_grants(reporter_client, project):
    grant = factories.grant(project, amount="1000000")
    source = factories.funding_source()
    assert (
        reporter_client.post(
            reverse("workspace:grant_add", args=[project.pk]), _grant_data(source)
        ).status_code
        == 403
    )
    response = reporter_client.post(
        reverse("workspace:grant_edit", args=[project.pk, grant.pk]),
        _grant_edit_data(grant, **{"grant-amount": "9 mio. kr."}),
    )
    assert response.status_code == 403
    assert Grant.objects.get().amount == Decimal("1000000")


def test_a_reader_sees_the_page_but_may_not_post(client, region, project):
    client.force_login(factories.user(role=Role.READER, organisation=region))
    assert client.get(page_url(project)).status_code == 200
    response = client.post(reverse("workspace:update_add", args=[project.pk]), _update_data())
    assert response.status_code == 403
    assert not StatusUpdate.objects.exists()


# -- the public page ---------------------------------------------------------------------------


def test_a_grant_and_an_update_added_in_the_workspace_show_on_the_public_page(
    staff_client, client, project
):
    project_services.project_update(actor=SYSTEM, project=project, is_published=True)
    source = factories.funding_source(name="RUS-puljen")
    staff_client.post(reverse("workspace:grant_add", args=[project.pk]), _grant_data(source))
    staff_client.post(reverse("workspace:update_add", args=[project.pk]), _update_data())
    submitted = UpdateRequest.objects.get(project=project)
    html = client.get(reverse("portal:project", args=[project.slug])).content.decode()
    assert "Første etape er færdig." not in html  # until approved
    staff_client.post(
        reverse("workspace:update_request_review", args=[submitted.pk]), {"action": "approve"}
    )
    staff_client.logout()
    response = client.get(reverse("portal:project", args=[project.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "RUS-puljen" in html
    assert "1,1 mio. kr." in html
    assert "Første etape er færdig." in html


def test_a_draft_projects_public_page_answers_404(staff_client, client, project):
    staff_client.post(reverse("workspace:update_add", args=[project.pk]), _update_data())
    staff_client.logout()
    assert client.get(reverse("portal:project", args=[project.slug])).status_code == 404


# -- organisations -------------------------------------------------------------------------


def test_an_editor_adds_an_organisation_with_a_cvr_number(staff_client):
    response = staff_client.post(
        reverse("workspace:organisation_create"),
        {"name": "Københavns Kommune", "kind": "municipality", "cvr": "6477 4728"},
    )
    assert response.status_code == 302
    made = Organisation.objects.get(name="Københavns Kommune")
    assert (made.slug, made.cvr, made.kind) == ("koebenhavns-kommune", "64774728", "municipality")


def test_a_cvr_number_of_the_wrong_length_is_refused_next_to_the_field(staff_client):
    response = staff_client.post(
        reverse("workspace:organisation_create"),
        {"name": "Firma", "kind": "company", "cvr": "123"},
    )
    assert response.status_code == 200
    assert 'id="id_cvr-error"' in response.content.decode()
    assert not Organisation.objects.filter(name="Firma").exists()


def test_an_organisation_is_renamed(staff_client):
    organisation = factories.organisation(name="Gammelt navn")
    response = staff_client.post(
        reverse("workspace:organisation_edit", args=[organisation.pk]),
        {"version": version_of(organisation), "name": "Nyt navn", "kind": "other", "cvr": ""},
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Nyt navn"


def test_a_reporter_may_not_add_organisations(reporter_client):
    response = reporter_client.post(
        reverse("workspace:organisation_create"), {"name": "X", "kind": "other"}
    )
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="X").exists()


def _organisation_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("workspace:organisations"))
    assert response.status_code == 200
    return len(queries)


def test_the_organisation_list_takes_as_many_queries_for_50_as_for_1(client, staff):
    client.force_login(staff)
    factories.organisation()
    one = _organisation_queries(client)
    for _ in range(49):
        factories.organisation()
    assert _organisation_queries(client) == one


def test_an_editor_of_one_project_edits_it_without_touching_its_plan_links(client, project):
    client.force_login(factories.user(role=Role.EDITOR, project=project))
    data = _edit_data(project, title="Nyt navn")
    del data["focus_areas"]
    response = client.post(reverse("workspace:project_edit", args=[project.pk]), data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Nyt navn"
    assert project.focus_area_links.count() == 1


def test_staff_give_a_postcode_and_the_project_lands_in_its_municipality(staff_client, project):
    url = reverse("workspace:project_edit", args=[project.pk])
    refused = staff_client.post(url, _edit_data(project, postcode="0000"))
    assert refused.status_code == 200 and refused.context["form"].errors["postcode"]
    response = staff_client.post(url, _edit_data(project, postcode="DK-8000 Aarhus C"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.postcode == "8000"
    assert 751 in set(project.municipality_links.values_list("code", flat=True))
