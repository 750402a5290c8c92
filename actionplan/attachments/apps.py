from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttachmentsConfig(AppConfig):
    name = "actionplan.attachments"
    label = "attachments"
    verbose_name = _("Attachments")

    def ready(self) -> None:
        from .permissions import register_rules

        register_rules()  # whose roles govern this app's rows (accounts.permissions)
