from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "actionplan.reports"
    label = "reports"
    verbose_name = _("reports")

    def ready(self) -> None:
        # Closing a round (rounds.services) freezes its memo as this builder makes it.
        from actionplan.rounds import services as rounds

        from .builder import build_memo_live

        rounds.set_memo_data(lambda status_round: build_memo_live(status_round).to_json())
