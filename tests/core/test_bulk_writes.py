"""Bulk creates (core.create_many, insert_many, Checker) store, check and audit each row as
the one-row services do."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionplan.core import services as core
from actionplan.core.models import AuditEvent
from actionplan.organisations.models import Organisation
from actionplan.projects import services as projects
from actionplan.projects.models import CoFunding, Participation, Project
from tests import factories

pytestmark = pytest.mark.django_db


def fields(organisation: Organisation) -> dict:
    return {
        name: getattr(organisation, name)
        for name in ("name", "slug", "kind", "cvr", "website", "municipality_code")
    }


def test_create_many_gives_each_row_its_own_id_and_stores_its_values(staff):
    new = [
        Organisation(name=f"Organisation {n}", slug=f"org-{n}", kind="company", cvr=f"1000000{n}")
        for n in range(3)
    ]
    new.append(Organisation(name="Gribskov Kommune", slug="gribskov", municipality_code=270))
    core.create_many(new, actor=staff)
    for organisation in new:
        stored = Organisation.objects.get(pk=organisation.pk)
        assert fields(stored) == fields(organisation)
        assert stored.created_at is not None and stored.updated_at is not None
        assert not organisation._state.adding


def test_create_many_records_what_create_records(staff):
    one = core.create(Organisation(name="Én", slug="en", kind="company"), actor=staff)
    (many,) = core.create_many([Organisation(name="To", slug="to", kind="company")], actor=staff)
    events = {
        event.object_id: event
        for event in AuditEvent.objects.filter(object_type="organisations.organisation")
    }
    first, second = events[str(one.pk)], events[str(many.pk)]
    assert (second.action, second.actor, second.object_repr) == ("create", staff, "To")
    assert second.changes == {
        **first.changes,
        "name": [None, "To"],
        "slug": [None, "to"],
    }


def test_create_many_sets_foreign_keys_from_objects_saved_since_they_were_assigned(staff):
    project = projects.project_build(title="P", slug="p")
    participation = Participation(
        project=project, organisation=factories.organisation(), role="implementing"
    )
    core.create_many([project], actor=staff)
    core.create_many([participation], actor=staff, known=("project", "organisation"))
    assert Participation.objects.get(pk=participation.pk).project_id == project.pk


def test_a_bad_value_after_good_ones_is_refused_with_its_position(staff):
    new = [Organisation(name=f"O {n}", slug=f"o-{n}", kind="company") for n in range(3)]
    new.append(Organisation(name="O 3", slug="o-3", kind="no-such-kind"))
    with pytest.raises(core.Refused) as refused:
        core.create_many(new, actor=staff)
    assert refused.value.index == 3
    assert "kind" in refused.value.error.message_dict
    assert not Organisation.objects.filter(slug__startswith="o-").exists()


def test_the_checker_tells_equal_amounts_of_other_places_apart():
    checker = core.Checker()
    project, source = factories.project(), factories.funding_source()

    def cofunding(amount: str) -> CoFunding:
        return CoFunding(project=project, source=source, status="granted", amount=Decimal(amount))

    checker.check(cofunding("1.00"), known=("project", "source"))
    with pytest.raises(ValidationError) as refused:
        checker.check(cofunding("1.000"), known=("project", "source"))
    assert "amount" in refused.value.message_dict


def test_the_checker_runs_the_models_own_clean():
    checker = core.Checker()
    checker.check(projects.project_build(title="P", slug="p"))
    with pytest.raises(ValidationError) as refused:
        checker.check(projects.project_build(title="Q", slug="q", latitude=Decimal(55)))
    assert "longitude" in refused.value.message_dict


def test_new_projects_store_the_totals_of_their_cofunding(staff):
    source = factories.funding_source()
    money = [("granted", "100.50"), ("granted", None), ("applied", "7"), ("granted", "3")]
    item = projects.NewProject(
        project=projects.project_build(title="P", slug="p"),
        cofunding=[
            CoFunding(source=source, status=status, amount=amount and Decimal(amount))
            for status, amount in money
        ],
    )
    projects.projects_create_many(actor=staff, new=[item])
    totals = projects.totals_of(item.project.pk)
    assert totals["cofunding_dkk"] == Decimal("103.50")
    assert (totals["cofunding_count"], totals["cofunding_unknown"]) == (3, 1)
    stored = Project.objects.filter(pk=item.project.pk).values(*totals).get()
    assert stored == totals


def _new_projects(count: int, prefix: str) -> list[projects.NewProject]:
    source, partner = factories.funding_source(), factories.organisation()
    return [
        projects.NewProject(
            project=projects.project_build(title=f"P {n}", slug=f"{prefix}-{n}", start="2021-03"),
            participations=[Participation(organisation=partner, role="implementing")],
            cofunding=[CoFunding(source=source, status="granted", amount=Decimal(n))],
        )
        for n in range(count)
    ]


def test_creating_many_projects_takes_as_many_queries_as_creating_one(
    staff, django_assert_num_queries
):
    one, many = _new_projects(1, "one"), _new_projects(50, "many")
    # The first write reads what stays cached (the actor's permissions).
    projects.projects_create_many(actor=staff, new=_new_projects(1, "first"))
    with CaptureQueriesContext(connection) as counted:
        projects.projects_create_many(actor=staff, new=one)
    with django_assert_num_queries(len(counted)):
        projects.projects_create_many(actor=staff, new=many)
