"""Jobs through the same job_run a worker calls, run in the test (ACTIONPLAN_JOB_RUNNER=inline);
tests/jobs/test_worker.py runs them in real Celery workers."""

import datetime as dt

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from actionplan.core.services import SYSTEM
from actionplan.jobs import progress, services
from actionplan.jobs.models import Job
from actionplan.projects.models import Project
from actionplan.rounds import services as rounds
from tests import factories
from tests.jobs.sheets import projects_csv, sheet_params

pytestmark = pytest.mark.django_db


def danish(text: str) -> str:
    with translation.override("da"):
        return translation.gettext(text)


@pytest.fixture
def admin():
    return factories.user(is_superuser=True)


def start_import(actor, rows=3, **params):
    return services.job_start(
        actor=actor,
        kind=Job.Kind.SHEET_IMPORT,
        params={**sheet_params(), **params},
        input_name="tilskud.csv",
        input_data=projects_csv(rows),
    )


def test_a_sheet_import_job_imports_the_rows_and_says_so(admin):
    job = start_import(admin, rows=3)
    assert job.state == Job.State.DONE, job.error
    assert Project.objects.count() == 3
    assert (job.rows_done, job.rows_total) == (3, 3)
    assert "3 rows" in job.message or "3 rækker" in job.message


def test_running_a_finished_import_again_writes_nothing(admin):
    job = start_import(admin, rows=3)
    services.job_run(job.pk)  # a redelivered task
    assert Project.objects.count() == 3
    job.refresh_from_db()
    assert job.attempts == 1


def test_a_bad_sheet_fails_the_job_with_a_danish_message_and_writes_nothing(admin):
    job = services.job_start(
        actor=admin,
        kind=Job.Kind.SHEET_IMPORT,
        params=sheet_params(),
        input_name="tilskud.csv",
        input_data=projects_csv(2) + b"P3;;2020;2021;mange penge;X\n",
    )
    assert job.state == Job.State.FAILED
    assert job.error and "række" in job.error.lower()
    assert not Project.objects.exists()


def test_a_job_interrupted_too_often_is_given_up_with_a_message(admin, settings):
    settings.ACTIONPLAN_JOB_ATTEMPTS = 2
    job = Job.objects.create(kind=Job.Kind.REMINDERS, state=Job.State.RUNNING, attempts=2)
    services.job_run(job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.error == danish(
        "The job was interrupted %(count)s times and is given up; "
        "nothing was saved. Try again, or ask the administrator to look at the workers."
    ) % {"count": 2}


def test_a_broker_that_does_not_answer_fails_the_job_and_says_so(
    admin, settings, monkeypatch, django_capture_on_commit_callbacks
):
    # tests/jobs/test_worker.py does this against a real broker address with nothing behind it
    from kombu.exceptions import OperationalError

    from actionplan.jobs import tasks

    def refused(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    settings.ACTIONPLAN_JOB_RUNNER = "celery"
    monkeypatch.setattr(tasks.run, "apply_async", refused)
    # the job is sent once its row is committed (the test's transaction never commits)
    with (
        pytest.raises(services.JobNotStarted) as raised,
        django_capture_on_commit_callbacks(execute=True),
    ):
        start_import(admin)
    job = raised.value.job
    assert job.state == Job.State.FAILED
    assert job.error == danish(
        "The job could not be started: the task queue does not answer. Nothing was "
        "changed, and your file is kept; try again in a moment."
    )
    assert job.input.storage.exists(job.input.name)  # the upload is kept for a retry
    assert not Job.objects.filter(state=Job.State.QUEUED).exists()


def test_the_same_key_starts_one_job():
    first = services.job_start(actor=SYSTEM, kind=Job.Kind.REMINDERS, key="reminders:today")
    second = services.job_start(actor=SYSTEM, kind=Job.Kind.REMINDERS, key="reminders:today")
    assert first.pk == second.pk
    assert Job.objects.count() == 1


def test_the_full_exports_are_files_rebuilt_for_a_new_data_version():
    from actionplan.opendata import files
    from actionplan.opendata.models import StoredFile

    factories.project(is_published=True)
    jobs = files.refresh()
    assert len(jobs) == 4
    assert {j.state for j in jobs} == {Job.State.DONE}, [j.error for j in jobs]
    stored = StoredFile.objects.get(name="alle.json")
    with stored.file.open("rb") as handle:
        assert handle.read().startswith(b"{")
    assert files.refresh() == []  # same version: not built again
    factories.project(is_published=True)
    again = files.refresh()
    assert len(again) == 4 and not {j.pk for j in again} & {j.pk for j in jobs}
    assert StoredFile.objects.get(name="alle.json").file.name != stored.file.name


def test_a_memo_job_renders_the_memo_into_a_file(admin):
    status_round = rounds.round_create(
        actor=SYSTEM,
        plan=factories.plan(),
        name="Status 2021",
        slug="status-2021",
        reference_date=dt.date(2021, 6, 1),
    )
    job = services.job_start(
        actor=admin,
        kind=Job.Kind.MEMO_RENDER,
        params={"round": status_round.pk, "format": "html"},
    )
    assert job.state == Job.State.DONE, job.error
    with job.result.open("rb") as handle:
        assert b"<html" in handle.read().lower()


def test_the_progress_partial_shows_stage_rows_and_time_left(client, admin):
    job = Job.objects.create(
        kind=Job.Kind.SHEET_IMPORT, state=Job.State.RUNNING, owner=admin, stage="started"
    )
    job.started = job.created
    job.save()
    progress.reporter(job.pk)("importing", 40, 100)
    client.force_login(admin)
    response = client.get(reverse("jobs:detail", args=[job.pk]), HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert 'hx-trigger="every 1s"' in text
    assert "40" in text and "100" in text
    caches["jobs"].clear()


def test_a_finished_job_offers_its_file_and_stops_polling(client, admin):
    status_round = rounds.round_create(
        actor=SYSTEM,
        plan=factories.plan(),
        name="Status 2021",
        slug="status-2021",
        reference_date=dt.date(2021, 6, 1),
    )
    job = services.job_start(
        actor=admin,
        kind=Job.Kind.MEMO_RENDER,
        params={"round": status_round.pk, "format": "html"},
    )
    client.force_login(admin)
    text = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "hx-trigger" not in text
    assert reverse("jobs:download", args=[job.pk]) in text
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200


def test_someone_elses_job_is_not_found(client, admin):
    job = Job.objects.create(kind=Job.Kind.EXPORT, owner=admin)
    client.force_login(factories.user(role="editor", organisation=factories.organisation()))
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404


@override_settings(ACTIONPLAN_JOB_MAX_SECONDS=1)
def test_the_sweep_fails_a_job_that_ran_too_long():
    from django.utils import timezone

    job = Job.objects.create(kind=Job.Kind.EXPORT, state=Job.State.RUNNING)
    Job.objects.filter(pk=job.pk).update(started=timezone.now() - timezone.timedelta(hours=1))
    assert services.jobs_sweep() == 1
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
