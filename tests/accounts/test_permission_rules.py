"""The apps above accounts register whose roles govern their rows (accounts.permissions
.register, in their AppConfig.ready()); a model without a rule is refused every write."""

import pytest
from django.core.exceptions import PermissionDenied

from actionplan.accounts import permissions
from actionplan.accounts.permissions import EDIT, REPORT
from actionplan.attachments.models import Attachment
from actionplan.ingest.models import ColumnMapping, IngestDraft
from actionplan.privacy.models import ContactPerson
from actionplan.rounds.models import (
    FocusAreaAssessment,
    Milestone,
    ReminderSent,
    RoundSnapshot,
    StatusRound,
    StatusUpdate,
    UpdateRequest,
)


def test_the_apps_above_accounts_registered_their_models():
    registered = set(permissions.RULES)
    expected = {
        StatusRound,
        FocusAreaAssessment,
        RoundSnapshot,
        StatusUpdate,
        UpdateRequest,
        Milestone,
        ReminderSent,
        Attachment,
        ContactPerson,
        IngestDraft,
        ColumnMapping,
    }
    assert expected <= registered, expected - registered


def test_reporters_write_updates_requests_milestones_and_update_files():
    assert permissions._action_for_write(StatusUpdate()) == REPORT
    assert permissions._action_for_write(UpdateRequest()) == REPORT
    assert permissions._action_for_write(Milestone()) == REPORT
    assert permissions._action_for_write(Attachment(status_update_id=1)) == REPORT
    assert permissions._action_for_write(Attachment()) == EDIT
    assert permissions._action_for_write(ReminderSent()) == EDIT


def test_a_model_without_a_rule_is_refused(monkeypatch):
    monkeypatch.delitem(permissions.RULES, ColumnMapping)
    with pytest.raises(PermissionDenied):
        permissions._target(ColumnMapping())


def test_a_column_mapping_is_a_shared_register():
    assert permissions._target(ColumnMapping()) == ("registry", None)
