"""Yes/no indicators: "ja"/"nej" (and "yes"/"no") wherever values are entered, words wherever
they are shown, never a 0-1 chart."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from actionplan.accounts.models import Role
from actionplan.core.services import SYSTEM
from actionplan.indicators.bulk import import_observations_csv
from actionplan.indicators.models import Indicator
from actionplan.indicators.services import observation_create
from actionplan.plans.models import ActionPlan
from actionplan.portal.templatetags.portal import indicator_value
from tests import factories

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def region():
    return factories.organisation(kind="region")


@pytest.fixture
def plan(region):
    return factories.plan(organisation=region, status=ActionPlan.Status.PUBLISHED)


@pytest.fixture
def milestone(plan):
    area = factories.focus_area(factories.theme(plan))
    return factories.indicator(
        factories.goal(area),
        name="Strategi vedtaget",
        measure=Indicator.Measure.MILESTONE,
        target_value=1,
        target_year=2025,
    )


@pytest.fixture
def editor(region):
    return factories.user(role=Role.EDITOR, organisation=region)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ja", 1),
        ("Ja", 1),
        ("JA", 1),
        (" yes ", 1),
        ("Yes", 1),
        ("nej", 0),
        ("NEJ", 0),
        ("no", 0),
        ("No", 0),
        ("1", 1),
        ("0", 0),
        (1, 1),
        (True, 1),
        (False, 0),
    ],
)
def test_the_service_takes_yes_and_no_in_danish_and_english(milestone, typed, stored):
    made = observation_create(actor=SYSTEM, indicator=milestone, date=D(2024, 1, 1), value=typed)
    assert made.value == Decimal(stored)


@pytest.mark.parametrize("typed", ["måske", "2", "0,5", "N/A"])
def test_anything_else_is_refused_by_name(milestone, typed):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        observation_create(actor=SYSTEM, indicator=milestone, date=D(2024, 1, 1), value=typed)
    assert "is not yes or no" in caught.value.message_dict["value"][0]


def test_a_number_indicator_still_refuses_ja(plan):
    numeric = factories.indicator(measure=Indicator.Measure.UNIT)
    with pytest.raises(ValidationError):
        observation_create(actor=SYSTEM, indicator=numeric, date=D(2024, 1, 1), value="ja")


def test_the_observation_form_takes_ja(client, plan, milestone, editor):
    client.force_login(editor)
    url = reverse("workspace:observation_create", args=[plan.slug, milestone.pk])
    response = client.post(url, {"date": "01.03.2024", "value": "Ja"})
    assert response.status_code in (200, 302)
    assert list(milestone.observations.values_list("value", flat=True)) == [Decimal(1)]


def test_a_csv_file_takes_nej_and_yes(plan, milestone, editor):
    data = (
        "indikator;dato;værdi\nStrategi vedtaget;31.12.2023;nej\nStrategi vedtaget;31.12.2024;YES\n"
    )
    import_observations_csv(actor=editor, data=data.encode(), indicators=[milestone])
    assert list(milestone.observations.values_list("value", flat=True)) == [0, 1]


def test_the_api_takes_ja(client, milestone, editor):
    from actionplan.api.services import token_create

    _token, secret = token_create(actor=editor, name="test")
    response = client.post(
        f"/api/v1/indicators/{milestone.pk}/observations",
        {"date": "2024-05-01", "value": "Ja"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 201, response.content
    assert milestone.observations.get().value == 1


def test_values_are_shown_as_words_in_each_language(milestone):
    with translation.override("da"):
        assert (indicator_value(Decimal(1), milestone), indicator_value(0, milestone)) == (
            "ja",
            "nej",
        )
    with translation.override("en"):
        assert indicator_value(Decimal(1), milestone) == "yes"


def test_the_portal_shows_the_answers_as_words_and_no_chart(client, plan, milestone):
    observation_create(actor=SYSTEM, indicator=milestone, date=D(2023, 6, 1), value="nej")
    observation_create(actor=SYSTEM, indicator=milestone, date=D(2024, 6, 1), value="ja")
    area = milestone.goal.focus_area
    url = reverse("portal:focus_area", args=[plan.slug, area.slug])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="da").content.decode()
    section = html[html.index("Strategi vedtaget") :]
    assert "Seneste: Ja" in section
    assert "1. juni 2023</time>: nej" in section
    assert "Målværdi: ja (2025)" in section
    assert f"chart-indicator-{milestone.pk}" not in html


def test_the_memo_shows_the_answers_as_words_and_no_chart(milestone):
    from actionplan.reports.builder import _Builder

    observation_create(actor=SYSTEM, indicator=milestone, date=D(2023, 6, 1), value="nej")
    observation_create(actor=SYSTEM, indicator=milestone, date=D(2024, 3, 1), value="ja")
    with translation.override("da"):
        builder = _Builder.__new__(_Builder)
        builder.reference = D(2024, 12, 31)
        line = builder.indicator_line(milestone)
    assert line.chart_spec == ""
    assert line.latest == "ja (marts 2024)"
    assert line.target == "ja (2025)"
    assert line.history == ("ja (marts 2024)", "nej (juni 2023)")


def test_the_memo_in_html_and_docx_lists_the_answers_in_words(plan, milestone):
    import io

    from docx import Document

    from actionplan.reports.builder import build_memo_live
    from actionplan.reports.render_docx import render_docx
    from actionplan.reports.render_html import render_html_fragment
    from actionplan.rounds.services import round_create

    observation_create(actor=SYSTEM, indicator=milestone, date=D(2023, 6, 1), value="nej")
    observation_create(actor=SYSTEM, indicator=milestone, date=D(2024, 3, 1), value="ja")
    status_round = round_create(
        actor=SYSTEM, plan=plan, name="Status 2024", slug="s-2024", reference_date=D(2024, 12, 31)
    )
    memo = build_memo_live(status_round, language="da")
    html = render_html_fragment(memo)
    assert "Strategi vedtaget: svar: ja (marts 2024), nej (juni 2023)." in html
    assert "<td>ja (marts 2024)</td>" in html
    text = "\n".join(p.text for p in Document(io.BytesIO(render_docx(memo))).paragraphs)
    assert "Strategi vedtaget: svar: ja (marts 2024), nej (juni 2023)." in text
    assert memo.charts() == 0
