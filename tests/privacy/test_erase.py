import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied

from actionplan.accounts.models import Invitation, Role
from actionplan.accounts.services import membership_grant
from actionplan.core.models import AuditEvent
from actionplan.core.services import SYSTEM
from actionplan.privacy.models import ContactPerson
from actionplan.privacy.services import ANONYMISED_NAME, REDACTED, person_erase
from actionplan.projects.services import grant_update
from tests import factories

pytestmark = pytest.mark.django_db

EMAIL = "anna@example.dk"


def trail_text() -> str:
    events = AuditEvent.objects.values_list("object_repr", "actor_label", "changes")
    return json.dumps(list(events), ensure_ascii=False)


@pytest.fixture
def anna(staff):
    project = factories.project()
    contact = factories.contact(
        project, name="Anna Jensen", email=EMAIL, phone="+45 12 34 56 78", title="Projektleder"
    )
    grant = factories.grant(project)
    grant_update(actor=staff, grant=grant, note="Ring til Anna på 12345678", decided_by="KU")
    return contact


def test_erasure_anonymises_the_contact_record(anna):
    person_erase(actor=SYSTEM, email=EMAIL)
    anna.refresh_from_db()
    assert (anna.name, anna.email, anna.phone, anna.title) == (ANONYMISED_NAME, "", "", "")
    assert anna.anonymised_at is not None


def test_erasure_removes_the_person_from_the_audit_trail(anna):
    assert "Anna Jensen" in trail_text()
    person_erase(actor=SYSTEM, email=EMAIL)
    text = trail_text()
    for value in ("Anna Jensen", EMAIL, "12 34 56 78", "12345678"):
        assert value not in text
    assert REDACTED in text


def test_redaction_keeps_the_rest_of_an_event_that_mentions_the_person(anna):
    person_erase(actor=SYSTEM, email=EMAIL)
    event = AuditEvent.objects.get(object_type="projects.grant", action="update")
    assert event.changes["note"] == ["", REDACTED]
    assert event.changes["decided_by"] == ["", "KU"]


def test_erasure_leaves_other_people_alone(anna):
    other = factories.contact(anna.project, name="Bo Hansen", email="bo@example.dk")
    person_erase(actor=SYSTEM, email=EMAIL)
    other.refresh_from_db()
    assert other.name == "Bo Hansen" and other.email == "bo@example.dk"
    assert "Bo Hansen" in trail_text()


def test_erasure_is_recorded_once_without_the_personal_values(anna):
    person_erase(actor=SYSTEM, email=EMAIL)
    event = AuditEvent.objects.get(action="erasure")
    assert event.changes["contacts_anonymised"] == [None, [anna.pk]]
    recorded = json.dumps([event.object_repr, event.changes], ensure_ascii=False)
    assert "Anna" not in recorded and EMAIL not in recorded


def test_a_legal_basis_keeps_only_name_title_and_organisation(anna):
    person_erase(actor=SYSTEM, email=EMAIL, legal_basis="Bogføringsloven § 10")
    anna.refresh_from_db()
    assert (anna.name, anna.title) == ("Anna Jensen", "Projektleder")
    assert (anna.email, anna.phone) == ("", "")
    assert anna.legal_basis == "Bogføringsloven § 10"
    assert anna.anonymised_at is None
    event = AuditEvent.objects.get(action="erasure")
    assert event.changes["contacts_kept"] == [None, [anna.pk]]
    assert event.changes["legal_basis"] == [None, "Bogføringsloven § 10"]


def test_a_legal_basis_whose_date_has_passed_keeps_nothing():
    contact = factories.contact(
        email=EMAIL, legal_basis="Bogføringsloven § 10", retain_until=dt.date(2020, 1, 1)
    )
    person_erase(actor=SYSTEM, email=EMAIL)
    contact.refresh_from_db()
    assert contact.name == ANONYMISED_NAME and contact.anonymised_at is not None


def test_erasure_deactivates_and_renames_the_user_account(anna, django_user_model):
    user = django_user_model.objects.create_user(
        username="anna.jensen",
        email=EMAIL,
        first_name="Anna",
        last_name="Jensen",
        password="a-long-test-password",
    )
    membership_grant(actor=SYSTEM, user=user, role=Role.EDITOR, project=anna.project)
    grant_update(actor=user, grant=factories.grant(anna.project), decided_by="RR")
    assert "anna.jensen" in trail_text()
    person_erase(actor=SYSTEM, email=EMAIL)
    user.refresh_from_db()
    assert user.username == f"anonymised-{user.pk}"
    assert (user.email, user.first_name, user.last_name, user.is_active) == ("", "", "", False)
    assert not user.has_usable_password()
    assert "anna.jensen" not in trail_text()


def test_erasure_voids_invitations_to_the_address(anna):
    invitation = Invitation.objects.create(
        email=EMAIL,
        role=Role.REPORTER,
        project=anna.project,
        token_hash="x" * 64,
        expires_at=dt.datetime(2099, 1, 1, tzinfo=dt.UTC),
    )
    person_erase(actor=SYSTEM, email=EMAIL)
    invitation.refresh_from_db()
    assert invitation.email == ""
    assert invitation.expires_at.year < 2099


def test_only_a_superuser_may_erase(anna, django_user_model):
    editor = django_user_model.objects.create_user(username="editor", is_staff=True)
    with pytest.raises(PermissionDenied):
        person_erase(actor=editor, email=EMAIL)
    assert ContactPerson.objects.get(pk=anna.pk).name == "Anna Jensen"
