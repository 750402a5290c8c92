"""Celery tasks. Each is a thin call into jobs.services, so a retried or redelivered task
finds the job's state and does nothing twice (acks_late and reject_on_worker_lost are set
for all tasks in config.settings)."""

import datetime as dt

from celery import shared_task

from actionplan.core.services import system


@shared_task(name="actionplan.jobs.run")
def run(job_id: int) -> None:
    from .services import job_run

    job_run(job_id)


def _daily(kind: str) -> None:
    from django.utils import timezone

    from .services import job_start

    today: dt.date = timezone.localdate()
    job_start(actor=system(f"beat: {kind}"), kind=kind, key=f"{kind}:{today.isoformat()}")


@shared_task(name="actionplan.jobs.reminders")
def reminders() -> None:
    _daily("reminders")


@shared_task(name="actionplan.jobs.notices_digest")
def notices_digest() -> None:
    _daily("notices")


@shared_task(name="actionplan.jobs.retention")
def retention() -> None:
    _daily("retention")


@shared_task(name="actionplan.jobs.notices_immediate")
def notices_immediate() -> None:
    # Immediate mails that failed are tried again; each notice is claimed once (notices).
    from actionplan.notices.services import send_immediate

    send_immediate()


@shared_task(name="actionplan.jobs.sweep")
def sweep() -> None:
    from .services import jobs_sweep

    jobs_sweep()
