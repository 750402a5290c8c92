"""Readable histories of plans, focus areas, goals, rounds and organisations, and the log of
every change: filtered by who, what and when, paged by key, for system administrators only."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplan.accounts.models import Role
from actionplan.core.history import format_moment
from actionplan.core.models import AuditEvent
from actionplan.core.selectors import LogFilter, audit_log, log_events
from actionplan.organisations import services as organisations
from actionplan.plans import services as plans
from actionplan.rounds import services as rounds
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return factories.organisation(name="Region Test", kind="region")


@pytest.fixture
def plan(region):
    return factories.plan(organisation=region, title="Handlingsplan Test")


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_user(
        username="root", password="a-long-test-password", is_staff=True, is_superuser=True
    )


@pytest.fixture
def editor(region):
    return factories.user("anna", role=Role.EDITOR, organisation=region)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# -- object histories ---------------------------------------------------------------------


def test_a_focus_area_history_tells_who_changed_what_and_includes_its_goals(client, plan, editor):
    area = factories.focus_area(factories.theme(plan), title="Sikre grundvandet")
    plans.focus_area_update(actor=editor, focus_area=area, title="Rent grundvand")
    goal = plans.goal_create(actor=editor, focus_area=area, statement="85 % sikret i 2030")
    plans.goal_update(actor=editor, goal=goal, statement="90 % sikret i 2030")
    client.force_login(editor)
    page = text(client.get(reverse("workspace:history", args=["indsatsomraade", area.pk])))
    assert "Sikre grundvandet" in page and "Rent grundvand" in page
    assert "af anna" in page
    assert "90 % sikret i 2030" in page  # the goal's change, a part of the focus area
    goal_page = text(client.get(reverse("workspace:history", args=["maal", goal.pk])))
    assert "85 % sikret i 2030" in goal_page


@pytest.mark.parametrize("kind", ["plan", "indsatsomraade", "maal", "statusrunde", "organisation"])
def test_every_kind_of_history_page_answers_staff_and_hides_from_outsiders(
    client, plan, region, editor, kind
):
    area = factories.focus_area(factories.theme(plan))
    goal = factories.goal(area)
    status_round = rounds.round_open(
        actor=editor, plan=plan, name="Status 2022", slug="s22", reference_date=dt.date(2022, 1, 1)
    )
    obj = {
        "plan": plan,
        "indsatsomraade": area,
        "maal": goal,
        "statusrunde": status_round,
        "organisation": region,
    }[kind]
    url = reverse("workspace:history", args=[kind, obj.pk])
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert "oprettet af" in text(response)
    outsider = factories.user(role=Role.EDITOR, plan=factories.plan(status="draft"))
    client.force_login(outsider)
    if kind == "organisation":
        assert client.get(url).status_code == 200  # the shared register
    else:
        assert client.get(url).status_code == 404


def test_a_round_history_shows_its_state_changes_and_approvals(client, plan, editor):
    area = factories.focus_area(factories.theme(plan))
    project = factories.project([area], status="started")
    status_round = rounds.round_open(
        actor=editor, plan=plan, name="Status 2022", slug="s22", reference_date=dt.date(2022, 1, 1)
    )
    request = rounds.status_update_create(
        actor=editor,
        project=project,
        round=status_round,
        date=dt.date(2022, 1, 1),
        status="started",
        narrative="I gang",
    )
    rounds.update_approve(actor=editor, request=request)
    rounds.round_close(actor=editor, round=status_round)
    client.force_login(editor)
    page = text(client.get(reverse("workspace:history", args=["statusrunde", status_round.pk])))
    assert "lukket" in page  # the round's state changed to closed
    assert "godkendt" in page.lower()  # the request's state changed to approved


def test_a_history_page_makes_the_same_number_of_queries_for_few_and_many_changes(
    client, plan, editor
):
    area = factories.focus_area(factories.theme(plan))
    client.force_login(editor)
    url = reverse("workspace:history", args=["indsatsomraade", area.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    plans.goal_create(actor=editor, focus_area=area, statement="Mål 0")
    few = count()
    for n in range(1, 30):
        goal = plans.goal_create(actor=editor, focus_area=area, statement=f"Mål {n}")
        plans.goal_update(actor=editor, goal=goal, statement=f"Mål {n}b")
        plans.focus_area_update(actor=editor, focus_area=area, title=f"Område {n}")
    assert count() == few


# -- the log ------------------------------------------------------------------------------


def test_only_system_administrators_read_the_log(client, editor, region, superuser):
    url = reverse("workspace:log")
    admin = factories.user("ida", role=Role.ADMIN, organisation=region)
    reporter = factories.user("rita", role=Role.REPORTER, project=factories.project())
    for user in (editor, admin, reporter):
        client.force_login(user)
        assert client.get(url).status_code == 403, user
        assert url not in text(client.get(reverse("workspace:home")))
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(superuser)
    assert client.get(url).status_code == 200
    assert url in text(client.get(reverse("workspace:home")))


def test_the_log_filters_by_who_what_action_and_day(client, plan, editor, superuser):
    area = factories.focus_area(factories.theme(plan), title="Grundvand")
    plans.focus_area_update(actor=editor, focus_area=area, title="Rent grundvand")
    organisations.organisation_create(
        actor=superuser, name="Ishøj Kommune", slug="ishoej", kind="municipality"
    )
    client.force_login(superuser)
    url = reverse("workspace:log")

    def shown(**query) -> str:
        response = client.get(url, query)
        assert response.status_code == 200
        return text(response)

    everything = shown()
    assert "Rent grundvand" in everything and "Ishøj Kommune" in everything
    by_anna = shown(who="anna")
    assert "Rent grundvand" in by_anna and "Ishøj Kommune" not in by_anna
    organisations_only = shown(what="organisations.organisation")
    assert "Ishøj Kommune" in organisations_only and "Rent grundvand" not in organisations_only
    changed = shown(action="update")
    assert "Rent grundvand" in changed and "Ishøj Kommune" not in changed
    today = timezone.localdate()
    assert "Ishøj Kommune" in shown(since=today.isoformat(), until=today.isoformat())
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    assert "Ishøj Kommune" not in shown(until=yesterday)
    refused = shown(since=today.isoformat(), until=yesterday)
    assert "Slutdatoen ligger før startdatoen" in refused or "end date is before" in refused


def test_the_log_pages_by_key_through_every_event_once(superuser):
    org = factories.organisation()
    for n in range(1, 121):
        organisations.organisation_update(actor=superuser, organisation=org, name=f"Navn {n}")
    filters = LogFilter(object_type="organisations.organisation", who="root")
    seen, cursor, pages = [], "", 0
    while True:
        page = audit_log(filters, after=cursor, size=50)
        seen += [entry.event_id for entry in page.entries]
        pages += 1
        cursor = page.next_cursor
        if not cursor:
            break
    assert pages == 3 and len(seen) == len(set(seen)) == 120
    assert seen == sorted(seen, reverse=True)  # newest first


def test_the_log_page_makes_the_same_number_of_queries_for_1_and_50_events(client, superuser):
    client.force_login(superuser)
    url = reverse("workspace:log") + "?what=projects.grant"
    source = factories.funding_source()

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        return len(captured), text(response).count("<tr>") - 1

    project = factories.project()
    factories.grant(project, amount="1", source=source)
    one = count()
    for n in range(49):
        factories.grant(factories.project(), amount=str(n + 2), source=source)
    fifty = count()
    assert (one[1], fifty[1]) == (1, 50)
    assert one[0] == fifty[0]


def test_every_log_filter_reads_through_an_index():
    """What the log filters by is indexed together with its order (at, id)."""
    if connection.vendor == "postgresql":
        # A test database is tiny: without this the planner rightly reads the whole table.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
    filters = [
        LogFilter(),
        LogFilter(who="anna"),
        LogFilter(object_type="projects.grant"),
        LogFilter(action="delete"),
    ]
    for log_filter in filters:
        plan = log_events(log_filter)[:50].explain()
        # PostgreSQL: "Index Scan ..."; SQLite: "SCAN core_auditevent USING INDEX ...".
        assert "index" in plan.lower() and "Seq Scan" not in plan, (log_filter, plan)


def test_the_log_and_histories_write_every_moment_one_way(client, superuser):
    org = factories.organisation(name="Ishøj")
    client.force_login(superuser)
    event = AuditEvent.objects.filter(object_id=str(org.pk)).latest("id")
    moment = format_moment(event.at)
    assert re.fullmatch(r"\d{1,2}\. \w+ \d{4} kl\. \d{2}\.\d{2}", moment)
    log = text(client.get(reverse("workspace:log")))
    history = text(client.get(reverse("workspace:history", args=["organisation", org.pk])))
    assert moment in log and moment in history
