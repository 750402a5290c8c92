"""The rounds' counters of update requests (rounds.totals): whatever the services do, in any
order and at the same time, the counters hold what counting the requests gives; and the pages
that show them read the counters, so their queries do not grow with the requests."""

import contextlib
import datetime as dt
import os
import random
import threading

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.core.services import SYSTEM
from actionplan.projects import services as projects
from actionplan.projects.models import Project, ProjectStatus
from actionplan.rounds import services as rounds
from actionplan.rounds import totals
from actionplan.rounds.models import RoundAreaTotals, RoundTotals, StatusRound, UpdateRequest
from tests import factories
from tests.rounds.totals_check import counted, stored

ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
State = UpdateRequest.State
STATUSES = (ProjectStatus.STARTED, ProjectStatus.GRANTED, ProjectStatus.APPLIED, ProjectStatus.IDEA)


def _open(plan, slug: str) -> StatusRound:
    return rounds.round_open(
        actor=SYSTEM,
        plan=plan,
        name=slug,
        slug=slug,
        reference_date=dt.date(2024, 9, 1),
        deadline=dt.date(2024, 9, 15),
    )


class World:
    """Two plans with three focus areas each, projects linked to one to three focus areas
    (now and then in both plans), three open rounds; every change through the services."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.plans = [factories.plan(), factories.plan()]
        self.areas = [
            factories.focus_area(factories.theme(plan)) for plan in self.plans for _ in range(3)
        ]
        for _ in range(8):
            self.new_project()
        self.rounds = [
            _open(self.plans[0], "r1"),
            _open(self.plans[0], "r2"),
            _open(self.plans[1], "r3"),
        ]

    def some_areas(self) -> list:
        plan = self.rng.randrange(2)
        areas = self.rng.sample(self.areas[plan * 3 : plan * 3 + 3], self.rng.randint(1, 3))
        if self.rng.random() < 0.2:  # one from the other plan too
            areas.append(self.rng.choice(self.areas[(1 - plan) * 3 : (1 - plan) * 3 + 3]))
        return areas

    def new_project(self) -> None:
        factories.project(focus_areas=self.some_areas(), status=self.rng.choice(STATUSES))

    def project(self) -> Project | None:
        found = list(Project.objects.order_by("pk"))
        return self.rng.choice(found) if found else None

    def request(self, *states: str) -> UpdateRequest | None:
        found = list(
            UpdateRequest.objects.filter(round__isnull=False, state__in=states).order_by("pk")
        )
        return self.rng.choice(found) if found else None

    # -- the steps: each one service call, chosen at random ----------------------------------

    def ask(self) -> None:
        rounds.round_request_updates(actor=SYSTEM, round=self.rng.choice(self.rounds))

    def relink(self) -> None:
        project = self.project()
        if project is not None:
            projects.project_update(actor=SYSTEM, project=project, focus_areas=self.some_areas())

    def report(self) -> None:
        project = self.project()
        if project is not None:
            rounds.status_update_create(
                actor=SYSTEM,
                project=project,
                round=self.rng.choice([*self.rounds, None]),
                date=dt.date(2024, 9, 2),
                status=ProjectStatus.STARTED,
                narrative="Godt i gang.",
            )

    def submit(self) -> None:
        request = self.request(State.DRAFT, State.RETURNED)
        if request is not None:
            rounds.update_submit(
                actor=SYSTEM, request=request, status=ProjectStatus.STARTED, narrative="I gang."
            )

    def approve(self) -> None:
        request = self.request(State.SUBMITTED)
        if request is not None:
            rounds.update_approve(actor=SYSTEM, request=request)

    def give_back(self) -> None:
        request = self.request(State.SUBMITTED)
        if request is not None:
            rounds.update_return(actor=SYSTEM, request=request, comment="Skriv mere.")

    def delete_request(self) -> None:
        request = self.request(*State.values)  # an approved one is refused
        if request is not None:
            rounds.update_request_delete(actor=SYSTEM, request=request)

    def delete_project(self) -> None:
        project = self.project()
        if project is not None:
            projects.project_delete(actor=SYSTEM, project=project)

    def step(self) -> str:
        steps = [
            (self.ask, 3),
            (self.new_project, 3),
            (self.relink, 6),
            (self.report, 5),
            (self.submit, 8),
            (self.approve, 5),
            (self.give_back, 4),
            (self.delete_request, 2),
            (self.delete_project, 1),
        ]
        action = self.rng.choices([s for s, _w in steps], [w for _s, w in steps])[0]
        # Refused now and then (an approved request deleted): then nothing may have changed.
        with contextlib.suppress(ValidationError):
            action()
        return action.__name__


@pytest.mark.django_db
def test_any_sequence_of_service_calls_keeps_the_counters_as_counting_gives_them():
    world = World(random.Random(21))  # noqa: S311 (a repeatable sequence)
    assert stored() == counted()
    done, states = [], set()
    for number in range(250):
        done.append(world.step())
        assert stored() == counted(), f"after step {number}: {done[-1]} ({done[-5:]})"
        states |= set(UpdateRequest.objects.values_list("state", flat=True))
    # Every kind of step ran, and the rounds held requests in every state.
    assert set(done) >= {"ask", "relink", "report", "submit", "approve", "give_back"}
    assert {"delete_request", "delete_project", "new_project"} <= set(done)
    assert states == set(State.values)
    # ... and what the services kept is what rebuild() counts from scratch.
    kept = stored()
    totals.rebuild()
    assert stored() == kept


@pytest.mark.django_db
def test_rebuild_counts_every_round_from_its_requests(status_round, lead_a, project_a):
    rounds.update_submit(
        actor=lead_a,
        request=UpdateRequest.objects.get(round=status_round, project=project_a),
        status=ProjectStatus.STARTED,
        narrative="I gang.",
    )
    right = counted()
    RoundTotals.objects.update(draft=7, submitted=0)
    RoundAreaTotals.objects.all().delete()
    totals.rebuild()
    assert stored() == right
    assert right[status_round.pk, None] == {
        "draft": 1,
        "submitted": 1,
        "approved": 0,
        "returned": 0,
    }


@pytest.mark.django_db
def test_a_round_made_around_the_services_reads_as_asking_nobody(plan):
    bare = StatusRound.objects.create(
        plan=plan, name="Bar", slug="bar", reference_date=dt.date(2024, 9, 1)
    )
    assert totals.of_round(bare).asked == 0


@pytest.mark.django_db
def test_an_approved_request_cannot_be_deleted(status_round, project_a, editor):
    request = UpdateRequest.objects.get(round=status_round, project=project_a)
    rounds.update_submit(
        actor=SYSTEM, request=request, status=ProjectStatus.STARTED, narrative="I gang."
    )
    rounds.update_approve(actor=editor, request=request)
    with pytest.raises(ValidationError, match=r"godkendt|approved"):
        rounds.update_request_delete(actor=editor, request=request)
    assert UpdateRequest.objects.filter(pk=request.pk).exists()


@pytest.mark.django_db
def test_deleting_a_request_takes_it_out_of_the_counts(status_round, project_b, editor):
    request = UpdateRequest.objects.get(round=status_round, project=project_b)
    rounds.update_request_delete(actor=editor, request=request)
    assert not UpdateRequest.objects.filter(pk=request.pk).exists()
    assert totals.of_round(StatusRound.objects.get(pk=status_round.pk)).asked == 1
    assert stored() == counted()


# -- at the same time (PostgreSQL) -------------------------------------------------------------


@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL only (set DATABASE_URL=postgres://...)")
@pytest.mark.django_db(transaction=True)
def test_transitions_and_relinks_at_the_same_time_keep_the_counters_exact():
    rng = random.Random(5)  # noqa: S311 (repeatable test data)
    plan = factories.plan()
    areas = [factories.focus_area(factories.theme(plan)) for _ in range(3)]
    for _ in range(24):
        factories.project(focus_areas=rng.sample(areas, rng.randint(1, 2)), status="started")
    status_round = _open(plan, "samtidig")
    requests = list(UpdateRequest.objects.filter(round=status_round).order_by("pk"))
    project_ids = [request.project_id for request in requests]
    workers = 4
    barrier = threading.Barrier(workers + 1)
    errors: list[BaseException] = []

    def transitions(mine: list[UpdateRequest]) -> None:
        try:
            barrier.wait()
            for request in mine:
                rounds.update_submit(
                    actor=SYSTEM, request=request, status="started", narrative="I gang."
                )
                if request.pk % 3:
                    rounds.update_approve(actor=SYSTEM, request=request)
                else:
                    rounds.update_return(actor=SYSTEM, request=request, comment="Mere.")
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    def relinks(seed: int) -> None:
        own = random.Random(seed)  # noqa: S311
        try:
            barrier.wait()
            for project_id in own.sample(project_ids, len(project_ids)):
                projects.project_update(
                    actor=SYSTEM,
                    project=Project.objects.get(pk=project_id),
                    focus_areas=own.sample(areas, own.randint(1, 3)),
                )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=transitions, args=(requests[n::workers],)) for n in range(workers)
    ]
    threads.append(threading.Thread(target=relinks, args=(9,)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert set(UpdateRequest.objects.values_list("state", flat=True)) == {"approved", "returned"}
    assert stored() == counted()
    kept = stored()
    totals.rebuild()
    assert stored() == kept


@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL only (set DATABASE_URL=postgres://...)")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first", ["submit", "relink"])
def test_a_submit_and_a_relink_of_its_project_at_once_count_right_in_either_order(first):
    """One transaction is held open while the other starts: the second must wait for the
    project's lock, or it counts the request's state and the project's focus areas as they
    were before the first one (the counters end one off in each focus area)."""
    plan = factories.plan()
    old, new = (factories.focus_area(factories.theme(plan)) for _ in range(2))
    project = factories.project(focus_areas=[old], status="started")
    status_round = _open(plan, "to-ad-gangen")
    request = UpdateRequest.objects.get(round=status_round, project=project)

    def submit() -> None:
        rounds.update_submit(actor=SYSTEM, request=request, status="started", narrative="Ok.")

    def relink() -> None:
        projects.project_update(
            actor=SYSTEM, project=Project.objects.get(pk=project.pk), focus_areas=[new]
        )

    errors: list[BaseException] = []

    def second_in_its_thread() -> None:
        try:
            (relink if first == "submit" else submit)()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    second = threading.Thread(target=second_in_its_thread)
    with transaction.atomic():
        (submit if first == "submit" else relink)()
        second.start()
        second.join(timeout=2)  # it waits for the lock (or, unlocked, does its counting now)
    second.join(timeout=60)
    assert not errors, errors
    assert stored() == counted()
    assert stored()[status_round.pk, new.pk]["submitted"] == 1


# -- the pages read the counters ---------------------------------------------------------------


def _grow(area, status_round, count: int) -> None:
    """count more projects asked in the round, in every state."""
    for n in range(count):
        project = factories.project(focus_areas=[area], status="started")
        rounds.round_request_updates(actor=SYSTEM, round=status_round)
        request = UpdateRequest.objects.get(round=status_round, project=project)
        if n % 4:
            rounds.update_submit(
                actor=SYSTEM, request=request, status="started", narrative="I gang."
            )
        if n % 4 == 2:
            rounds.update_approve(actor=SYSTEM, request=request)
        if n % 4 == 3:
            rounds.update_return(actor=SYSTEM, request=request, comment="Mere.")


def _queries(client, url: str) -> list[str]:
    client.get(url)  # per-process caches warm
    cache.clear()  # the cockpit's figures computed afresh: the first view after a change
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [
        q["sql"]
        for q in captured.captured_queries
        if "django_session" not in q["sql"] and "SAVEPOINT" not in q["sql"]
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["workspace:rounds", "workspace:round", "workspace:home"])
def test_the_round_pages_and_the_cockpit_make_as_many_queries_for_1_and_13_requests(
    client, editor, area, status_round, page
):
    url = reverse(page, args=[status_round.pk] if page == "workspace:round" else [])
    client.force_login(editor)
    small = _queries(client, url)
    _grow(area, status_round, 11)
    large = _queries(client, url)
    assert len(large) == len(small), "\n".join(large)
    assert UpdateRequest.objects.filter(round=status_round).count() == 13
    # The counts come from the counters: no query counts requests.
    table = UpdateRequest._meta.db_table
    assert not [q for q in large if table in q and "COUNT(" in q.upper()], large


@pytest.mark.django_db
def test_the_completeness_view_does_not_read_the_requests(client, editor, area, status_round):
    _grow(area, status_round, 3)
    client.force_login(editor)
    response = client.get(reverse("workspace:round", args=[status_round.pk]))
    completeness = response.context["completeness"]
    assert (completeness.requested, completeness.reported) == (5, 2)
    sql = _queries(client, reverse("workspace:round", args=[status_round.pk]))
    assert not [q for q in sql if UpdateRequest._meta.db_table in q], sql


@pytest.mark.django_db
def test_the_round_list_shows_the_counters(client, editor, area, status_round, lead_a, project_a):
    rounds.update_submit(
        actor=lead_a,
        request=UpdateRequest.objects.get(round=status_round, project=project_a),
        status="started",
        narrative="I gang.",
    )
    client.force_login(editor)
    response = client.get(reverse("workspace:rounds"))
    [shown] = response.context["rounds"]
    assert (shown.totals.reported, shown.totals.asked) == (1, 2)
    assert "1 af 2" in response.content.decode()


@pytest.mark.django_db
def test_focus_areas_changed_in_the_admin_are_counted(admin_client, status_round, project_a, plan):
    new = factories.focus_area(factories.theme(plan))
    [link] = project_a.focus_area_links.all()
    forms = {
        f"{prefix}-{key}": "0"
        for prefix in ("participations", "grants", "cofunding")
        for key in ("TOTAL_FORMS", "INITIAL_FORMS")
    }
    response = admin_client.post(
        f"/admin/projects/project/{project_a.pk}/change/",
        {
            "title": project_a.title,
            "slug": project_a.slug,
            "kind": project_a.kind,
            "status": project_a.status,
            "start_precision": "day",
            "end_precision": "day",
            "sdgs": "[]",
            **forms,
            "focus_area_links-TOTAL_FORMS": "1",
            "focus_area_links-INITIAL_FORMS": "1",
            "focus_area_links-0-id": str(link.pk),
            "focus_area_links-0-project": str(project_a.pk),
            "focus_area_links-0-focus_area": str(new.pk),  # moved to the new focus area
            "focus_area_links-0-is_primary": "on",
        },
    )
    assert response.status_code == 302, response.content[:3000]
    assert list(project_a.focus_area_links.values_list("focus_area", flat=True)) == [new.pk]
    assert stored() == counted()
    assert stored()[status_round.pk, new.pk]["draft"] == 1
