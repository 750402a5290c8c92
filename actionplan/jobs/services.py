"""The one write path for jobs: start one, run one (the same function whether a Celery worker
or the web process's job thread runs it), record how it ended.

Job rows are operational records, not content: they are saved without an audit event, so a
running job does not change the data version that public caches and ETags are keyed by.
"""

import contextlib
import datetime as dt
import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from actionplan.core.errors import ActionplanError
from actionplan.core.services import Actor, is_system

from . import progress as live
from .models import Job

logger = logging.getLogger(__name__)

# pg_try_advisory_lock(LOCK_CLASS, job id): one run of a job at a time across every worker.
LOCK_CLASS = 0x4A4F42  # "JOB"


class JobNotStarted(ActionplanError):
    """The task queue did not take the job; the job is recorded as failed, nothing changed."""

    def __init__(self, job: Job):
        super().__init__(job.error)
        self.job = job


@dataclass
class Outcome:
    """How a job ended well: what the user is told, and what it produced (bytes, or a
    file on local disk that is copied into storage), or a link to what it made."""

    message: str = ""
    name: str = ""
    content: bytes | None = None
    path: Path | None = None
    link: str = ""
    rows_done: int = 0
    rows_total: int | None = None
    extra: dict = field(default_factory=dict)


def _owner(actor: Actor):
    return None if is_system(actor) or not actor.is_authenticated else actor


def job_start(
    *,
    actor: Actor,
    kind: str,
    params: dict | None = None,
    key: str = "",
    input_name: str = "",
    input_data: bytes | None = None,
    input_path: str = "",
) -> Job:
    """Record a job and hand it to the runner. A job with the same kind and key that is
    waiting, running or done is returned instead of a second one. If the task queue does not
    take it, the job is marked failed (never left waiting) and JobNotStarted is raised; its
    input file stays in storage so it can be started again (job_retry)."""
    if key:
        same = Job.objects.filter(kind=kind, key=key).exclude(state=Job.State.FAILED).first()
        if same is not None:
            return same
    job = Job(kind=kind, key=key, params=params or {}, owner=_owner(actor))
    if input_data is not None:
        job.input.save(input_name or "input", ContentFile(input_data), save=False)
    elif input_path:
        job.input.name = input_path
    job.save()
    _dispatch(job)
    return job


def memo_render_start(*, actor: Actor, round, fmt: str) -> Job:
    """Render a round's memo in a format. Asking again before the data changed finds the
    same job (and file), so a second click or a reload starts nothing new."""
    from actionplan.core.version import data_version

    version = hashlib.sha256(data_version().token.encode()).hexdigest()[:20]
    owner = _owner(actor)
    return job_start(
        actor=actor,
        kind=Job.Kind.MEMO_RENDER,
        params={"round": round.pk, "format": fmt},
        key=f"{owner.pk if owner else 0}:{round.pk}:{fmt}:{version}",
    )


def job_retry(*, actor: Actor, job: Job) -> Job:
    """Start a failed job again with the same input."""
    if job.state != Job.State.FAILED:
        raise ValidationError(_("Only a failed job can be started again."))
    again = Job(
        kind=job.kind, key=job.key, params=job.params, owner=_owner(actor), input=job.input.name
    )
    again.save()
    _dispatch(again)
    return again


def _dispatch(job: Job) -> None:
    runner = settings.ACTIONPLAN_JOB_RUNNER
    if runner == "inline":
        job_run(job.pk)
        job.refresh_from_db()
        return
    if runner == "thread":
        from . import runner as thread_runner

        transaction.on_commit(lambda: thread_runner.submit(job.pk))
        return
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _send(job))
    else:
        _send(job)


def _send(job: Job) -> None:
    from .tasks import run

    try:
        run.apply_async(
            args=[job.pk],
            retry=True,
            retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.5},
        )
    except Exception as exc:
        logger.error("job %s could not be queued: %s", job.pk, exc)
        _fail(
            job,
            _(
                "The job could not be started: the task queue does not answer. Nothing was "
                "changed, and your file is kept; try again in a moment."
            ),
        )
        raise JobNotStarted(job) from exc


# -- running ----------------------------------------------------------------------------------


@contextlib.contextmanager
def _only_run(job_id: int) -> Iterator[bool]:
    """True while no other worker runs this job (a redelivered task whose first run is still
    going). The lock goes with the database session, so a killed worker leaves none."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_CLASS, job_id])
        mine = cursor.fetchone()[0]
    try:
        yield mine
    finally:
        if mine:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_CLASS, job_id])


@transaction.atomic
def _claim(job_id: int) -> Job | None:
    job = Job.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.is_finished:
        return None  # a retry of a job that finished: nothing to do again
    job.attempts += 1
    if job.attempts > settings.ACTIONPLAN_JOB_ATTEMPTS:
        _fail(
            job,
            _(
                "The job was interrupted %(count)s times and is given up; nothing was saved. "
                "Try again, or ask the administrator to look at the workers."
            )
            % {"count": job.attempts - 1},
        )
        return None
    job.state = Job.State.RUNNING
    job.started = job.started or timezone.now()
    job.stage = "started"
    job.save(update_fields=["attempts", "state", "started", "stage"])
    return job


def job_run(job_id: int) -> None:
    """Run a job once to its end: done, or failed with a message for the user. Safe to call
    again for the same job (a retried task): a finished job is left as it is, and work that
    writes commits together with the job's "done", so a retry never writes it twice."""
    from .work import HANDLERS

    with translation.override(settings.LANGUAGE_CODE), _only_run(job_id) as mine:
        if not mine:
            logger.info("job %s is already running elsewhere", job_id)
            return
        job = _claim(job_id)
        if job is None:
            return
        try:
            outcome = HANDLERS[job.kind](job, live.reporter(job.pk))
            if outcome is not None:
                job_finish(job, outcome)
        except (ActionplanError, ValidationError, PermissionDenied) as exc:
            _fail(job, _message(exc))
        except Exception:
            logger.exception("job %s (%s) failed", job.pk, job.kind)
            _fail(
                job,
                _(
                    "The job failed unexpectedly; nothing was saved. Try again, or tell "
                    "the administrator (job %(id)s)."
                )
                % {"id": job.pk},
            )
        finally:
            live.forget(job.pk)


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        from actionplan.core.errors import describe

        return describe(exc)
    return str(exc) or type(exc).__name__


def job_finish(job: Job, outcome: Outcome) -> Job:
    """Record a job as done with what it produced. Work that writes calls this inside its own
    transaction, so its rows and the job's "done" commit together."""
    with transaction.atomic():
        if outcome.content is not None:
            job.result.save(outcome.name, ContentFile(outcome.content), save=False)
        elif outcome.path is not None:
            with outcome.path.open("rb") as handle:
                job.result.save(outcome.name, File(handle), save=False)
        job.state = Job.State.DONE
        job.stage = "done"
        job.finished = timezone.now()
        job.message = outcome.message
        job.result_name = outcome.name
        job.result_link = outcome.link
        job.rows_done = outcome.rows_done
        job.rows_total = outcome.rows_total
        job.save(
            update_fields=[
                "result",
                "state",
                "stage",
                "finished",
                "message",
                "result_name",
                "result_link",
                "rows_done",
                "rows_total",
            ]
        )
    return job


def _fail(job: Job, message: str) -> None:
    job.state = Job.State.FAILED
    job.finished = timezone.now()
    job.error = message
    job.save(update_fields=["state", "finished", "error", "attempts"])


# -- housekeeping -----------------------------------------------------------------------------


def jobs_sweep(*, now: dt.datetime | None = None) -> int:
    """Fail jobs that no runner will finish: waiting for a day (the task was lost), or
    running past the longest a job may take. Returns how many."""
    now = now or timezone.now()
    stale = Job.objects.filter(
        state=Job.State.QUEUED, created__lt=now - dt.timedelta(days=1)
    ) | Job.objects.filter(
        state=Job.State.RUNNING,
        started__lt=now - dt.timedelta(seconds=settings.ACTIONPLAN_JOB_MAX_SECONDS),
    )
    count = 0
    for job in stale:
        _fail(job, _("The job was never finished; nothing was saved. Start it again."))
        count += 1
    # A finished import's file is kept a week (to look into a failure), then removed.
    for job in Job.objects.filter(
        state=Job.State.DONE, finished__lt=now - dt.timedelta(days=7)
    ).exclude(input=""):
        job.input.delete(save=False)
        job.save(update_fields=["input"])
    return count


def jobs_interrupted() -> int:
    """The web process's job thread is gone when the process restarts: its jobs are failed
    at start-up so none waits forever (only with the thread runner, one web process)."""
    count = 0
    for job in Job.objects.filter(state__in=[Job.State.QUEUED, Job.State.RUNNING]):
        _fail(job, _("The server restarted while the job ran; nothing was saved. Start it again."))
        count += 1
    return count
