import pytest
from django.core.exceptions import ValidationError

from tests import factories

pytestmark = pytest.mark.django_db


def test_a_cvr_number_has_eight_digits():
    with pytest.raises(ValidationError):
        factories.organisation(cvr="1234")
    assert factories.organisation(cvr="12345678").cvr == "12345678"


def test_two_organisations_cannot_share_a_cvr_number_but_many_can_have_none():
    factories.organisation(cvr="12345678")
    factories.organisation(cvr="")
    factories.organisation(cvr="")
    with pytest.raises(ValidationError):
        factories.organisation(cvr="12345678")
