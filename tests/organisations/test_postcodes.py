import pytest
from django.core.exceptions import ValidationError

from actionplan.core.services import SYSTEM
from actionplan.organisations.postcodes import POSTCODES, postcode_municipality, postcode_parse
from actionplan.projects import services as projects
from tests import factories


@pytest.mark.parametrize(
    ("written", "postcode", "municipality"),
    [
        ("2100", "2100", 101),  # København Ø
        ("DK-2100 København Ø", "2100", 101),
        ("dk 2100", "2100", 101),
        ("8000 Aarhus C", "8000", 751),
        ("5000, Odense C", "5000", 461),
        ("  6700   Esbjerg ", "6700", 561),
        (2000, "2000", 147),  # a spreadsheet's number: Frederiksberg
        (800.0, "0800", 169),  # Høje-Taastrup, its zero lost
        ("7800 Skive", "7800", 779),
        ("3760 Gudhjem", "3760", 400),  # Bornholm, not Christiansø
        ("9100", "9100", 851),  # Aalborg's PO boxes
        ("", "", None),
        (None, "", None),
    ],
)
def test_postcodes_are_read_as_people_write_them(written, postcode, municipality):
    assert postcode_parse(written) == postcode
    assert postcode_municipality(postcode) == municipality


@pytest.mark.parametrize("written", ["0000", "DK-0000", "1234 Nowhere", "21OO", "21000", "Vej 7"])
def test_unknown_and_garbled_postcodes_are_refused(written):
    with pytest.raises(ValidationError):
        postcode_parse(written)


def test_the_table_names_real_municipalities_only():
    from actionplan.organisations.municipalities import MUNICIPALITIES

    assert len(POSTCODES) > 1000
    assert {code for code, _town in POSTCODES.values()} <= set(MUNICIPALITIES)


@pytest.mark.django_db
def test_a_projects_postcode_follows_it_through_the_services():
    project = projects.project_create(actor=SYSTEM, title="Havn", slug="havn", postcode="6700")
    assert list(project.municipality_links.values_list("code", flat=True)) == [561]
    projects.project_update(actor=SYSTEM, project=project, postcode="9990")
    assert list(project.municipality_links.values_list("code", flat=True)) == [813]  # Skagen
    projects.project_update(actor=SYSTEM, project=project, postcode="")
    assert not project.municipality_links.exists()


@pytest.mark.django_db
def test_a_postcode_not_in_the_table_is_refused_by_the_model():
    project = factories.project()
    project.postcode = "0000"
    with pytest.raises(ValidationError):
        project.full_clean()
