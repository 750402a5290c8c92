"""Reads of jobs: one's own job and its status with the live progress."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from . import progress as live
from .models import Job

STAGES = {
    "started": _("Starting"),
    "data": _("Collecting the data"),
    "reading": _("Reading the file"),
    "checking": _("Checking the rows"),
    "importing": _("Saving the rows"),
    "render": _("Rendering"),
    "charts": _("Drawing the charts"),
    "writing": _("Writing the file"),
    "done": _("Done"),
}


def jobs_of(user) -> QuerySet[Job]:
    """The jobs a user may see: their own; a superuser sees every job."""
    jobs = Job.objects.select_related("owner")
    return jobs if user.is_superuser else jobs.filter(owner=user)


def job_get(user, pk: int) -> Job | None:
    return jobs_of(user).filter(pk=pk).first()


@dataclass(frozen=True)
class JobStatus:
    job: Job
    stage: str
    done: int
    total: int | None
    seconds_left: int | None

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))


def job_status(job: Job) -> JobStatus:
    """Where a job is: from the live progress while it runs, from its row once it ended.
    Time left is the time so far per row times the rows left."""
    snapshot = live.read(job.pk) if not job.is_finished else None
    stage_code = snapshot.stage if snapshot else job.stage
    done = snapshot.done if snapshot else job.rows_done
    total = snapshot.total if snapshot else job.rows_total
    seconds_left = None
    if snapshot and job.started and total and 0 < done < total:
        spent = snapshot.at - job.started.timestamp()
        seconds_left = max(1, round(spent / done * (total - done)))
    label = str(STAGES.get(stage_code, stage_code)) if stage_code else ""
    return JobStatus(job=job, stage=label, done=done, total=total, seconds_left=seconds_left)
