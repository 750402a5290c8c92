"""Whose roles govern the attachments (accounts.permissions asks)."""

from actionplan.accounts.permissions import EDIT, REPORT, register

from .models import Attachment


def _write(attachment: Attachment) -> str:
    # A reporter sends files with an update; files on the project itself are staff's.
    return REPORT if attachment.status_update_id or attachment.update_request_id else EDIT


def register_rules() -> None:
    register(Attachment, lambda obj: ("project", obj.project), write=_write)
