import datetime as dt
import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from actionplan.core.services import SYSTEM
from actionplan.notices import services as notices
from actionplan.notices.models import Follow, Notice
from actionplan.rounds.models import UpdateRequest
from actionplan.rounds.services import round_open, update_approve, update_return, update_submit
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a service as a request does: its on-commit mails go when it returns."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


def sent_to(user):
    return [m for m in mail.outbox if user.email in m.to]


def link_in(message) -> str:
    (url,) = re.findall(r"https?://\S+/arbejdsrum/statusrunder/opdateringer/\d+/", message.body)
    return urlparse(url).path


def open_round(commit, editor, plan):
    return commit(
        round_open,
        actor=editor,
        plan=plan,
        name="Status 2025",
        slug="status-2025",
        reference_date=dt.date(2025, 9, 1),
        deadline=dt.date(2025, 9, 30),
    )


# -- a round is opened ------------------------------------------------------------------------


def test_opening_a_round_mails_each_reporter_a_working_link_to_their_form(
    commit, client, plan, editor, project_a, project_b, lead_a, lead_b
):
    status_round = open_round(commit, editor, plan)
    (message,) = sent_to(lead_a)
    assert "Projekt A" in message.subject and "30. september 2025" in message.body
    assert message.body.count("http://127.0.0.1:8000/") >= 2  # the form and the settings
    request_a = UpdateRequest.objects.get(round=status_round, project=project_a)
    assert link_in(message) == reverse("workspace:update_request", args=[request_a.pk])
    client.force_login(lead_a)
    page = client.get(link_in(message))
    assert page.status_code == 200 and "Projekt A" in page.content.decode()
    # The other lead's link is not theirs.
    assert client.get(link_in(sent_to(lead_b)[0])).status_code == 404
    assert sent_to(editor) == []


def test_the_mail_is_in_danish_by_default_and_in_the_users_language_when_chosen(
    commit, plan, editor, lead_a, lead_b, project_a, project_b
):
    notices.settings_save(actor=lead_b, user=lead_b, language="en", deliveries={})
    open_round(commit, editor, plan)
    assert "Statusopdatering" in sent_to(lead_a)[0].subject
    assert "Status update" in sent_to(lead_b)[0].subject


def test_no_mail_and_no_notice_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks, plan, editor, lead_a, project_a
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        round_open(
            actor=editor,
            plan=plan,
            name="Status 2025",
            slug="status-2025",
            reference_date=dt.date(2025, 9, 1),
        )
        raise RuntimeError("the request failed after the round opened")
    assert callbacks == [] and mail.outbox == []
    assert not Notice.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_mail_goes_only_after_the_commit(plan, editor, lead_a, project_a):
    with transaction.atomic():
        round_open(
            actor=editor,
            plan=plan,
            name="Status 2025",
            slug="status-2025",
            reference_date=dt.date(2025, 9, 1),
        )
        assert mail.outbox == []  # inside the transaction: nothing sent yet
    assert len(sent_to(lead_a)) == 1


def test_telling_an_event_twice_stores_and_mails_it_once(
    commit, plan, editor, lead_a, project_a, status_round
):
    from actionplan.notices.events import requests_opened

    requests = list(UpdateRequest.objects.filter(round=status_round, project=project_a))
    commit(requests_opened, actor=editor, requests=requests)
    commit(requests_opened, actor=editor, requests=requests)
    commit(notices.send_immediate)
    assert len(sent_to(lead_a)) == 1
    assert Notice.objects.filter(recipient=lead_a, kind="round_opened").count() == 1


def test_a_failed_mail_is_sent_by_the_next_run_once(
    commit, plan, editor, lead_a, project_a, settings
):
    settings.EMAIL_BACKEND = "tests.notices.failing.Backend"
    open_round(commit, editor, plan)
    assert Notice.objects.get(recipient=lead_a).mailed_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notices.digest_send() >= 1
    assert notices.digest_send() == 0
    assert len(sent_to(lead_a)) == 1


# -- preferences ------------------------------------------------------------------------------


def test_off_keeps_the_notice_in_the_workspace_without_mail(
    commit, client, plan, editor, lead_a, project_a
):
    notices.settings_save(
        actor=lead_a, user=lead_a, language="da", deliveries={"round_opened": "off"}
    )
    open_round(commit, editor, plan)
    assert sent_to(lead_a) == []
    assert notices.digest_send() == 0
    client.force_login(lead_a)
    page = client.get(reverse("notices:list")).content.decode()
    assert "Projekt A" in page


def test_digest_sends_one_mail_with_the_days_notices_once(
    commit, plan, editor, lead_a, project_a, region
):
    other = factories.project(
        focus_areas=[project_a.focus_areas.first()], title="Projekt C", status="started"
    )
    from actionplan.accounts.services import membership_grant

    membership_grant(actor=SYSTEM, user=lead_a, role="reporter", project=other)
    notices.settings_save(
        actor=lead_a, user=lead_a, language="da", deliveries={"round_opened": "digest"}
    )
    open_round(commit, editor, plan)
    assert sent_to(lead_a) == []
    assert notices.digest_send() == 1
    (digest,) = sent_to(lead_a)
    assert "Projekt A" in digest.body and "Projekt C" in digest.body
    assert notices.digest_send() == 0 and len(sent_to(lead_a)) == 1


def test_the_digest_command_runs_daily(commit, plan, editor, lead_a, project_a, capsys):
    from actionplan import cli

    notices.settings_save(
        actor=lead_a, user=lead_a, language="da", deliveries={"round_opened": "digest"}
    )
    open_round(commit, editor, plan)
    assert cli.main(["notices", "digest"]) == 0
    assert cli.main(["notices", "digest"]) == 0
    assert capsys.readouterr().out.splitlines() == ["Sent 1 e-mail(s).", "Sent 0 e-mail(s)."]


def test_the_settings_page_saves_a_choice_per_kind(client, lead_a):
    client.force_login(lead_a)
    assert client.get(reverse("notices:settings")).status_code == 200
    data = {
        "language": "en",
        "round_opened": "immediate",
        "update_submitted": "off",
        "update_reviewed": "digest",
        "reminder": "off",
        "followed": "digest",
    }
    assert client.post(reverse("notices:settings"), data).status_code == 302
    chosen = notices.settings_get(lead_a)
    assert chosen.language == "en" and chosen.delivery("update_reviewed") == "digest"
    assert chosen.delivery("reminder") == "off"


def test_nobody_changes_anothers_settings(lead_a, lead_b):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        notices.settings_save(actor=lead_b, user=lead_a, language="da", deliveries={})


# -- review ------------------------------------------------------------------------------------


def submit(commit, lead, status_round, project):
    return commit(
        update_submit,
        actor=lead,
        request=UpdateRequest.objects.get(round=status_round, project=project),
        status="started",
        narrative="Det går godt.",
    )


def test_a_submitted_update_tells_the_plans_staff(
    commit, status_round, editor, lead_a, lead_b, project_a
):
    mail.outbox.clear()
    submit(commit, lead_a, status_round, project_a)
    (message,) = sent_to(editor)
    assert "Projekt A" in message.subject
    assert sent_to(lead_a) == [] and sent_to(lead_b) == []


def test_approval_and_return_tell_the_reporter_with_the_comment(
    commit, client, status_round, editor, lead_a, project_a
):
    request = submit(commit, lead_a, status_round, project_a)
    mail.outbox.clear()
    commit(update_return, actor=editor, request=request, comment="Tilføj tal for 2025.")
    (returned,) = sent_to(lead_a)
    assert "Tilføj tal for 2025." in returned.body
    client.force_login(lead_a)
    assert client.get(link_in(returned)).status_code == 200
    request = submit(commit, lead_a, status_round, project_a)
    commit(update_approve, actor=editor, request=request, comment="Fint.")
    approved = sent_to(lead_a)[-1]
    assert "Fint." in approved.body and approved.subject != returned.subject


# -- the in-app list ---------------------------------------------------------------------------


def test_the_header_counts_unread_notices_and_opening_one_marks_it_read(
    client, status_round, lead_a, lead_b
):
    client.force_login(lead_a)
    page = client.get(reverse("workspace:home")).content.decode()
    assert re.search(r'class="notice-count">1<', page)
    notice = Notice.objects.get(recipient=lead_a)
    answer = client.get(reverse("notices:open", args=[notice.pk]))
    assert answer.status_code == 302 and answer.url == notice.link
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert "notice-count" not in client.get(reverse("workspace:home")).content.decode()


def test_a_user_sees_and_marks_only_their_own_notices(client, status_round, lead_a, lead_b):
    theirs = Notice.objects.get(recipient=lead_b)
    client.force_login(lead_a)
    assert "Projekt B" not in client.get(reverse("notices:list")).content.decode()
    assert client.get(reverse("notices:open", args=[theirs.pk])).status_code == 404
    client.post(reverse("notices:mark_read"), {"notice": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None
    client.post(reverse("notices:mark_read"))
    assert not Notice.objects.filter(recipient=lead_a, read_at__isnull=True).exists()
    assert Notice.objects.filter(recipient=lead_b, read_at__isnull=True).exists()


def test_notice_pages_need_a_login(client):
    for name in ("notices:list", "notices:settings"):
        answer = client.get(reverse(name))
        assert answer.status_code == 302 and "/log-ind/" in answer.url


# -- following ---------------------------------------------------------------------------------


def test_a_follower_hears_of_a_new_grant_status_and_approved_update(
    commit, status_round, editor, lead_a, project_a, plan
):
    from actionplan.projects.services import project_update

    follower = factories.user()
    notices.follow(actor=follower, target=plan)
    mail.outbox.clear()
    commit(factories.grant, project_=project_a, amount="250000")
    commit(project_update, actor=editor, project=project_a, status="completed")
    request = submit(commit, lead_a, status_round, project_a)
    commit(update_approve, actor=editor, request=request)
    bodies = [m.body for m in sent_to(follower)]
    assert any("250.000 kr." in body for body in bodies)
    assert any("completed" in body.lower() or "afsluttet" in body for body in bodies)
    assert len(bodies) >= 3
    assert all("/projekter/" in body for body in bodies)


def test_unpublished_projects_tell_no_follower(commit, plan, area, editor):
    hidden = factories.project(focus_areas=[area], is_published=False)
    follower = factories.user()
    notices.follow(actor=follower, target=area)
    commit(factories.grant, project_=hidden)
    assert sent_to(follower) == []


def test_the_follow_button_shows_only_to_logged_in_users(client, plan, project_a):
    url = reverse("portal:project", args=[project_a.slug])
    anonymous = client.get(url)
    assert "follow-form" not in anonymous.content.decode()
    user = factories.user()
    client.force_login(user)
    page = client.get(url).content.decode()
    assert "follow-form" in page
    follow_url = reverse("notices:follow", args=["projekt", project_a.pk])
    assert client.post(follow_url, {"next": url}).url == url
    assert Follow.objects.filter(user=user, project=project_a).exists()
    assert (
        "Stop following" in client.get(url).content.decode()
        or "Følg ikke" in client.get(url).content.decode()
    )
    client.post(follow_url, {"action": "unfollow"})
    assert not Follow.objects.filter(user=user).exists()


def test_follow_buttons_on_the_plan_and_focus_area_pages(client, plan, area, project_a):
    client.force_login(factories.user())
    for url, kind, pk in (
        (reverse("portal:plan", args=[plan.slug]), "plan", plan.pk),
        (reverse("portal:focus_area", args=[plan.slug, area.slug]), "indsats", area.pk),
    ):
        assert reverse("notices:follow", args=[kind, pk]) in client.get(url).content.decode()


def test_an_unpublished_project_cannot_be_followed(client, area):
    hidden = factories.project(focus_areas=[area], is_published=False)
    client.force_login(factories.user())
    answer = client.post(reverse("notices:follow", args=["projekt", hidden.pk]))
    assert answer.status_code == 404 and not Follow.objects.exists()


def test_the_notice_list_queries_do_not_grow_with_the_notices(client, lead_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from actionplan.notices.models import Kind
    from actionplan.notices.services import Message, notify

    def tell(n):
        notify(
            recipients=[lead_a],
            kind=Kind.FOLLOWED,
            key=f"test:{n}",
            compose=lambda: Message(subject=f"Besked {n}", body="Tekst", link="/"),
        )

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("notices:list")).status_code == 200
        return len(captured)

    client.force_login(lead_a)
    tell(0)
    few = count()
    for n in range(1, 30):
        tell(n)
    assert count() == few
