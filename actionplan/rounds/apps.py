from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoundsConfig(AppConfig):
    name = "actionplan.rounds"
    label = "rounds"
    verbose_name = _("Status rounds")

    def ready(self) -> None:
        from .permissions import register_rules

        register_rules()  # whose roles govern this app's rows (accounts.permissions)

        # The projects app tells of focus-area links and deletions without knowing the
        # rounds, whose counters per focus area follow them (rounds.totals).
        from actionplan.projects import signals

        from . import totals

        signals.focus_areas_changed.connect(
            totals.on_focus_areas_changed, dispatch_uid="rounds.totals.focus_areas"
        )
        signals.project_deleting.connect(
            totals.on_project_deleting, dispatch_uid="rounds.totals.project_deleting"
        )
