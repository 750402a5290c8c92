import pytest
from django import forms

from actionplan.organisations.models import Organisation
from actionplan.workspace.forms import ModelChoiceField, ModelMultipleChoiceField
from tests import factories

pytestmark = pytest.mark.django_db

BEYOND_64_BITS = str(2**70)


class ChoiceForm(forms.Form):
    one = ModelChoiceField(queryset=Organisation.objects.all(), required=False)
    several = ModelMultipleChoiceField(queryset=Organisation.objects.all(), required=False)


@pytest.mark.parametrize("field", ["one", "several"])
def test_an_id_beyond_what_the_database_stores_is_an_invalid_choice(field):
    form = ChoiceForm({field: BEYOND_64_BITS})
    assert not form.is_valid()
    assert list(form.errors) == [field]


def test_a_real_id_is_still_chosen():
    organisation = factories.organisation()
    form = ChoiceForm({"one": organisation.pk, "several": [organisation.pk]})
    assert form.is_valid()
    assert form.cleaned_data["one"] == organisation
    assert list(form.cleaned_data["several"]) == [organisation]
