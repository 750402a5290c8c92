"""A job's page: its progress (an htmx partial polled while it runs), then its result or what
went wrong. Only the job's owner (or a superuser) sees it."""

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from actionplan.accounts.access import workspace_view

from . import selectors, services
from .models import Job


def _job(request, pk: int) -> Job:
    job = selectors.job_get(request.user, pk)
    if job is None:
        raise Http404
    return job


@require_safe
@workspace_view
def job_detail(request, pk):
    job = _job(request, pk)
    template = "jobs/_progress.html" if request.htmx else "jobs/detail.html"
    return render(request, template, {"status": selectors.job_status(job), "nav": "jobs"})


@require_safe
@workspace_view
def job_download(request, pk):
    job = _job(request, pk)
    if job.state != Job.State.DONE or not job.result:
        raise Http404
    return FileResponse(job.result.open("rb"), as_attachment=True, filename=job.result_name)


@require_POST
@workspace_view
def job_retry(request, pk):
    job = _job(request, pk)
    try:
        again = services.job_retry(actor=request.user, job=job)
    except services.JobNotStarted as exc:
        again = exc.job
    return redirect("jobs:detail", pk=again.pk)
