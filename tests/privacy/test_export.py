import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from actionplan.accounts.models import Role
from actionplan.accounts.services import membership_grant
from actionplan.core.services import SYSTEM
from actionplan.privacy.services import person_export
from actionplan.projects.services import grant_update
from tests import factories

pytestmark = pytest.mark.django_db


def test_export_gathers_every_contact_record_of_the_email():
    one, two = factories.project(), factories.project()
    factories.contact(one, name="Anna Jensen", email="anna@example.dk")
    factories.contact(two, name="Anna Jensen", email="ANNA@example.dk", phone="12345678")
    factories.contact(two, name="Bo Hansen", email="bo@example.dk")
    document = person_export(actor=SYSTEM, email="anna@example.dk")
    assert sorted(c["project"]["id"] for c in document["contacts"]) == sorted([one.pk, two.pk])
    assert {c["name"] for c in document["contacts"]} == {"Anna Jensen"}


def test_export_includes_audit_events_that_mention_the_person_elsewhere(staff):
    project = factories.project()
    factories.contact(project, name="Anna Jensen", email="anna@example.dk")
    grant = factories.grant(project)
    grant_update(actor=staff, grant=grant, note="Aftalt med Anna Jensen i telefonen")
    unrelated = factories.grant(project)
    grant_update(actor=staff, grant=unrelated, note="Aftalt med Bo Hansen")
    document = person_export(actor=SYSTEM, email="anna@example.dk")
    objects = {(e["object_type"], e["object_id"]) for e in document["audit_events"]}
    assert ("projects.grant", str(grant.pk)) in objects
    assert ("projects.grant", str(unrelated.pk)) not in objects
    assert any(e["object_type"] == "privacy.contactperson" for e in document["audit_events"])


def test_export_includes_the_user_account_and_its_roles(django_user_model):
    project = factories.project()
    user = django_user_model.objects.create_user(
        username="anna", email="anna@example.dk", first_name="Anna", last_name="Jensen"
    )
    membership_grant(actor=SYSTEM, user=user, role=Role.REPORTER, project=project)
    document = person_export(actor=SYSTEM, email="anna@example.dk")
    assert [u["username"] for u in document["users"]] == ["anna"]
    assert [(m["role"], m["scope"]) for m in document["memberships"]] == [
        ("reporter", project.title)
    ]


def test_only_a_superuser_may_export(django_user_model, staff):
    factories.contact(email="anna@example.dk")
    editor = django_user_model.objects.create_user(username="editor", is_staff=True)
    with pytest.raises(PermissionDenied):
        person_export(actor=editor, email="anna@example.dk")
    assert len(person_export(actor=staff, email="anna@example.dk")["contacts"]) == 1


def test_export_refuses_something_that_is_not_an_email():
    with pytest.raises(ValidationError):
        person_export(actor=SYSTEM, email="anna")
