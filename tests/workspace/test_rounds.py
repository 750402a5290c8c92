import datetime as dt
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.accounts.models import Role
from actionplan.core.services import SYSTEM
from actionplan.rounds.models import FocusAreaAssessment, StatusRound, UpdateRequest
from actionplan.rounds.services import (
    assessment_save,
    round_close,
    round_open,
    update_submit,
)
from tests import factories
from tests.rounds.fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(region):
    return factories.user(role=Role.READER, organisation=region)


def request_of(status_round, project):
    return UpdateRequest.objects.get(round=status_round, project=project)


def update_url(request):
    return reverse("workspace:update_request", kwargs={"pk": request.pk})


# -- access -----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("workspace:rounds"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("workspace:login"))


def test_another_organisations_round_answers_404(client, status_round):
    client.force_login(factories.user(role=Role.EDITOR, organisation=factories.organisation()))
    response = client.get(reverse("workspace:round", kwargs={"pk": status_round.pk}))
    assert response.status_code == 404


def test_a_reader_sees_the_round_but_may_not_close_it(client, status_round, reader):
    client.force_login(reader)
    assert client.get(reverse("workspace:round", kwargs={"pk": status_round.pk})).status_code == 200
    response = client.post(reverse("workspace:round_close", kwargs={"pk": status_round.pk}))
    assert response.status_code == 403
    status_round.refresh_from_db()
    assert status_round.state == StatusRound.State.OPEN


# -- opening a round --------------------------------------------------------------------------


def test_staff_open_a_round_and_each_active_project_is_asked(
    client, plan, editor, project_a, project_b
):
    client.force_login(editor)
    response = client.post(
        reverse("workspace:round_new"),
        {
            "plan": plan.pk,
            "name": "Status 2025",
            "reference_date": "01.09.2025",
            "deadline": "2025-09-30",
        },
    )
    created = StatusRound.objects.get(plan=plan)
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:round", kwargs={"pk": created.pk})
    assert (created.slug, created.deadline) == ("status-2025", dt.date(2025, 9, 30))
    assert set(created.requests.values_list("project", flat=True)) == {project_a.pk, project_b.pk}


def test_a_deadline_before_the_reference_date_is_refused_next_to_the_field(client, plan, editor):
    client.force_login(editor)
    response = client.post(
        reverse("workspace:round_new"),
        {
            "plan": plan.pk,
            "name": "Status",
            "reference_date": "2025-09-01",
            "deadline": "2025-08-01",
        },
    )
    assert response.status_code == 200
    assert "deadline" in response.context["form"].errors
    assert not StatusRound.objects.filter(plan=plan).exists()


def test_a_second_round_with_the_same_name_is_refused(client, status_round, plan, editor):
    client.force_login(editor)
    response = client.post(
        reverse("workspace:round_new"),
        {"plan": plan.pk, "name": "Status 2024", "reference_date": "2024-10-01"},
    )
    assert "name" in response.context["form"].errors
    assert StatusRound.objects.filter(plan=plan).count() == 1


def test_a_plan_the_user_does_not_edit_cannot_be_chosen(client, editor):
    other_plan = factories.plan()
    client.force_login(editor)
    response = client.post(
        reverse("workspace:round_new"),
        {"plan": other_plan.pk, "name": "Status", "reference_date": "2024-10-01"},
    )
    assert "plan" in response.context["form"].errors
    assert not StatusRound.objects.filter(plan=other_plan).exists()


def test_a_project_lead_may_not_open_rounds(client, lead_a):
    client.force_login(lead_a)
    assert client.get(reverse("workspace:round_new")).status_code == 403


# -- completeness -----------------------------------------------------------------------------


def test_the_round_page_shows_who_has_reported_and_who_is_late(
    client, status_round, project_a, lead_a, editor
):
    update_submit(
        actor=lead_a, request=request_of(status_round, project_a), status="started", narrative="Ok"
    )
    client.force_login(editor)
    response = client.get(reverse("workspace:round", kwargs={"pk": status_round.pk}))
    completeness = response.context["completeness"]
    (area,) = completeness.focus_areas
    # Counts, not rows: a national round asks 100.000 projects (the rows are the paged lists).
    assert (area.requested, area.reported, area.late) == (2, 1, 1)  # deadline 15.09.2024 passed
    assert (completeness.requested, completeness.reported, completeness.late) == (2, 1, 1)
    overdue = client.get(
        reverse("workspace:cockpit_requests"), {"runde": status_round.pk, "tilstand": "overdue"}
    )
    assert [row.project.title for row in overdue.context["page"]] == ["Projekt B"]


# -- the lead's update ------------------------------------------------------------------------


def test_a_lead_lists_only_their_own_update_requests(client, status_round, project_a, lead_a):
    client.force_login(lead_a)
    response = client.get(reverse("workspace:my_update_requests"))
    assert [r.project for r in response.context["requests"]] == [project_a]


def test_another_leads_update_request_answers_404(client, status_round, project_b, lead_a):
    client.force_login(lead_a)
    url = update_url(request_of(status_round, project_b))
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "submit", "narrative": "Nej"}).status_code == 404
    assert request_of(status_round, project_b).narrative == ""


def test_a_lead_saves_a_draft_with_spending_and_milestones(client, status_round, project_a, lead_a):
    request = request_of(status_round, project_a)
    client.force_login(lead_a)
    page = client.get(update_url(request))
    response = client.post(
        update_url(request),
        {
            "version": page.context["form"].initial["version"],
            "action": "draft",
            "status": "started",
            "progress": "40",
            "narrative": "Godt i gang.",
            "spent_dkk": "1,1 mio. kr.",
            "milestone_1_date": "marts 2025",
            "milestone_1_title": "Pilot klar",
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.state, request.progress, str(request.spent_dkk)) == ("draft", 40, "1100000.00")
    milestones = [(m.title, m.when.iso()) for m in request.milestones.all()]
    assert milestones == [("Pilot klar", "2025-03")]


def test_submitting_without_a_narrative_shows_the_danish_error_next_to_the_field(
    client, status_round, project_a, lead_a
):
    request = request_of(status_round, project_a)
    client.force_login(lead_a)
    response = client.post(
        update_url(request), {"action": "submit", "status": "started"}, HTTP_ACCEPT_LANGUAGE="da"
    )
    assert response.status_code == 200
    assert response.context["form"].errors["narrative"] == [
        "Skriv, hvordan det går med projektet, før du indsender."
    ]
    assert 'id="id_narrative-error"' in response.content.decode()
    request.refresh_from_db()
    assert request.state == UpdateRequest.State.DRAFT


def test_a_progress_above_100_is_refused_next_to_the_field(client, status_round, project_a, lead_a):
    client.force_login(lead_a)
    response = client.post(
        update_url(request_of(status_round, project_a)), {"action": "draft", "progress": "140"}
    )
    assert "progress" in response.context["form"].errors


def test_a_milestone_without_a_title_is_refused_next_to_the_field(
    client, status_round, project_a, lead_a
):
    request = request_of(status_round, project_a)
    client.force_login(lead_a)
    response = client.post(update_url(request), {"action": "draft", "milestone_1_date": "2025"})
    assert "milestone_1_title" in response.context["form"].errors
    assert not request.milestones.exists()


def test_a_lead_submits_the_update(client, status_round, project_a, lead_a):
    request = request_of(status_round, project_a)
    client.force_login(lead_a)
    client.post(
        update_url(request), {"action": "submit", "status": "started", "narrative": "Godt."}
    )
    request.refresh_from_db()
    assert (request.state, request.submitted_by) == (UpdateRequest.State.SUBMITTED, lead_a)


def test_a_save_from_a_stale_form_is_refused_and_the_first_save_survives(
    client, status_round, project_a, lead_a, editor
):
    request = request_of(status_round, project_a)
    client.force_login(lead_a)
    version = client.get(update_url(request)).context["form"].initial["version"]
    first = {"version": version, "action": "draft", "narrative": "Først"}
    assert client.post(update_url(request), first).status_code == 302
    client.force_login(editor)
    response = client.post(
        update_url(request), {"version": version, "action": "draft", "narrative": "Anden"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    request.refresh_from_db()
    assert request.narrative == "Først"


# -- review -----------------------------------------------------------------------------------


@pytest.fixture
def submitted(status_round, project_a, lead_a):
    return update_submit(
        actor=lead_a, request=request_of(status_round, project_a), status="started", narrative="Ok"
    )


def review_url(request):
    return reverse("workspace:update_request_review", kwargs={"pk": request.pk})


def test_staff_approve_a_submitted_update_and_who_and_when_are_shown(client, submitted, editor):
    client.force_login(editor)
    client.post(review_url(submitted), {"action": "approve", "review_comment": "Fint"})
    submitted.refresh_from_db()
    assert (submitted.state, submitted.reviewed_by) == (UpdateRequest.State.APPROVED, editor)
    page = client.get(update_url(submitted))
    assert editor.get_username() in page.content.decode()
    assert "Fint" in page.content.decode()


def test_returning_an_update_needs_a_comment(client, submitted, editor):
    client.force_login(editor)
    response = client.post(review_url(submitted), {"action": "return", "review_comment": ""})
    assert response.status_code == 400
    assert "review_comment" in response.context["review_form"].errors
    submitted.refresh_from_db()
    assert submitted.state == UpdateRequest.State.SUBMITTED


def test_staff_return_an_update_with_a_comment(client, submitted, editor):
    client.force_login(editor)
    client.post(review_url(submitted), {"action": "return", "review_comment": "Mangler tal"})
    submitted.refresh_from_db()
    assert (submitted.state, submitted.review_comment) == ("returned", "Mangler tal")


def test_a_lead_may_not_approve_their_own_update(client, submitted, lead_a):
    client.force_login(lead_a)
    assert client.post(review_url(submitted), {"action": "approve"}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.state == UpdateRequest.State.SUBMITTED


# -- assessments ------------------------------------------------------------------------------


def assessment_url(status_round, area):
    return reverse("workspace:round_assessment", kwargs={"pk": status_round.pk, "area_pk": area.pk})


def test_staff_write_a_focus_areas_assessment(client, status_round, area, editor):
    client.force_login(editor)
    version = client.get(assessment_url(status_round, area)).context["form"].initial["version"]
    response = client.post(
        assessment_url(status_round, area),
        {"version": version, "text": "Det er fortsat relevant.", "still_relevant": "yes"},
    )
    assert response.status_code == 302
    assessment = FocusAreaAssessment.objects.get(round=status_round, focus_area=area)
    assert (assessment.text, assessment.still_relevant) == ("Det er fortsat relevant.", True)


def test_an_empty_assessment_is_refused_next_to_the_field(client, status_round, area, editor):
    client.force_login(editor)
    response = client.post(assessment_url(status_round, area), {"still_relevant": "no"})
    assert "text" in response.context["form"].errors
    assert not FocusAreaAssessment.objects.filter(round=status_round).exists()


def test_an_assessment_written_meanwhile_is_not_overwritten(client, status_round, area, editor):
    client.force_login(editor)
    version = client.get(assessment_url(status_round, area)).context["form"].initial["version"]
    assessment_save(actor=editor, round=status_round, focus_area=area, text="Først")
    response = client.post(
        assessment_url(status_round, area),
        {"version": version, "text": "Anden", "still_relevant": "unknown"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert FocusAreaAssessment.objects.get(round=status_round).text == "Først"


def test_a_focus_area_of_another_plan_answers_404(client, status_round, editor):
    client.force_login(editor)
    other = factories.focus_area()
    assert client.get(assessment_url(status_round, other)).status_code == 404


# -- close, publish, memo ---------------------------------------------------------------------


def test_staff_close_and_then_publish_the_round(client, status_round, editor):
    client.force_login(editor)
    client.post(reverse("workspace:round_close", kwargs={"pk": status_round.pk}))
    status_round.refresh_from_db()
    assert status_round.state == StatusRound.State.CLOSED
    client.post(reverse("workspace:round_publish", kwargs={"pk": status_round.pk}))
    status_round.refresh_from_db()
    assert status_round.state == StatusRound.State.PUBLISHED


def test_publishing_an_open_round_is_refused_with_a_message(client, status_round, editor):
    client.force_login(editor)
    response = client.post(
        reverse("workspace:round_publish", kwargs={"pk": status_round.pk}), follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    status_round.refresh_from_db()
    assert status_round.state == StatusRound.State.OPEN


def memo_url(status_round, fmt):
    return reverse("workspace:round_memo", kwargs={"pk": status_round.pk, "fmt": fmt})


def memo_download(client, status_round, fmt):
    """The memo link starts a job (run at once in the tests) and leads to its page, which
    links the file."""
    started = client.get(memo_url(status_round, fmt))
    assert started.status_code == 302
    job_page = client.get(started["Location"])
    assert job_page.status_code == 200
    job = job_page.context["status"].job
    assert job.state == "done", job.error
    return client.get(reverse("jobs:download", args=[job.pk]))


def test_the_memo_downloads_as_html(client, status_round, editor, area):
    client.force_login(editor)
    response = memo_download(client, status_round, "html")
    assert "attachment" in response["Content-Disposition"]
    assert area.title in b"".join(response.streaming_content).decode()


def test_the_memo_downloads_as_docx(client, status_round, editor, area):
    round_close(actor=editor, round=status_round)
    client.force_login(editor)
    response = memo_download(client, status_round, "docx")
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as docx:
        assert area.title in docx.read("word/document.xml").decode()


def test_the_memo_downloads_as_pdf(client, status_round, editor):
    client.force_login(editor)
    response = memo_download(client, status_round, "pdf")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_asking_for_the_memo_again_before_a_change_finds_the_same_job(client, status_round, editor):
    client.force_login(editor)
    first = client.get(memo_url(status_round, "html"))["Location"]
    assert client.get(memo_url(status_round, "html"))["Location"] == first


def test_an_unknown_memo_format_answers_404(client, status_round, editor):
    client.force_login(editor)
    assert client.get(memo_url(status_round, "exe")).status_code == 404


# -- query counts -----------------------------------------------------------------------------


def _rounds(plan, editor, count):
    factories.project(focus_areas=[factories.focus_area(factories.theme(plan))])
    for number in range(count):
        round_open(
            actor=editor,
            plan=plan,
            name=f"Runde {number}",
            slug=f"runde-{number}",
            reference_date=dt.date(2024, 1, 1) + dt.timedelta(days=number),
        )


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_round_list_takes_as_many_queries_for_1_round_as_for_50(client, region, editor):
    _rounds(factories.plan(organisation=region), editor, 1)
    client.force_login(editor)
    one = _queries(client, reverse("workspace:rounds"))
    _rounds(factories.plan(organisation=region), editor, 49)
    fifty = _queries(client, reverse("workspace:rounds"))
    assert len(client.get(reverse("workspace:rounds")).context["rounds"]) == 50
    assert one == fifty


def test_a_leads_request_list_takes_as_many_queries_for_1_as_for_50(client, region, editor):
    plan = factories.plan(organisation=region)
    area = factories.focus_area(factories.theme(plan))
    lead = factories.user()
    from actionplan.accounts.services import membership_grant

    def add_projects(count):
        for _ in range(count):
            project = factories.project(focus_areas=[area])
            membership_grant(actor=SYSTEM, user=lead, role=Role.REPORTER, project=project)

    add_projects(1)
    round_open(actor=editor, plan=plan, name="R1", slug="r1", reference_date=dt.date(2024, 1, 1))
    client.force_login(lead)
    one = _queries(client, reverse("workspace:my_update_requests"))
    add_projects(49)
    round_open(actor=editor, plan=plan, name="R2", slug="r2", reference_date=dt.date(2024, 2, 1))
    fifty = _queries(client, reverse("workspace:my_update_requests"))
    assert one == fifty


def test_the_round_page_takes_as_many_queries_for_1_project_as_for_50(client, region, editor):
    plans = []
    for count in (1, 50):
        plan = factories.plan(organisation=region)
        area = factories.focus_area(factories.theme(plan))
        for _ in range(count):
            factories.project(focus_areas=[area])
        plans.append(
            round_open(
                actor=editor, plan=plan, name="R", slug="r", reference_date=dt.date(2024, 1, 1)
            )
        )
    client.force_login(editor)
    counts = [_queries(client, reverse("workspace:round", kwargs={"pk": r.pk})) for r in plans]
    assert counts[0] == counts[1]
