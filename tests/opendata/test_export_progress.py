"""The export carries the computed status of indicators, goals, focus areas and themes."""

import pytest
from django.utils import translation

from actionplan.opendata import json_export

pytestmark = pytest.mark.django_db


def _eud(document):
    for theme in document["themes"]:
        for area in theme["focus_areas"]:
            if area["slug"] == "faglaerte":
                return theme, area
    raise AssertionError("no faglaerte focus area")


def test_the_export_carries_the_eud_status_progress_reason_and_forecast(demo):
    with translation.override("en"):
        theme, area = _eud(json_export.build(demo))
    goal = area["goals"][0]
    indicator = goal["indicators"][0]
    assert indicator["status"] == "off_track"
    assert indicator["progress"] == 0
    assert indicator["expected"] == pytest.approx(0.3618)
    assert indicator["reason"].startswith("The value 14 % is at the baseline")
    assert indicator["forecast"]["value"] is None
    assert indicator["forecast"]["text"].startswith("Too little data to forecast")
    assert indicator["baseline"] == {"value": 14, "year": 2019}
    assert (goal["status"], goal["reason"]) == ("off_track", "1 of 1 indicator off track.")
    assert area["status"] == "off_track"
    assert theme["status"] in {"off_track", "at_risk", "on_track", "no_data"}


def test_every_exported_indicator_has_a_known_status(demo):
    statuses = {
        indicator["status"]
        for theme in json_export.build(demo)["themes"]
        for area in theme["focus_areas"]
        for goal in area["goals"]
        for indicator in goal["indicators"]
    }
    assert statuses <= {"achieved", "on_track", "at_risk", "off_track", "no_data"}
    assert "off_track" in statuses


def test_indicator_status_returns_the_computed_code(demo):
    from actionplan.indicators.models import Indicator

    indicator = Indicator.objects.get(goal__focus_area__slug="faglaerte")
    assert json_export.indicator_status(indicator) == "off_track"
