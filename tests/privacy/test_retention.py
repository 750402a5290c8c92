import datetime as dt

import pytest

from actionplan.core.models import AuditEvent
from actionplan.core.services import SYSTEM
from actionplan.privacy.models import ContactPerson
from actionplan.privacy.services import ANONYMISED_NAME, retention_run
from actionplan.projects.models import ProjectStatus
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def one_year(settings):
    settings.ACTIONPLAN_CONTACT_RETENTION_DAYS = 365


def contact_on(status, end, **values):
    project = factories.project(status=status, start="2020-01-01", end=end)
    return factories.contact(project, **values)


def created_event(contact) -> AuditEvent:
    return AuditEvent.objects.get(
        object_type="privacy.contactperson", object_id=str(contact.pk), action="create"
    )


def name_of(contact) -> str:
    return ContactPerson.objects.get(pk=contact.pk).name


def test_contacts_of_a_project_closed_longer_than_the_retention_time_are_anonymised():
    due = contact_on(ProjectStatus.COMPLETED, "2025-05-01", name="Anna Jensen")
    result = retention_run(actor=SYSTEM, today=TODAY)
    assert [c.pk for c in result.anonymised] == [due.pk]
    assert name_of(due) == ANONYMISED_NAME
    assert ContactPerson.objects.get(pk=due.pk).email == ""


@pytest.mark.parametrize("status", [ProjectStatus.CANCELLED, ProjectStatus.REJECTED])
def test_cancelled_and_rejected_projects_count_as_closed(status):
    due = contact_on(status, "2025-05-01")
    retention_run(actor=SYSTEM, today=TODAY)
    assert name_of(due) == ANONYMISED_NAME


def test_a_running_project_keeps_its_contacts_even_after_its_end_date():
    running = contact_on(ProjectStatus.STARTED, "2020-12-31", name="Anna Jensen")
    retention_run(actor=SYSTEM, today=TODAY)
    assert name_of(running) == "Anna Jensen"


def test_contacts_are_kept_until_the_retention_time_has_passed():
    recent = contact_on(ProjectStatus.COMPLETED, "2025-07-01", name="Anna Jensen")
    retention_run(actor=SYSTEM, today=TODAY)
    assert name_of(recent) == "Anna Jensen"


def test_the_retention_time_comes_from_the_setting(settings):
    settings.ACTIONPLAN_CONTACT_RETENTION_DAYS = 30
    recent = contact_on(ProjectStatus.COMPLETED, "2025-07-01")
    retention_run(actor=SYSTEM, today=TODAY)
    assert name_of(recent) == ANONYMISED_NAME


def test_a_legal_basis_with_a_later_date_keeps_the_contact():
    kept = contact_on(
        ProjectStatus.COMPLETED,
        "2020-12-31",
        name="Anna Jensen",
        legal_basis="Bogføringsloven § 10",
        retain_until=dt.date(2027, 1, 1),
    )
    retention_run(actor=SYSTEM, today=TODAY)
    assert name_of(kept) == "Anna Jensen"


def test_running_retention_twice_changes_nothing_the_second_time():
    contact_on(ProjectStatus.COMPLETED, "2025-05-01")
    first = retention_run(actor=SYSTEM, today=TODAY)
    events = AuditEvent.objects.count()
    second = retention_run(actor=SYSTEM, today=TODAY)
    assert len(first.anonymised) == 1 and second.anonymised == []
    assert AuditEvent.objects.count() == events


def test_retention_redacts_the_contacts_own_history_only():
    due = contact_on(ProjectStatus.COMPLETED, "2025-05-01", name="Anna Jensen", email="a@x.dk")
    elsewhere = contact_on(ProjectStatus.STARTED, "2027-01-01", name="Anna Jensen", email="a@x.dk")
    retention_run(actor=SYSTEM, today=TODAY)
    own = created_event(due)
    other = created_event(elsewhere)
    assert "Anna Jensen" not in str(own.changes) and own.object_repr != "Anna Jensen"
    assert other.changes["name"] == [None, "Anna Jensen"]
    assert name_of(elsewhere) == "Anna Jensen"


def test_files_about_a_contact_go_with_the_retention_and_the_rest_stay():
    from actionplan.attachments.models import Attachment

    due = contact_on(ProjectStatus.COMPLETED, "2025-05-01", name="Anna Jensen")
    about = factories.attachment(due.project, name="cv-anna.pdf", about=due)
    report = factories.attachment(due.project, name="slutrapport.pdf")
    retention_run(actor=SYSTEM, today=TODAY)
    assert list(Attachment.objects.all()) == [report]
    event = AuditEvent.objects.get(action="retention")
    assert event.changes["attachments_removed"] == [None, [about.pk]]
    created = AuditEvent.objects.get(object_type="attachments.attachment", object_id=about.pk)
    assert "cv-anna.pdf" not in str(created.changes)
