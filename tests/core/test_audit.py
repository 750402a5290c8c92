import pytest
from django.core.exceptions import ValidationError

from actionplan.core.models import AuditEvent
from actionplan.organisations import services
from tests import factories

pytestmark = pytest.mark.django_db


def test_create_records_who_and_the_values(staff):
    org = services.organisation_create(actor=staff, name="Ishøj Kommune", slug="ishoj")
    event = AuditEvent.objects.get(object_type="organisations.organisation", object_id=org.pk)
    assert event.action == "create"
    assert event.actor == staff and event.actor_label == "staff"
    assert event.changes["name"] == [None, "Ishøj Kommune"]


def test_update_records_before_and_after_of_changed_fields_only(staff):
    org = factories.organisation(name="Region Midt")
    services.organisation_update(actor=staff, organisation=org, name="Region Midtjylland")
    event = AuditEvent.objects.filter(object_id=org.pk, action="update").get()
    assert event.changes == {"name": ["Region Midt", "Region Midtjylland"]}


def test_an_update_that_changes_nothing_records_nothing(staff):
    org = factories.organisation(name="DTU")
    services.organisation_update(actor=staff, organisation=org, name="DTU")
    assert not AuditEvent.objects.filter(object_id=org.pk, action="update").exists()


def test_invalid_update_is_refused_and_not_saved(staff):
    org = factories.organisation(name="DTU")
    with pytest.raises(ValidationError):
        services.organisation_update(actor=staff, organisation=org, cvr="12ab")
    org.refresh_from_db()
    assert org.cvr == ""
    assert not AuditEvent.objects.filter(object_id=org.pk, action="update").exists()
