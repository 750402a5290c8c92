"""A project's stored money totals follow every write of its grants and co-funding."""

from decimal import Decimal

import pytest

from actionplan.core import services as core
from actionplan.core.dates import PartialDate
from actionplan.core.services import SYSTEM
from actionplan.demo.loader import load_demo
from actionplan.organisations.models import FundingSource
from actionplan.projects import services
from actionplan.projects.models import CoFunding, Project
from tests import factories

pytestmark = pytest.mark.django_db


def stored(project: Project) -> dict:
    fields = list(services.totals_of(project.pk))
    return Project.objects.filter(pk=project.pk).values(*fields).get()


def pool():
    return factories.funding_source(kind=FundingSource.Kind.REGIONAL_POOL)


def test_a_new_project_has_no_money():
    project = factories.project()
    assert (project.granted_dkk, project.granted_count, project.cofunding_dkk) == (0, 0, 0)


def test_creating_grants_adds_to_the_total_and_counts_unstated_amounts():
    project = factories.project()
    factories.grant(project, "100000", source=pool())
    factories.grant(project, None, source=pool())
    factories.grant(project, "50000")
    totals = stored(project)
    assert (totals["granted_dkk"], totals["granted_count"], totals["granted_unknown"]) == (
        Decimal(150000),
        3,
        1,
    )
    assert (totals["pool_dkk"], totals["pool_count"], totals["pool_unknown"]) == (
        Decimal(100000),
        2,
        1,
    )


def test_the_instance_passed_to_the_service_gets_the_new_totals():
    project = factories.project()
    factories.grant(project, "100000")
    assert project.granted_dkk == Decimal(100000)


def test_updating_a_grant_changes_the_total():
    project = factories.project()
    grant = factories.grant(project, "100000")
    services.grant_update(actor=SYSTEM, grant=grant, amount=Decimal(250000))
    assert stored(project)["granted_dkk"] == Decimal(250000)


def test_editing_a_grant_in_the_workspace_changes_the_total():
    project = factories.project()
    grant = factories.grant(project, "100000")
    services.grant_update(actor=SYSTEM, grant=grant, decided=PartialDate.parse("2021"), amount=None)
    assert (stored(project)["granted_dkk"], stored(project)["granted_unknown"]) == (0, 1)


def test_deleting_a_grant_takes_it_out_of_the_total():
    project = factories.project()
    factories.grant(project, "100000")
    grant = factories.grant(project, "40000")
    services.grant_delete(actor=SYSTEM, grant=grant)
    assert (stored(project)["granted_dkk"], stored(project)["granted_count"]) == (
        Decimal(100000),
        1,
    )


def test_only_granted_cofunding_counts():
    project = factories.project()
    source = factories.funding_source()
    for status, amount in (
        (CoFunding.Status.GRANTED, 7000),
        (CoFunding.Status.APPLIED, 9000),
        (CoFunding.Status.GRANTED, None),
    ):
        services.cofunding_create(
            actor=SYSTEM,
            project=project,
            source=source,
            status=status,
            amount=None if amount is None else Decimal(amount),
        )
    totals = stored(project)
    assert (totals["cofunding_dkk"], totals["cofunding_count"], totals["cofunding_unknown"]) == (
        Decimal(7000),
        2,
        1,
    )


def test_cofunding_granted_later_joins_the_total_and_leaves_it_when_deleted():
    project = factories.project()
    item = services.cofunding_create(
        actor=SYSTEM,
        project=project,
        source=factories.funding_source(),
        status=CoFunding.Status.APPLIED,
        amount=Decimal(8000),
    )
    services.cofunding_update(actor=SYSTEM, cofunding=item, status=CoFunding.Status.GRANTED)
    assert stored(project)["cofunding_dkk"] == Decimal(8000)
    services.cofunding_delete(actor=SYSTEM, cofunding=item)
    assert stored(project)["cofunding_dkk"] == 0


def test_the_totals_are_not_part_of_the_projects_audit_or_version():
    project = factories.project()
    version = core.version_of(project)
    factories.grant(project, "100000")
    assert core.version_of(Project.objects.get(pk=project.pk)) == version


def test_the_demo_plans_stored_totals_match_its_grants_and_cofunding():
    load_demo(actor=SYSTEM)
    projects = Project.objects.all()
    assert projects.filter(granted_count__gt=0).exists()
    for project in projects:
        assert stored(project) == services.totals_of(project.pk)


def test_a_grant_changed_in_the_admin_changes_the_total(admin_client):
    project = factories.project()
    grant = factories.grant(project, "100000")
    response = admin_client.post(
        f"/admin/projects/grant/{grant.pk}/change/",
        {
            "project": project.pk,
            "source": grant.source_id,
            "amount": "250000",
            "decided_precision": grant.decided_precision,
            "decided_by": "",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert stored(project)["granted_dkk"] == Decimal(250000)


def test_a_grant_deleted_in_the_admin_leaves_the_total(admin_client):
    project = factories.project()
    grant = factories.grant(project, "100000")
    response = admin_client.post(f"/admin/projects/grant/{grant.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert stored(project)["granted_count"] == 0
