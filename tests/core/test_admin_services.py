"""The admin changes objects through each entity's own service, with its rules."""

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from actionplan.plans.models import FocusArea
from actionplan.plans.services import focus_area_update
from actionplan.projects.models import Project
from actionplan.projects.services import project_update
from tests import factories

pytestmark = pytest.mark.django_db


def test_models_with_rules_of_their_own_are_changed_through_their_service():
    assert site._registry[Project].update_service is project_update
    assert site._registry[FocusArea].update_service is focus_area_update


def test_the_admin_refuses_what_the_service_refuses(admin_user):
    """focus_area_update refuses a theme of another plan; core.update alone would not."""
    area = factories.focus_area()
    elsewhere = factories.theme(factories.plan())
    area.theme = elsewhere
    request = RequestFactory().post("/")
    request.user = admin_user

    class Form:
        changed_data = ["theme"]

    with pytest.raises(ValidationError) as refused:
        site._registry[FocusArea].save_model(request, area, Form(), change=True)
    assert "theme" in refused.value.message_dict
    area.refresh_from_db()
    assert area.theme != elsewhere


def test_a_project_date_changed_in_the_admin_goes_through_project_update(admin_client):
    project = factories.project(start="2020-03")
    response = admin_client.post(
        f"/admin/projects/project/{project.pk}/change/",
        {
            "title": project.title,
            "slug": project.slug,
            "kind": project.kind,
            "status": project.status,
            "start": "2021-05-01",
            "start_precision": "month",
            "end_precision": "day",
            "sdgs": "[]",
            **{
                f"{prefix}-{key}": "0"
                for prefix in ("focus_area_links", "participations", "grants", "cofunding")
                for key in ("TOTAL_FORMS", "INITIAL_FORMS")
            },
        },
    )
    assert response.status_code == 302, response.content[:2000]
    project.refresh_from_db()
    assert project.start_partial.iso() == "2021-05"
