import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from actionplan.accounts.models import Role
from actionplan.accounts.services import membership_grant
from actionplan.core.models import AuditEvent
from actionplan.core.services import SYSTEM
from actionplan.privacy import services
from actionplan.privacy.models import ContactPerson
from tests import factories

pytestmark = pytest.mark.django_db


def editor_of(django_user_model, project, username):
    user = django_user_model.objects.create_user(username=username)
    membership_grant(actor=SYSTEM, user=user, role=Role.EDITOR, project=project)
    return user


def test_creating_a_contact_is_audited_with_its_values(staff):
    project = factories.project()
    contact = services.contact_create(
        actor=staff, project=project, name="Anna Jensen", email="anna@example.dk"
    )
    event = AuditEvent.objects.get(object_type="privacy.contactperson", object_id=str(contact.pk))
    assert event.action == "create" and event.actor == staff
    assert event.changes["email"] == [None, "anna@example.dk"]


def test_an_editor_of_the_project_may_change_its_contacts(django_user_model):
    project = factories.project()
    contact = factories.contact(project)
    editor = editor_of(django_user_model, project, "own-editor")
    services.contact_update(actor=editor, contact=contact, title="Projektleder")
    assert ContactPerson.objects.get(pk=contact.pk).title == "Projektleder"


def test_an_editor_of_another_project_may_not_touch_its_contacts(django_user_model):
    project, other = factories.project(), factories.project()
    contact = factories.contact(project)
    stranger = editor_of(django_user_model, other, "stranger")
    with pytest.raises(PermissionDenied):
        services.contact_update(actor=stranger, contact=contact, name="Ændret")
    with pytest.raises(PermissionDenied):
        services.contact_create(actor=stranger, project=project, name="Ny Person")
    with pytest.raises(PermissionDenied):
        services.contact_delete(actor=stranger, contact=contact)
    assert ContactPerson.objects.get(pk=contact.pk).name == contact.name


def test_a_keep_until_date_needs_a_legal_basis():
    with pytest.raises(ValidationError) as error:
        factories.contact(retain_until=dt.date(2030, 1, 1))
    assert "legal_basis" in error.value.message_dict


def test_deleting_a_contact_is_audited(staff):
    contact = factories.contact()
    pk = contact.pk
    services.contact_delete(actor=staff, contact=contact)
    assert not ContactPerson.objects.filter(pk=pk).exists()
    assert AuditEvent.objects.filter(
        object_type="privacy.contactperson", object_id=str(pk), action="delete"
    ).exists()
