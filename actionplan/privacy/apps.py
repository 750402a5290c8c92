from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "actionplan.privacy"
    label = "privacy"
    verbose_name = _("Personal data")

    def ready(self) -> None:
        from .permissions import register_rules

        register_rules()  # whose roles govern this app's rows (accounts.permissions)
