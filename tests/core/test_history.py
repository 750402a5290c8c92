from decimal import Decimal

import pytest
from django.urls import reverse

from actionplan.core.history import history
from actionplan.core.models import AuditEvent
from actionplan.projects import services
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_grant_change_reads_as_a_danish_sentence(staff):
    grant = factories.grant(factories.project(), amount="1000000")
    services.grant_update(actor=staff, grant=grant, amount=Decimal(1100000))
    last = history(grant)[-1]
    expected = "Beløb (kr.) ændret fra 1.000.000 kr. til 1.100.000 kr. af staff den "
    assert last.sentence.startswith(expected)


def test_the_history_survives_deletion_of_the_object(staff):
    grant = factories.grant(factories.project(), amount="5")
    pk = grant.pk
    services.grant_delete(actor=staff, grant=grant)
    actions = list(
        AuditEvent.objects.filter(object_type="projects.grant", object_id=pk).values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["create", "delete"]


def test_the_admin_history_page_shows_the_trail(admin_client):
    org = factories.organisation(name="Ishøj")
    html = admin_client.get(
        reverse("admin:organisations_organisation_history", args=[org.pk])
    ).content.decode()
    assert "oprettet af system" in html.lower()


def test_the_audit_trail_cannot_be_edited_in_the_admin(admin_client):
    org = factories.organisation()
    event = AuditEvent.objects.filter(object_id=org.pk).first()
    url = reverse("admin:core_auditevent_change", args=[event.pk])
    admin_client.post(url, {"actor_label": "someone else"})
    event.refresh_from_db()
    assert event.actor_label == "system"
    delete = reverse("admin:core_auditevent_delete", args=[event.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
