import datetime as dt

import pytest
from django.core import mail

from actionplan import cli
from actionplan.core.services import SYSTEM
from actionplan.rounds.models import ReminderSent, UpdateRequest
from actionplan.rounds.services import update_submit

pytestmark = pytest.mark.django_db

DEADLINE = dt.date(2024, 9, 15)


def sent_to(address):
    return [m for m in mail.outbox if address in m.to]


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """reminders_send as a scheduler runs it: its mails go once its transaction commits."""
    from actionplan.rounds.services import reminders_send

    def run(**kwargs):
        kwargs.setdefault("actor", SYSTEM)
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_send(**kwargs)

    return run


def test_a_reminder_goes_out_once_seven_days_before_the_deadline(
    status_round, lead_a, lead_b, remind
):
    reminders_send = remind

    assert reminders_send(today=DEADLINE - dt.timedelta(days=8)) == []
    first = reminders_send(today=DEADLINE - dt.timedelta(days=7))
    assert {r.kind for r in first} == {"7d"} and len(first) == 2
    assert len(sent_to(lead_a.email)) == 1 and len(sent_to(lead_b.email)) == 1
    assert reminders_send(actor=SYSTEM, today=DEADLINE - dt.timedelta(days=7)) == []
    assert reminders_send(actor=SYSTEM, today=DEADLINE - dt.timedelta(days=5)) == []
    assert len(mail.outbox) == 2


def test_the_last_reminder_goes_out_the_day_before_once(status_round, lead_a):
    from actionplan.rounds.services import reminders_send

    reminders_send(actor=SYSTEM, today=DEADLINE - dt.timedelta(days=7))
    last = reminders_send(actor=SYSTEM, today=DEADLINE - dt.timedelta(days=1))
    assert {r.kind for r in last} == {"1d"}
    assert reminders_send(actor=SYSTEM, today=DEADLINE - dt.timedelta(days=1)) == []
    assert reminders_send(actor=SYSTEM, today=DEADLINE + dt.timedelta(days=1)) == []
    assert ReminderSent.objects.filter(request__round=status_round).count() == 4


def test_a_submitted_update_gets_no_reminder(status_round, project_a, lead_a, lead_b, remind):
    reminders_send = remind

    update_submit(
        actor=lead_a,
        request=UpdateRequest.objects.get(round=status_round, project=project_a),
        status="started",
        narrative="I gang.",
    )
    reminders_send(actor=SYSTEM, today=DEADLINE - dt.timedelta(days=1))
    assert sent_to(lead_a.email) == [] and len(sent_to(lead_b.email)) == 1


def test_the_remind_command_is_idempotent(status_round, capsys, django_capture_on_commit_callbacks):
    today = (DEADLINE - dt.timedelta(days=1)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        assert cli.main(["rounds", "remind", "--today", today]) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert cli.main(["rounds", "remind", "--today", today]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["Sent 2 reminder(s).", "Sent 0 reminder(s)."]
    assert len(mail.outbox) == 2


def test_the_remind_command_refuses_a_bad_date(capsys):
    with pytest.raises(SystemExit):
        cli.main(["rounds", "remind", "--today", "15-09-2024"])
    assert "not a date" in capsys.readouterr().err


def test_a_reminder_follows_the_recipients_notice_settings(status_round, lead_a, lead_b, remind):
    from actionplan.notices.models import Notice
    from actionplan.notices.services import settings_save

    settings_save(actor=lead_a, user=lead_a, language="da", deliveries={"reminder": "off"})
    remind(today=DEADLINE - dt.timedelta(days=1))
    assert sent_to(lead_a.email) == [] and len(sent_to(lead_b.email)) == 1
    assert Notice.objects.filter(recipient=lead_a, kind="reminder").count() == 1
    (message,) = sent_to(lead_b.email)
    assert "15. september 2024" in message.body
    assert "/arbejdsrum/statusrunder/opdateringer/" in message.body
