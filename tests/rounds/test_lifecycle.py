import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from actionplan.core.dates import Precision
from actionplan.projects.models import ProjectStatus
from actionplan.rounds.models import FocusAreaAssessment, StatusRound, StatusUpdate, UpdateRequest
from actionplan.rounds.selectors import update_requests_for
from actionplan.rounds.services import (
    assessment_save,
    round_close,
    round_open,
    round_publish,
    update_approve,
    update_return,
    update_save_draft,
    update_submit,
)
from tests import factories

pytestmark = pytest.mark.django_db


def request_of(status_round, project):
    return UpdateRequest.objects.get(round=status_round, project=project)


def test_opening_a_round_asks_each_active_project_and_its_reporters(
    status_round, project_a, project_b, lead_a, lead_b, area
):
    idea = factories.project(focus_areas=[area], status=ProjectStatus.IDEA)
    requests = UpdateRequest.objects.filter(round=status_round)
    assert {r.project for r in requests} == {project_a, project_b}
    assert idea not in {r.project for r in requests}
    assert list(request_of(status_round, project_a).recipients.all()) == [lead_a]
    assert all(r.state == UpdateRequest.State.DRAFT for r in requests)


def test_only_staff_with_edit_rights_open_a_round(plan, lead_a):
    with pytest.raises(PermissionDenied):
        round_open(actor=lead_a, plan=plan, name="X", slug="x", reference_date=dt.date(2024, 1, 1))


def test_a_lead_sees_only_the_update_requests_of_their_own_projects(
    status_round, project_a, lead_a, editor
):
    assert [r.project for r in update_requests_for(lead_a, status_round)] == [project_a]
    assert len(update_requests_for(editor, status_round)) == 2


def test_a_lead_cannot_save_or_submit_for_another_leads_project(status_round, project_b, lead_a):
    request = request_of(status_round, project_b)
    with pytest.raises(PermissionDenied):
        update_save_draft(actor=lead_a, request=request, narrative="Ikke mit projekt")
    with pytest.raises(PermissionDenied):
        update_submit(actor=lead_a, request=request, status="started", narrative="Nej")
    request.refresh_from_db()
    assert request.state == UpdateRequest.State.DRAFT and request.narrative == ""


def test_a_lead_saves_a_draft_with_spending_and_milestones(status_round, project_a, lead_a):
    request = update_save_draft(
        actor=lead_a,
        request=request_of(status_round, project_a),
        status="started",
        progress=40,
        narrative="Godt i gang.",
        spent_dkk=Decimal("250000"),
        milestones=[{"date": "2025-03", "title": "Pilot klar"}],
    )
    request.refresh_from_db()
    assert (request.state, request.progress, request.spent_dkk) == ("draft", 40, Decimal(250000))
    milestone = request.milestones.get()
    assert (milestone.title, milestone.date_precision) == ("Pilot klar", Precision.MONTH)
    assert milestone.project == project_a


def test_a_milestone_with_a_bad_date_says_which_one(status_round, project_a, lead_a):
    with translation.override("en"), pytest.raises(ValidationError, match="Milestone 2"):
        update_save_draft(
            actor=lead_a,
            request=request_of(status_round, project_a),
            milestones=[{"date": "2025", "title": "A"}, {"date": "marts", "title": "B"}],
        )


def test_submitting_needs_a_status_and_a_narrative(status_round, project_a, lead_a):
    with pytest.raises(ValidationError) as error:
        update_submit(actor=lead_a, request=request_of(status_round, project_a))
    assert set(error.value.message_dict) == {"status", "narrative"}


def test_a_lead_cannot_approve_their_own_update(status_round, project_a, lead_a):
    request = update_submit(
        actor=lead_a,
        request=request_of(status_round, project_a),
        status="completed",
        narrative="Færdig.",
    )
    with pytest.raises(PermissionDenied):
        update_approve(actor=lead_a, request=request)
    with pytest.raises(PermissionDenied):
        update_return(actor=lead_a, request=request, comment="Nej")
    request.refresh_from_db()
    assert request.state == UpdateRequest.State.SUBMITTED


def test_a_returned_update_is_resubmitted_and_approval_applies_it(
    status_round, project_a, lead_a, editor
):
    request = update_submit(
        actor=lead_a,
        request=request_of(status_round, project_a),
        status="completed",
        narrative="Færdig.",
    )
    with pytest.raises(ValidationError):
        update_return(actor=editor, request=request, comment="  ")
    request = update_return(actor=editor, request=request, comment="Skriv resultaterne.")
    assert (request.state, request.reviewed_by) == (UpdateRequest.State.RETURNED, editor)
    request = update_submit(
        actor=lead_a, request=request, narrative="Færdig med to idékataloger.", progress=100
    )
    assert request.state == UpdateRequest.State.SUBMITTED and request.submitted_by == lead_a
    request = update_approve(actor=editor, request=request)
    assert request.state == UpdateRequest.State.APPROVED
    assert request.reviewed_by == editor and request.reviewed_at is not None
    update = StatusUpdate.objects.get(project=project_a, round=status_round)
    assert (update.status, update.progress, update.author) == ("completed", 100, lead_a)
    assert request.status_update == update
    project_a.refresh_from_db()
    assert project_a.status == ProjectStatus.COMPLETED


def test_an_approved_update_cannot_be_changed_or_approved_again(
    status_round, project_a, lead_a, editor
):
    request = update_submit(
        actor=lead_a,
        request=request_of(status_round, project_a),
        status="started",
        narrative="I gang.",
    )
    update_approve(actor=editor, request=request)
    with pytest.raises(ValidationError):
        update_save_draft(actor=lead_a, request=request, narrative="Ændret")
    with pytest.raises(ValidationError):
        update_approve(actor=editor, request=request)


def test_a_closed_round_takes_no_updates_or_assessments(
    status_round, project_a, lead_a, area, editor
):
    round_close(actor=editor, round=status_round)
    assert StatusRound.objects.get(pk=status_round.pk).state == StatusRound.State.CLOSED
    with pytest.raises(ValidationError):
        update_save_draft(actor=lead_a, request=request_of(status_round, project_a), narrative="x")
    with pytest.raises(ValidationError):
        assessment_save(actor=editor, round=status_round, focus_area=area, text="x")


def test_assessment_save_writes_and_rewrites_one_assessment(status_round, area, editor, lead_a):
    assessment_save(actor=editor, round=status_round, focus_area=area, text="Fortsat relevant.")
    assessment_save(
        actor=editor,
        round=status_round,
        focus_area=area,
        text="Stadig relevant.",
        still_relevant=True,
    )
    saved = FocusAreaAssessment.objects.get(round=status_round, focus_area=area)
    assert (saved.text, saved.still_relevant) == ("Stadig relevant.", True)
    with pytest.raises(PermissionDenied):
        assessment_save(actor=lead_a, round=status_round, focus_area=area, text="Mit bud")


def test_a_round_is_published_only_after_it_is_closed_and_only_by_staff(
    status_round, editor, lead_a
):
    with pytest.raises(ValidationError):
        round_publish(actor=editor, round=status_round)
    with pytest.raises(PermissionDenied):
        round_close(actor=lead_a, round=status_round)
    round_close(actor=editor, round=status_round)
    status_round.refresh_from_db()
    with pytest.raises(PermissionDenied):
        round_publish(actor=lead_a, round=status_round)
    round_publish(actor=editor, round=status_round)
    status_round.refresh_from_db()
    assert status_round.state == StatusRound.State.PUBLISHED
