"""What each kind of job does: a call into the entry point that already does the work (memo
renderers, ingest services, reminders, notices, retention; the open-data exports register
themselves). A handler
returns an Outcome for jobs that only read (exports, memos), or finishes the job itself inside
the transaction of its writes (imports), so a retried import never writes its rows twice."""

from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from actionplan.core.services import Actor, system

from .models import Job
from .progress import Progress, call_with_progress
from .services import Outcome, job_finish

Handler = Callable[[Job, Progress], Outcome | None]


def _actor(job: Job) -> Actor:
    return job.owner if job.owner is not None else system(f"job {job.pk}")


def _locked(job: Job) -> Job:
    """The job row, locked for the writing transaction; refuses if it finished meanwhile."""
    current = Job.objects.select_for_update().get(pk=job.pk)
    if current.is_finished:
        raise RuntimeError(f"job {job.pk} finished while it ran")
    return current


def _upload(job: Job):
    from actionplan.ingest.safety import Upload

    with job.input.open("rb") as handle:
        data = handle.read()
    return Upload(name=job.params["name"], kind=job.params["kind"], data=data)


# -- memo ---------------------------------------------------------------------------------------


def memo_render(job: Job, progress: Progress) -> Outcome:
    from actionplan.reports.builder import build_memo
    from actionplan.reports.formats import FORMATS
    from actionplan.rounds.models import StatusRound

    status_round = StatusRound.objects.select_related("plan").get(pk=job.params["round"])
    fmt = job.params["format"]
    progress("data", 0, 2)
    memo = build_memo(status_round)
    progress("render", 1, 2)
    content = call_with_progress(FORMATS[fmt].render, progress, memo=memo)
    progress("render", 2, 2)
    stem = slugify(f"{status_round.plan.slug} {status_round.slug}") or "notat"
    name = f"notat-{stem}.{fmt}"
    return Outcome(
        message=_("The memo of %(round)s is ready.") % {"round": status_round.name},
        name=name,
        content=content,
    )


# -- imports ------------------------------------------------------------------------------------


def sheet_import(job: Job, progress: Progress) -> None:
    from actionplan.ingest import services as ingest
    from actionplan.ingest import spreadsheets
    from actionplan.plans.models import FocusArea

    params = job.params
    mapping = spreadsheets.Mapping(
        name=params["mapping"]["name"],
        columns=params["mapping"]["columns"],
        options=params["mapping"].get("options", {}),
    )
    focus_area = (
        FocusArea.objects.get(pk=params["focus_area"]) if params.get("focus_area") else None
    )
    upload = _upload(job)
    with transaction.atomic():
        job = _locked(job)
        result = call_with_progress(
            ingest.projects_sheet_import,
            progress,
            actor=_actor(job),
            upload=upload,
            mapping=mapping,
            currency=params.get("currency", "DKK"),
            rate=Decimal(params["rate"]) if params.get("rate") else None,
            focus_area=focus_area,
            publish=params.get("publish", False),
            create_focus_areas=params.get("create_focus_areas", False),
        )
        job_finish(
            job,
            Outcome(
                message=_(
                    "%(file)s is imported: %(rows)s rows, %(created)s new projects, "
                    "%(updated)s updated, %(unchanged)s unchanged."
                )
                % {
                    "file": upload.name,
                    "rows": result.rows,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
                link=reverse("workspace:projects"),
                rows_done=result.rows,
                rows_total=result.rows,
            ),
        )


def _draft_import(job: Job, progress: Progress, create: Callable[..., object]) -> None:
    upload = _upload(job)
    progress("reading", 0, None)
    with transaction.atomic():
        job = _locked(job)
        draft = create(actor=_actor(job), upload=upload, **job.params.get("arguments", {}))
        job_finish(
            job,
            Outcome(
                message=_("%(file)s is read; review what was found.") % {"file": upload.name},
                link=reverse("workspace:import_draft", kwargs={"pk": draft.pk}),
            ),
        )


def plan_import(job: Job, progress: Progress) -> None:
    from actionplan.ingest.services import plan_draft_create

    _draft_import(job, progress, plan_draft_create)


def memo_import(job: Job, progress: Progress) -> None:
    from actionplan.ingest.services import memo_draft_create

    _draft_import(job, progress, memo_draft_create)


# -- periodic work ------------------------------------------------------------------------------


def reminders(job: Job, progress: Progress) -> Outcome:
    from actionplan.rounds.services import reminders_send

    sent = reminders_send(actor=system("reminders"))
    return Outcome(message=_("%(count)s reminders sent.") % {"count": len(sent)})


def notices(job: Job, progress: Progress) -> Outcome:
    from actionplan.notices.services import digest_send

    return Outcome(message=_("%(count)s e-mails sent.") % {"count": digest_send()})


def retention(job: Job, progress: Progress) -> Outcome:
    from actionplan.privacy.services import retention_run

    result = retention_run(actor=system("retention"))
    return Outcome(message=_("%(count)s contacts anonymised.") % {"count": len(result.anonymised)})


# The work of apps above jobs (opendata's full exports) is added by them in AppConfig.ready().
HANDLERS: dict[str, Handler] = {
    Job.Kind.MEMO_RENDER: memo_render,
    Job.Kind.SHEET_IMPORT: sheet_import,
    Job.Kind.PLAN_IMPORT: plan_import,
    Job.Kind.MEMO_IMPORT: memo_import,
    Job.Kind.REMINDERS: reminders,
    Job.Kind.NOTICES: notices,
    Job.Kind.RETENTION: retention,
}


def register(kind: str, handler: Handler) -> None:
    """Say what a kind of job does, for an app that the jobs app must not import."""
    HANDLERS[kind] = handler
