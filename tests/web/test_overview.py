import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_admin_lists_all_fourteen_plan_focus_areas(admin_client, demo):
    html = admin_client.get(
        reverse("admin:plans_focusarea_changelist") + "?in_original_plan__exact=1"
    ).content.decode()
    assert "14 indsatsområder" in html


@pytest.mark.parametrize(
    "model",
    [
        "organisations/organisation",
        "organisations/fundingsource",
        "plans/strategy",
        "plans/actionplan",
        "plans/theme",
        "plans/focusarea",
        "plans/goal",
        "plans/fact",
        "plans/plannedactivity",
        "plans/suggestedpartner",
        "plans/suggestedfunding",
        "indicators/indicator",
        "indicators/observation",
        "projects/project",
        "projects/grant",
        "projects/cofunding",
        "projects/participation",
        "rounds/statusround",
        "rounds/focusareaassessment",
        "rounds/statusupdate",
        "core/auditevent",
    ],
)
def test_every_model_has_a_working_admin_list_and_change_page(admin_client, demo, model):
    app, name = model.split("/")
    assert admin_client.get(reverse(f"admin:{app}_{name}_changelist")).status_code == 200
    from django.apps import apps

    obj = apps.get_model(app, name).objects.first()
    assert admin_client.get(reverse(f"admin:{app}_{name}_change", args=[obj.pk])).status_code == 200


def test_an_admin_edit_goes_through_the_services_and_is_audited(admin_client, admin_user):
    from actionplan.core.models import AuditEvent

    org = factories.organisation(name="Region Midt", slug="region-midt")
    response = admin_client.post(
        reverse("admin:organisations_organisation_change", args=[org.pk]),
        {
            "name": "Region Midtjylland",
            "slug": "region-midt",
            "kind": "region",
            "cvr": "",
            "website": "",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(object_id=org.pk, action="update")
    assert event.actor == admin_user
    assert event.changes == {
        "name": ["Region Midt", "Region Midtjylland"],
        "kind": ["other", "region"],
    }
