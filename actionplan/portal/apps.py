from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "actionplan.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from .search import register_fold

        connection_created.connect(register_fold, dispatch_uid="actionplan_portal_fold")
