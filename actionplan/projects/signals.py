"""What other apps hear of a project's changes without the projects app knowing them (the
status rounds count their requests per focus area: rounds.totals; the followers get a notice:
notices.events). Sent inside the change's
transaction, with the project's row locked; a receiver that writes does so in it."""

from django.dispatch import Signal

# A project was linked to focus areas (added) or unlinked from them (removed): ids.
# Keyword arguments: project_id, added, removed.
focus_areas_changed = Signal()

# A project is about to be deleted, with everything that hangs on it. Keyword arguments:
# project_id.
project_deleting = Signal()

# Followers should hear of a change: a new status, a grant, an approved status update.
# Keyword arguments: actor, project, change, key, and the change's own (amount).
project_changed = Signal()
