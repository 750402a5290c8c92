"""What other apps hear of a status round's requests without the rounds app knowing them (the
reporters and staff get notices: notices.events, connected in NoticesConfig.ready). Sent inside
the change's transaction."""

from django.dispatch import Signal

# Update requests were made. Keyword arguments: actor, requests (a list).
requests_opened = Signal()

# A reporter submitted an update request. Keyword arguments: actor, request.
update_submitted = Signal()

# Staff approved or returned a submitted request. Keyword arguments: actor, request.
update_reviewed = Signal()

# A reminder is due for an open request. Keyword arguments: request, kind, recipients.
reminder_due = Signal()
