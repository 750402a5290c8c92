import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actionplan.core.services import SYSTEM
from actionplan.projects import services
from actionplan.projects.models import (
    CoFunding,
    Grant,
    Participation,
    Project,
    ProjectFocusArea,
    ProjectStatus,
)
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_first_focus_area_is_the_primary_one():
    first, second = factories.focus_area(), factories.focus_area()
    project = factories.project(focus_areas=[first, second])
    links = {link.focus_area: link.is_primary for link in project.focus_area_links.all()}
    assert links == {first: True, second: False}


def test_the_database_allows_only_one_primary_focus_area():
    project = factories.project()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFocusArea.objects.create(
            project=project, focus_area=factories.focus_area(), is_primary=True
        )


def test_an_organisation_can_hold_several_roles_but_each_only_once():
    project, org = factories.project(), factories.organisation()
    for role in (Participation.Role.FUNDING, Participation.Role.IMPLEMENTING):
        services.participation_add(actor=SYSTEM, project=project, organisation=org, role=role)
    assert project.participations.count() == 2
    with pytest.raises(ValidationError):
        services.participation_add(
            actor=SYSTEM, project=project, organisation=org, role=Participation.Role.FUNDING
        )


def test_end_before_start_is_refused():
    with pytest.raises(ValidationError):
        factories.project(start="2022", end="2021-06")


def test_an_end_year_after_a_start_month_in_the_same_year_is_fine():
    project = factories.project(start="2021-09", end="2021")
    assert project.end_partial.iso() == "2021" and project.start_partial.iso() == "2021-09"


def test_the_database_refuses_end_before_start():
    project = factories.project(start="2021", end="2022")
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(end=project.start.replace(year=2020))


def test_negative_grants_are_refused_by_validation_and_database():
    project = factories.project()
    with pytest.raises(ValidationError):
        factories.grant(project, amount="-1")
    grant = factories.grant(project, amount="1100000", decided="2021-08")
    with pytest.raises(IntegrityError), transaction.atomic():
        Grant.objects.filter(pk=grant.pk).update(amount=-5)


def test_a_grant_keeps_its_decision_month():
    grant = factories.grant(factories.project(), amount="1100000", decided="2021-08")
    assert grant.decided.danish() == "august 2021"


def test_a_grant_may_have_an_unknown_amount():
    grant = factories.grant(factories.project(), amount=None, decided="2020")
    assert grant.amount is None and grant.decided.iso() == "2020"


def test_cofunding_with_unknown_amount_and_a_planned_reapplication():
    project, life = factories.project(), factories.funding_source(name="LIFE")
    services.cofunding_create(
        actor=SYSTEM, project=project, source=life, status=CoFunding.Status.REJECTED
    )
    services.cofunding_create(
        actor=SYSTEM, project=project, source=life, status=CoFunding.Status.PLANNED, year=2022
    )
    assert [c.status for c in project.cofunding.order_by("id")] == ["rejected", "planned"]


def test_sdgs_are_numbers_from_1_to_17():
    with pytest.raises(ValidationError):
        factories.project(sdgs=[18])
    assert factories.project(sdgs=[7, 13]).sdgs == [7, 13]


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("igangsat", ProjectStatus.STARTED),
        ("Projektet er igangsat", ProjectStatus.STARTED),
        ("afsluttet", ProjectStatus.COMPLETED),
        ("forventes igangsat", ProjectStatus.GRANTED),
        ("ventes igangsat i efteråret 2021", ProjectStatus.GRANTED),
        ("afslag", ProjectStatus.REJECTED),
    ],
)
def test_memo_status_words_map_onto_the_lifecycle(word, status):
    assert services.status_from_word(word) == status


def test_an_unknown_status_word_is_an_error():
    with pytest.raises(ValidationError):
        services.status_from_word("måske")


def test_external_ids_are_unique_when_set():
    factories.project(external_id="R-01-17")
    factories.project(external_id="")
    factories.project(external_id="")
    with pytest.raises(ValidationError):
        factories.project(external_id="R-01-17")
