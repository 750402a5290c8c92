from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    name = "actionplan.ingest"
    label = "ingest"
    verbose_name = _("Ingest")

    def ready(self) -> None:
        from .permissions import register_rules

        register_rules()  # whose roles govern this app's rows (accounts.permissions)
