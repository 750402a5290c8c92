"""What other apps hear of a plan's changes without the plans app knowing them (the
indicators of a goal are copied with it: indicators.services.goal_indicators_copy, connected
in IndicatorsConfig.ready). Sent inside the change's transaction."""

from django.dispatch import Signal

# A goal was copied into the next plan (plans.services.plan_duplicate). Keyword arguments:
# actor, goal (the original, its indicators prefetched), copy (the new goal).
goal_copied = Signal()
