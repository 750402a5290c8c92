"""Erasure finds the person in every free text (status updates, descriptions, assessments,
drafts, history ...), cuts them out, says where, and the public pages stop showing them."""

import datetime as dt
import json

import pytest

from actionplan.core.models import AuditEvent
from actionplan.core.services import SYSTEM
from actionplan.privacy.cli import register  # noqa: F401  (the CLI is tested through main)
from actionplan.privacy.services import REDACTED, erasure_plan, person_erase
from actionplan.projects.models import Project
from actionplan.projects.services import project_update
from actionplan.rounds.models import FocusAreaAssessment, StatusUpdate
from actionplan.rounds.services import assessment_create, round_create
from tests import factories

pytestmark = pytest.mark.django_db

EMAIL = "anna.ostergaard@example.dk"
NAME = "Anna Østergaard"


@pytest.fixture
def mentioned(staff):
    """Anna is a contact of one project and is named in passing all over the place."""
    area = factories.focus_area()
    project = factories.project([area])
    factories.contact(project, name=NAME, email=EMAIL, phone="+45 12 34 56 78")
    project_update(actor=staff, project=project, description=f"Projektleder er {NAME} ({EMAIL}).")
    factories.status_update(
        project,
        actor=staff,
        date=dt.date(2021, 9, 1),
        status="started",
        narrative=f"Møde med {NAME.lower()} om budgettet; ring på 12 34 56 78.",
    )
    status_round = round_create(
        actor=staff,
        plan=area.theme.plan,
        name="Status 2021",
        slug="status-2021",
        reference_date=dt.date(2021, 12, 31),
    )
    assessment_create(
        actor=staff, round=status_round, focus_area=area, text=f"Ifølge {NAME} er det relevant."
    )
    return project


def test_erasure_cuts_the_person_out_of_every_free_text(mentioned):
    person_erase(actor=SYSTEM, email=EMAIL)
    mentioned.refresh_from_db()
    update = StatusUpdate.objects.get(project=mentioned)
    assessment = FocusAreaAssessment.objects.get()
    assert mentioned.description == f"Projektleder er {REDACTED} ({REDACTED})."
    assert update.narrative == f"Møde med {REDACTED} om budgettet; ring på {REDACTED}."
    assert assessment.text == f"Ifølge {REDACTED} er det relevant."


def test_the_history_of_those_texts_is_redacted_too(mentioned):
    person_erase(actor=SYSTEM, email=EMAIL)
    trail = json.dumps(
        list(AuditEvent.objects.values_list("object_repr", "changes")), ensure_ascii=False
    )
    for value in (NAME, NAME.lower(), EMAIL, "12 34 56 78"):
        assert value not in trail


def test_erasure_reports_where_it_found_the_person(mentioned):
    expected = {
        "projects.project.description": 1,
        "rounds.statusupdate.narrative": 1,
        "rounds.focusareaassessment.text": 1,
    }
    plan = erasure_plan(actor=SYSTEM, email=EMAIL)
    assert {k: plan.mentions[k] for k in expected} == expected
    done = person_erase(actor=SYSTEM, email=EMAIL)
    assert {k: done.mentions[k] for k in expected} == expected
    summary = AuditEvent.objects.get(action="erasure")
    assert summary.changes["free_text_redacted"][1] == done.mentions


def test_the_cli_prints_where_it_redacted(mentioned, capsys):
    from actionplan.cli import main

    assert main(["privacy", "erase", EMAIL, "--yes"]) == 0
    out = capsys.readouterr().out
    assert "rounds.statusupdate.narrative: 1" in out
    assert "projects.project.description: 1" in out


def test_the_public_project_page_no_longer_shows_the_person(mentioned, client, settings):
    settings.ACTIONPLAN_PUBLIC_CACHE_SECONDS = 600
    url = f"/projekter/{mentioned.slug}/"
    before = client.get(url).content.decode()  # and now kept in the public cache
    assert NAME in before or NAME.lower() in before
    person_erase(actor=SYSTEM, email=EMAIL)
    after = client.get(url).content.decode()
    assert NAME not in after and NAME.lower() not in after and EMAIL not in after


def test_other_texts_are_left_alone(mentioned):
    other = factories.project(description="Bo Hansen leder projektet.")
    person_erase(actor=SYSTEM, email=EMAIL)
    assert Project.objects.get(pk=other.pk).description == "Bo Hansen leder projektet."
