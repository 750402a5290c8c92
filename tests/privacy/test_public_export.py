import json

import pytest

from actionplan.opendata import json_export
from tests import factories

pytestmark = pytest.mark.django_db


def test_contact_persons_never_appear_in_the_open_data_export():
    project = factories.project(title="Grundvand i Hovedstaden", is_published=True)
    factories.contact(project, name="Birgitte Sørensen", email="bs@kommune.dk", phone="33445566")
    text = json.dumps(json_export.build(None), ensure_ascii=False)
    assert "Grundvand i Hovedstaden" in text  # the project itself is public
    assert "Birgitte Sørensen" not in text
    assert "bs@kommune.dk" not in text
    assert "33445566" not in text
