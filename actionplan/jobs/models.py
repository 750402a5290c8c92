"""A job: work too long for a web request (memo rendering, imports, full exports, periodic
work), run by a Celery worker or, without a broker, by the web process's own job thread."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Kind(models.TextChoices):
        MEMO_RENDER = "memo_render", _("Status memo")
        SHEET_IMPORT = "sheet_import", _("Spreadsheet import")
        PLAN_IMPORT = "plan_import", _("Plan import")
        MEMO_IMPORT = "memo_import", _("Memo import")
        EXPORT = "export", _("Full export")
        REMINDERS = "reminders", _("Reminders")
        NOTICES = "notices", _("Notice digest")
        RETENTION = "retention", _("Retention")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    # Jobs with the same kind and key are one job: a retried start, a second click, a second
    # beat tick find the first (e.g. "json:<data version>" for an export).
    key = models.CharField(max_length=200, blank=True, default="")
    params = models.JSONField(default=dict, blank=True)
    stage = models.CharField(max_length=40, blank=True, default="")
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the job reads (an uploaded file) and writes, through Django's storage.
    input = models.FileField(upload_to="jobs/input/", blank=True, max_length=300)
    result = models.FileField(upload_to="jobs/result/", blank=True, max_length=300)
    result_name = models.CharField(max_length=200, blank=True, default="")
    result_link = models.CharField(max_length=300, blank=True, default="")
    message = models.TextField(blank=True, default="")  # what the user is told when it is done
    error = models.TextField(blank=True, default="")  # what the user is told when it failed
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["kind", "key", "state"], name="jobs_job_kind_key")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_state_display()})"

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
