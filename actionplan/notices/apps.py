from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "actionplan.notices"
    label = "notices"
    verbose_name = _("Notices")

    def ready(self) -> None:
        # The rounds and projects services tell of their events by signals (they sit below
        # notices); each event's notices are made in the sender's transaction, as before.
        from actionplan.projects import signals as project_signals
        from actionplan.rounds import signals as round_signals

        from . import events

        def receiver(event):
            def receive(sender, signal=None, **kwargs):
                event(**kwargs)

            return receive

        connections = [
            (round_signals.requests_opened, events.requests_opened),
            (round_signals.update_submitted, events.update_submitted),
            (round_signals.update_reviewed, events.update_reviewed),
            (round_signals.reminder_due, events.reminder_due),
            (project_signals.project_changed, events.project_changed),
        ]
        for signal, event in connections:
            signal.connect(receiver(event), weak=False, dispatch_uid=f"notices.{event.__name__}")
