"""API tokens: stored hashed, shown once, revoked by their owner; pages for staff only."""

import pytest
from django.core.exceptions import PermissionDenied

from actionplan.accounts.models import Role
from actionplan.api.models import ApiToken
from actionplan.api.services import token_authenticate, token_create, token_hash, token_revoke
from actionplan.core.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db

LIST = "/arbejdsrum/api-noegler/"
CREATE = "/arbejdsrum/api-noegler/ny/"


def editor():
    """Regional staff: an editor of an organisation (Django's is_staff is not needed)."""
    return factories.user(role=Role.EDITOR, organisation=factories.organisation())


@pytest.fixture
def staff_user():
    return editor()


def test_only_a_hash_of_the_token_is_stored(staff_user):
    token, raw = token_create(actor=staff_user, name="Integration")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.token_hash == token_hash(raw) and raw not in stored.token_hash
    assert raw.startswith(stored.prefix)


def test_the_token_authenticates_as_its_owner(staff_user):
    _, raw = token_create(actor=staff_user, name="Integration")
    assert token_authenticate(raw) == staff_user


def test_using_a_token_records_when(staff_user):
    token, raw = token_create(actor=staff_user, name="Integration")
    token_authenticate(raw)
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_revoked_token_no_longer_authenticates(staff_user):
    token, raw = token_create(actor=staff_user, name="Integration")
    token_revoke(actor=staff_user, token=token)
    assert token_authenticate(raw) is None


def test_an_inactive_owners_token_no_longer_authenticates(staff_user):
    _, raw = token_create(actor=staff_user, name="Integration")
    staff_user.is_active = False
    staff_user.save()
    assert token_authenticate(raw) is None


def test_someone_else_cannot_revoke_a_token(staff_user):
    token, _ = token_create(actor=staff_user, name="Integration")
    with pytest.raises(PermissionDenied):
        token_revoke(actor=editor(), token=token)


def test_a_non_staff_user_cannot_create_a_token():
    with pytest.raises(PermissionDenied):
        token_create(actor=factories.user(), name="Integration")


def test_a_project_reporter_cannot_create_a_token():
    reporter = factories.user(role=Role.REPORTER, project=factories.project())
    with pytest.raises(PermissionDenied):
        token_create(actor=reporter, name="Integration")


def test_creating_and_revoking_are_audited_without_the_token(staff_user):
    token, raw = token_create(actor=staff_user, name="Integration")
    token_revoke(actor=staff_user, token=token)
    events = AuditEvent.objects.filter(object_type="api.apitoken", object_id=str(token.pk))
    assert sorted(e.action for e in events) == ["create", "update"]
    assert all(raw not in str(e.changes) and token.token_hash not in str(e.changes) for e in events)


def test_the_list_page_asks_anonymous_visitors_to_log_in(client):
    response = client.get(LIST)
    assert response.status_code == 302


def test_the_list_page_refuses_non_staff(client):
    client.force_login(factories.user())
    assert client.get(LIST).status_code == 403


def test_the_list_page_shows_the_users_tokens_only(client, staff_user):
    token_create(actor=staff_user, name="Min nøgle")
    token_create(actor=editor(), name="Andens nøgle")
    client.force_login(staff_user)
    text = client.get(LIST).content.decode()
    assert "Min nøgle" in text and "Andens nøgle" not in text


def test_creating_shows_the_token_once(client, staff_user):
    client.force_login(staff_user)
    response = client.post(CREATE, {"name": "Dataudtræk"})
    shown = response.content.decode()
    raw = shown.split('id="new-token" type="text" value="')[1].split('"')[0]
    assert token_authenticate(raw) == staff_user
    assert raw not in client.get(LIST).content.decode()


def test_a_blank_name_is_refused_and_nothing_is_made(client, staff_user):
    client.force_login(staff_user)
    response = client.post(CREATE, {"name": "   "})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_revoking_from_the_page(client, staff_user):
    token, raw = token_create(actor=staff_user, name="Gammel")
    client.force_login(staff_user)
    response = client.post(f"/arbejdsrum/api-noegler/{token.pk}/tilbagekald/")
    assert response.status_code == 302
    assert token_authenticate(raw) is None


def test_another_users_token_cannot_be_revoked_from_the_page(client, staff_user):
    token, raw = token_create(actor=editor(), name="Andens")
    client.force_login(staff_user)
    response = client.post(f"/arbejdsrum/api-noegler/{token.pk}/tilbagekald/")
    assert response.status_code == 404
    assert token_authenticate(raw) is not None


def test_the_token_list_page_makes_the_same_number_of_queries_for_1_and_50_tokens(
    client, staff_user
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff_user)
    counts = []
    for total in (1, 50):
        while ApiToken.objects.count() < total:
            token_create(actor=staff_user, name=f"Nøgle {ApiToken.objects.count()}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
