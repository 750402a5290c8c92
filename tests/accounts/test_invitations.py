import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actionplan.accounts.models import Invitation, Membership, Role
from actionplan.accounts.services import invitation_accept, invitation_create
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "korrekt-hest-batteri-hæfteklamme"


def _invite(staff):
    region = factories.organisation(name="Region", kind="region")
    return invitation_create(
        actor=staff,
        email="ny@example.dk",
        role=Role.EDITOR,
        organisation=region,
        accept_url="http://testserver/invitation/TOKEN/",
    )


@pytest.fixture
def invitation(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return _invite(staff)


def test_the_mail_goes_out_only_when_the_invitation_is_committed(
    staff, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _invite(staff)
        raise RuntimeError("rolled back")
    assert callbacks == [] and mail.outbox == []


def test_the_invitation_is_e_mailed_with_a_link_and_stored_hashed(invitation):
    record, token = invitation
    assert len(mail.outbox) == 1 and token in mail.outbox[0].body
    assert token not in record.token_hash


def test_the_link_creates_the_user_with_the_role_once(invitation):
    _, token = invitation
    user = invitation_accept(token=token, username="ny", password=PASSWORD)
    assert Membership.objects.get(user=user).role == Role.EDITOR
    with pytest.raises(ValidationError):
        invitation_accept(token=token, username="igen", password=PASSWORD)


def test_an_expired_link_does_not_work(invitation):
    record, token = invitation
    Invitation.objects.filter(pk=record.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    with pytest.raises(ValidationError):
        invitation_accept(token=token, username="ny", password=PASSWORD)


def test_weak_passwords_are_refused_by_djangos_validators(invitation):
    _, token = invitation
    with pytest.raises(ValidationError):
        invitation_accept(token=token, username="ny", password="12345678")
    assert not Membership.objects.filter(user__username="ny").exists()


def test_the_page_accepts_and_logs_in(client, invitation):
    _, token = invitation
    url = f"/invitation/{token}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"username": "ny", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    assert client.get(url).status_code == 404


def test_the_page_shows_errors_next_to_fields(client, invitation):
    _, token = invitation
    response = client.post(
        f"/invitation/{token}/", {"username": "ny", "password1": "abc", "password2": "abd"}
    )
    assert response.status_code == 200
    assert "password2-error" in response.content.decode()


def test_accepting_logs_the_user_in_and_lands_on_their_home_with_a_message(client, invitation):
    _, token = invitation
    url = f"/invitation/{token}/"
    response = client.post(
        url, {"username": "ny", "password1": PASSWORD, "password2": PASSWORD}, follow=True
    )
    assert response.redirect_chain == [("/arbejdsrum/", 302)]
    assert response.context["user"].get_username() == "ny"  # the session holds on
    page = response.content.decode()
    assert "Velkommen, ny" in page and "redaktør" in page


def test_the_invitation_page_uses_the_sites_layout_and_design_system(client, invitation):
    _, token = invitation
    page = client.get(f"/invitation/{token}/").content.decode()
    assert 'class="header' in page and "dkfds" in page  # the site's header and stylesheet
    assert 'class="form-input' in page and 'class="button button-primary' in page
    assert 'value="ny@example.dk"' in page  # the user name is proposed


def test_a_refused_password_is_shown_next_to_the_field(client, invitation):
    _, token = invitation
    response = client.post(
        f"/invitation/{token}/", {"username": "ny", "password1": "123", "password2": "123"}
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Membership.objects.filter(user__username="ny").exists()


def test_an_invalid_link_gets_the_sites_layout_too(client):
    response = client.get("/invitation/not-a-token/")
    assert response.status_code == 404
    assert "dkfds" in response.content.decode()


def test_the_invite_form_proposes_the_least_privilege_and_no_scope(admin_client):
    from actionplan.accounts.selectors import managed_scopes
    from actionplan.workspace.users import InvitationForm

    factories.organisation(name="Region", kind="region")
    user = admin_client.get("/arbejdsrum/brugere/").context["user"]
    form = InvitationForm(scopes=managed_scopes(user))
    assert form["role"].value() == Role.REPORTER
    assert form.fields["role"].choices[-1][0] == Role.ADMIN
    assert form["scope"].value() in (None, "")
    page = admin_client.get("/arbejdsrum/brugere/").content.decode()
    assert '<option value="reporter" selected>' in page
    assert 'value="admin" selected' not in page


def test_an_invitation_the_system_made_can_be_accepted():
    from actionplan.core.services import system

    _, token = invitation_create(
        actor=system("test"),
        email="ny@example.dk",
        role=Role.EDITOR,
        organisation=factories.organisation(kind="region"),
        accept_url="http://testserver/invitation/TOKEN/",
    )
    user = invitation_accept(token=token, username="ny", password=PASSWORD)
    assert Membership.objects.get(user=user).role == Role.EDITOR
