import shutil

import pytest

from actionplan.core.errors import ActionplanError
from actionplan.core.services import SYSTEM
from actionplan.demo import loader
from actionplan.plans.models import ActionPlan
from actionplan.projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(loader.DATA_DIR, copy)
    monkeypatch.setattr(loader, "DATA_DIR", copy)
    return copy


def test_bad_demo_data_names_file_item_and_field_and_writes_nothing(data_copy):
    memo = data_copy / "memo-2021.yaml"
    memo.write_text(
        memo.read_text(encoding="utf-8").replace("amount: 1500000", "amount: -1500000"),
        encoding="utf-8",
    )
    plans_before = ActionPlan.objects.count()
    with pytest.raises(ActionplanError) as error:
        loader.load_demo(actor=SYSTEM)
    message = str(error.value)
    assert message.startswith("memo-2021.yaml: project drikkevand-paa-tvaers: ")
    assert "amount" in message
    assert ActionPlan.objects.count() == plans_before
    assert not Project.objects.filter(slug="drikkevand-paa-tvaers", grants__amount__lt=0).exists()


def test_an_unknown_focus_area_reference_is_named(data_copy):
    memo = data_copy / "memo-2021.yaml"
    memo.write_text(
        memo.read_text(encoding="utf-8").replace("focus_areas: [grundvand]", "focus_areas: [x]"),
        encoding="utf-8",
    )
    with pytest.raises(ActionplanError, match="Unknown focus area 'x'"):
        loader.load_demo(actor=SYSTEM)
