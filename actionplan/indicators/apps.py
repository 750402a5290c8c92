from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "actionplan.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        # A plan copied to the next period takes its goals' indicators along.
        from actionplan.plans import signals

        from .services import goal_indicators_copy

        signals.goal_copied.connect(
            lambda sender, signal=None, **kwargs: goal_indicators_copy(**kwargs),
            weak=False,
            dispatch_uid="indicators.goal_indicators_copy",
        )
