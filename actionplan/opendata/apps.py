from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "actionplan.opendata"
    label = "opendata"
    verbose_name = _("Open data")

    def ready(self) -> None:
        # A full export is a job; the jobs app runs it without knowing the open data.
        from actionplan.jobs import work
        from actionplan.jobs.models import Job

        from . import files

        work.register(Job.Kind.EXPORT, files.build_job)
