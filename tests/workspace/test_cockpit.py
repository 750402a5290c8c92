import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplan.core.services import SYSTEM
from actionplan.rounds.models import UpdateRequest
from actionplan.rounds.services import round_request_updates, update_submit
from tests import factories
from tests.rounds.fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def home(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("workspace:home")).content.decode()


def number_behind(page: str, url_part: str) -> int:
    """The number shown in the link whose address contains url_part."""
    match = re.search(
        r'href="[^"]*' + re.escape(url_part) + r'[^"]*">(?:<span class="figure">)?(\d+)', page
    )
    assert match, url_part
    return int(match[1])


def listed(client, url: str) -> str:
    answer = client.get(url)
    assert answer.status_code == 200
    return answer.content.decode()


def submit(lead, status_round, project):
    return update_submit(
        actor=lead,
        request=UpdateRequest.objects.get(round=status_round, project=project),
        status="started",
        narrative="Det går godt.",
    )


def test_the_cockpit_counts_a_rounds_requests_by_state_with_a_list_behind_each(
    client, status_round, editor, lead_a, project_a, project_b
):
    submit(lead_a, status_round, project_a)
    page = home(client, editor)
    rid = status_round.pk
    assert number_behind(page, f"runde={rid}&amp;tilstand=asked") == 2
    assert number_behind(page, f"runde={rid}&amp;tilstand=draft") == 1
    assert number_behind(page, f"runde={rid}&amp;tilstand=submitted") == 1
    assert number_behind(page, f"runde={rid}&amp;tilstand=approved") == 0
    # The deadline (15 September 2024) has passed: the draft is overdue.
    assert number_behind(page, f"runde={rid}&amp;tilstand=overdue") == 1
    assert 'class="bar-submitted"' in page and 'class="bar-draft"' in page
    url = reverse("workspace:cockpit_requests")
    drafts = listed(client, f"{url}?runde={rid}&tilstand=draft")
    assert "Projekt B" in drafts and "Projekt A" not in drafts
    overdue = listed(client, f"{url}?runde={rid}&tilstand=overdue")
    assert "Projekt B" in overdue and "Projekt A" not in overdue


def test_what_waits_for_the_editor_lists_submitted_and_returned_updates(
    client, status_round, editor, lead_a, lead_b, project_a, project_b
):
    from actionplan.rounds.services import update_return

    submit(lead_a, status_round, project_a)
    update_return(
        actor=editor, request=submit(lead_b, status_round, project_b), comment="Mere tekst."
    )
    page = home(client, editor)
    assert number_behind(page, "mine=1&amp;tilstand=submitted") == 1
    assert number_behind(page, "mine=1&amp;tilstand=returned") == 1
    url = reverse("workspace:cockpit_requests")
    assert "Projekt A" in listed(client, f"{url}?mine=1&tilstand=submitted")
    assert "Projekt B" in listed(client, f"{url}?mine=1&tilstand=returned")


def test_indicators_without_a_measurement_this_year(client, plan, area, editor):
    year = timezone.localdate().year
    goal = factories.goal(area)
    measured = factories.indicator(goal, observations=[(dt.date(year, 1, 15), 5)], name="Målt")
    factories.indicator(goal, observations=[(dt.date(year - 1, 6, 1), 5)], name="Gammel måling")
    page = home(client, editor)
    assert number_behind(page, reverse("workspace:cockpit_indicators")) == 1
    listing = listed(client, reverse("workspace:cockpit_indicators"))
    assert "Gammel måling" in listing and measured.name not in listing


def test_running_projects_without_an_approved_update_for_a_year(client, plan, area, editor):
    today = timezone.localdate()
    long_ago = (today - dt.timedelta(days=800)).isoformat()
    stale = factories.project(focus_areas=[area], title="Glemt", start=long_ago)
    fresh = factories.project(focus_areas=[area], title="Opdateret", start=long_ago)
    factories.project(focus_areas=[area], title="Nystartet", start=today.isoformat())
    factories.status_update(fresh, date=today - dt.timedelta(days=30), status="started")
    page = home(client, editor)
    assert number_behind(page, reverse("workspace:cockpit_projects")) == 1
    listing = listed(client, reverse("workspace:cockpit_projects"))
    assert stale.title in listing and "Opdateret" not in listing and "Nystartet" not in listing


def test_goals_off_track(client, plan, area, editor):
    goal = factories.goal(area, statement="Flere cykelstier")
    factories.indicator(
        goal,
        observations=[(dt.date(2021, 12, 31), 110)],
        baseline_value=100,
        baseline_year=2018,
        target_value=200,
        target_year=2020,
    )
    factories.goal(area, statement="Uden målinger")
    page = home(client, editor)
    assert number_behind(page, reverse("workspace:cockpit_goals")) == 1
    listing = listed(client, reverse("workspace:cockpit_goals"))
    assert "Flere cykelstier" in listing and "Uden målinger" not in listing


def test_a_reporter_sees_what_they_owe_and_by_when_and_no_cockpit(
    client, status_round, lead_a, project_a
):
    page = home(client, lead_a)
    assert "Projekt A" in page and "Projekt B" not in page
    assert "15. september 2024" in page
    assert (
        reverse(
            "workspace:update_request",
            args=[UpdateRequest.objects.get(round=status_round, project=project_a).pk],
        )
        in page
    )
    assert "cockpit-round" not in page
    submit(lead_a, status_round, project_a)
    assert "owed-title" not in home(client, lead_a)


def test_a_reporter_cannot_open_the_lists_of_a_round(client, status_round, lead_a):
    client.force_login(lead_a)
    url = reverse("workspace:cockpit_requests")
    assert client.get(f"{url}?runde={status_round.pk}").status_code == 404
    assert "Projekt" not in listed(client, f"{url}?mine=1&tilstand=submitted").split("<h1")[1]
    assert "<table" not in listed(client, reverse("workspace:cockpit_projects"))


def test_an_editor_of_another_organisation_sees_none_of_it(client, status_round, lead_a, project_a):
    other = factories.organisation()
    factories.plan(organisation=other)
    outsider = factories.user(role="editor", organisation=other)
    submit(lead_a, status_round, project_a)
    page = home(client, outsider)
    assert "Status 2024" not in page
    assert number_behind(page, "mine=1&amp;tilstand=submitted") == 0


# -- query counts --------------------------------------------------------------------------


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def more_projects(area, editor, status_round, n):
    today = timezone.localdate()
    for i in range(n):
        project = factories.project(
            focus_areas=[area],
            title=f"Ekstra {i}",
            start=(today - dt.timedelta(days=900)).isoformat(),
        )
        lead = factories.user(role="reporter", project=project)
        factories.user(role="reporter", project=project)
        if i % 2:
            factories.status_update(project, date=today, status="started")
        del lead
    round_request_updates(actor=editor, round=status_round)
    for request in UpdateRequest.objects.filter(round=status_round)[: n // 2]:
        UpdateRequest.objects.filter(pk=request.pk).update(state="submitted")


def test_the_cockpit_queries_do_not_grow_with_the_projects(client, area, editor, status_round):
    client.force_login(editor)
    url = reverse("workspace:home")
    few = queries(client, url)
    more_projects(area, editor, status_round, 25)
    assert queries(client, url) == few


def test_the_lists_behind_the_numbers_do_not_grow_with_the_projects(
    client, area, editor, status_round, lead_a, project_a
):
    submit(lead_a, status_round, project_a)  # one row in each list, then many
    client.force_login(editor)
    urls = [
        reverse("workspace:cockpit_requests") + f"?runde={status_round.pk}",
        reverse("workspace:cockpit_requests") + "?mine=1&tilstand=submitted",
        reverse("workspace:cockpit_projects"),
        reverse("workspace:cockpit_indicators"),
        reverse("workspace:cockpit_goals"),
    ]
    few = [queries(client, url) for url in urls]
    more_projects(area, editor, status_round, 25)
    assert [queries(client, url) for url in urls] == few


def test_a_reporters_home_queries_do_not_grow_with_what_they_owe(
    client, area, editor, status_round, lead_a
):
    client.force_login(lead_a)
    url = reverse("workspace:home")
    few = queries(client, url)
    from actionplan.accounts.services import membership_grant

    for i in range(10):
        project = factories.project(focus_areas=[area], title=f"Mere {i}")
        membership_grant(actor=SYSTEM, user=lead_a, role="reporter", project=project)
    round_request_updates(actor=editor, round=status_round)
    client.force_login(lead_a)
    assert "Mere 9" in client.get(url).content.decode()
    assert queries(client, url) == few
