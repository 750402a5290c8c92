"""Adding, changing and removing files; who may download them; where they are shown."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.accounts.models import Role
from actionplan.attachments import services
from actionplan.attachments.content import check_file
from actionplan.attachments.models import Attachment
from actionplan.core.models import AuditEvent
from actionplan.rounds import services as rounds
from actionplan.rounds.models import UpdateRequest
from tests import factories
from tests.attachments import samples

pytestmark = pytest.mark.django_db


def request_of(status_round, project) -> UpdateRequest:
    return UpdateRequest.objects.get(round=status_round, project=project)


def download(client, attachment):
    return client.get(reverse("attachments:download", args=[attachment.pk]))


# -- the write service ---------------------------------------------------------------------


def test_a_file_is_stored_through_the_storage_and_audited(project_a, editor):
    made = factories.attachment(project_a, actor=editor, title="Slutrapport")
    assert default_storage.exists(made.file.name)
    assert made.file.name.startswith(f"attachments/{project_a.pk}/")
    assert "slutrapport" not in made.file.name  # the stored name is random
    assert made.filename == "slutrapport.pdf"
    assert made.kind == "pdf" and made.size == len(samples.pdf())
    event = AuditEvent.objects.get(object_type="attachments.attachment", object_id=str(made.pk))
    assert event.actor == editor and event.changes["filename"] == [None, "slutrapport.pdf"]


def test_a_refused_file_leaves_nothing_behind(project_a, editor):
    before = (
        set(default_storage.listdir(f"attachments/{project_a.pk}")[1])
        if (default_storage.exists(f"attachments/{project_a.pk}"))
        else set()
    )
    with pytest.raises(ValidationError):
        services.attachment_add(
            actor=editor,
            project=project_a,
            upload=SimpleUploadedFile("virus.pdf", b"MZ" + b"\0" * 50),
        )
    assert not Attachment.objects.exists()
    after = (
        set(default_storage.listdir(f"attachments/{project_a.pk}")[1])
        if (default_storage.exists(f"attachments/{project_a.pk}"))
        else set()
    )
    assert after == before


def test_a_reader_may_not_add_a_file(project_a, region):
    reader = factories.user(role=Role.READER, organisation=region)
    with pytest.raises(PermissionDenied):
        factories.attachment(project_a, actor=reader)
    assert not Attachment.objects.exists()


def test_a_reporter_may_not_add_a_file_to_the_project_itself(project_a, lead_a):
    with pytest.raises(PermissionDenied):
        factories.attachment(project_a, actor=lead_a)


def test_a_reporter_adds_a_file_to_their_draft_update(status_round, project_a, lead_a):
    request = request_of(status_round, project_a)
    made = factories.attachment(project_a, actor=lead_a, update_request=request)
    assert made.uploaded_by == lead_a


def test_no_file_can_be_added_to_an_update_already_submitted(status_round, project_a, lead_a):
    request = request_of(status_round, project_a)
    rounds.update_submit(actor=lead_a, request=request, status="started", narrative="Godt")
    with pytest.raises(ValidationError):
        factories.attachment(project_a, actor=lead_a, update_request=request)


def test_a_file_with_personal_data_cannot_be_public(project_a, editor):
    with pytest.raises(ValidationError) as caught:
        factories.attachment(project_a, actor=editor, is_public=True, personal_data=True)
    assert "personal data" in str(caught.value) or "personoplysninger" in str(caught.value)


def test_update_changes_the_flags_and_records_only_real_changes(project_a, editor):
    made = factories.attachment(project_a, actor=editor)
    services.attachment_update(actor=editor, attachment=made, is_public=True)
    services.attachment_update(actor=editor, attachment=made, is_public=True)
    updates = AuditEvent.objects.filter(object_type="attachments.attachment", action="update")
    assert [e.changes for e in updates] == [{"is_public": [False, True]}]


def test_removing_deletes_the_row_and_the_file_after_commit(
    project_a, editor, django_capture_on_commit_callbacks
):
    made = factories.attachment(project_a, actor=editor)
    name = made.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_remove(actor=editor, attachment=made)
    assert not Attachment.objects.exists()
    assert not default_storage.exists(name)
    assert AuditEvent.objects.filter(object_type="attachments.attachment", action="delete")


# -- downloads -----------------------------------------------------------------------------


@pytest.fixture
def published(project_a):
    project_a.is_published = True
    project_a.save(update_fields=["is_published"])
    return project_a


def test_staff_download_an_internal_file_as_an_attachment(client, project_a, editor):
    made = factories.attachment(project_a, actor=editor, name="Slut rapport æø.pdf")
    client.force_login(editor)
    response = download(client, made)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.pdf()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Slut%20rapport%20%C3%A6%C3%B8.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_projects_reporter_downloads_its_files(client, project_a, editor, lead_a):
    made = factories.attachment(project_a, actor=editor)
    client.force_login(lead_a)
    assert download(client, made).status_code == 200


def test_another_projects_reporter_does_not(client, project_a, editor, lead_b):
    made = factories.attachment(project_a, actor=editor)
    client.force_login(lead_b)
    assert download(client, made).status_code == 404


def test_the_public_gets_a_public_file_of_a_published_project(client, published, editor):
    made = factories.attachment(published, actor=editor, is_public=True)
    assert download(client, made).status_code == 200


def test_the_public_gets_no_internal_file(client, published, editor):
    made = factories.attachment(published, actor=editor, is_public=False)
    assert download(client, made).status_code == 404


def test_the_public_gets_no_public_file_of_an_unpublished_project(client, project_a, editor):
    project_a.is_published = False
    project_a.save(update_fields=["is_published"])
    made = factories.attachment(project_a, actor=editor, is_public=True)
    assert download(client, made).status_code == 404


def test_a_reporters_public_file_waits_for_approval_and_the_published_round(
    client, status_round, published, lead_a, editor
):
    request = request_of(status_round, published)
    made = factories.attachment(published, actor=lead_a, update_request=request, is_public=True)
    assert download(client, made).status_code == 404
    rounds.update_submit(actor=lead_a, request=request, status="started", narrative="Godt")
    rounds.update_approve(actor=editor, request=request)
    assert download(client, made).status_code == 404  # the round is not published yet
    rounds.round_close(actor=editor, round=status_round)
    rounds.round_publish(actor=editor, round=status_round)
    assert download(client, made).status_code == 200


# -- pages ---------------------------------------------------------------------------------


def test_the_public_project_page_lists_only_public_files(client, published, editor):
    factories.attachment(published, actor=editor, title="Offentlig slutrapport", is_public=True)
    factories.attachment(published, actor=editor, title="Internt referat")
    html = client.get(reverse("portal:project", args=[published.slug])).content.decode()
    assert "Offentlig slutrapport" in html
    assert "Internt referat" not in html


def test_the_workspace_page_reads_the_files_in_one_query(client, project_a, editor):
    # (The page's history costs a query per recorded event, files or not; that is the
    # history's own matter, so only the reads of files are counted here.)
    client.force_login(editor)
    for n in range(6):
        factories.attachment(project_a, actor=editor, title=f"Fil {n}")
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("workspace:project", args=[project_a.pk])).content.decode()
    assert "Fil 5" in html
    assert sum('"attachments_attachment"' in q["sql"] for q in queries.captured_queries) == 1


def test_the_public_page_lists_files_with_a_constant_number_of_queries(
    client, published, editor, settings
):
    settings.ACTIONPLAN_PUBLIC_CACHE_SECONDS = 0
    url = reverse("portal:project", args=[published.slug])
    factories.attachment(published, actor=editor, is_public=True)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(5):
        factories.attachment(published, actor=editor, title=f"Fil {n}", is_public=True)
    with CaptureQueriesContext(connection) as six:
        html = client.get(url).content.decode()
    assert "Fil 4" in html
    assert len(six) == len(one)


def test_staff_upload_a_file_on_the_project_page(client, project_a, editor):
    client.force_login(editor)
    response = client.post(
        reverse("workspace:attachment_add", args=[project_a.pk]),
        {
            "attachment-file": SimpleUploadedFile("foto.png", samples.png()),
            "attachment-title": "Byggeplads",
            "attachment-is_public": "on",
        },
    )
    assert response.status_code == 302
    made = Attachment.objects.get()
    assert (made.title, made.kind, made.is_public) == ("Byggeplads", "png", True)


def test_an_exe_is_refused_on_the_project_page_with_a_danish_message(client, project_a, editor):
    client.force_login(editor)
    response = client.post(
        reverse("workspace:attachment_add", args=[project_a.pk]),
        {"attachment-file": SimpleUploadedFile("setup.exe", b"MZ" + b"\0" * 10)},
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 200
    assert "Filtypen .exe er ikke tilladt" in response.content.decode()
    assert not Attachment.objects.exists()


def test_staff_add_a_status_update_with_a_file(client, project_a, editor):
    client.force_login(editor)
    response = client.post(
        reverse("workspace:update_add", args=[project_a.pk]),
        {
            "update-date": "2024-05-01",
            "update-status": "started",
            "update-narrative": "Godt i gang",
            "update-file": SimpleUploadedFile("referat.docx", samples.docx()),
        },
    )
    assert response.status_code == 302
    made = Attachment.objects.get()
    assert made.update_request.narrative == "Godt i gang"
    assert made.kind == "docx"


def test_the_reporter_submits_an_update_with_a_file(client, status_round, project_a, lead_a):
    request = request_of(status_round, project_a)
    client.force_login(lead_a)
    response = client.post(
        reverse("workspace:update_request", args=[request.pk]),
        {
            "action": "submit",
            "status": "started",
            "narrative": "Vi er i gang",
            "file": SimpleUploadedFile("foto.jpg", samples.jpeg()),
            "file_public": "on",
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == UpdateRequest.State.SUBMITTED
    made = Attachment.objects.get()
    assert (made.update_request, made.uploaded_by, made.is_public) == (request, lead_a, True)
    page = client.get(reverse("workspace:update_request", args=[request.pk])).content.decode()
    assert "foto.jpg" in page


def test_a_refused_file_keeps_the_reporters_update_a_draft(client, status_round, project_a, lead_a):
    request = request_of(status_round, project_a)
    client.force_login(lead_a)
    response = client.post(
        reverse("workspace:update_request", args=[request.pk]),
        {
            "action": "submit",
            "status": "started",
            "narrative": "Vi er i gang",
            "file": SimpleUploadedFile("foto.jpg", b"not a jpeg"),
        },
    )
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.state == UpdateRequest.State.DRAFT
    assert not Attachment.objects.exists()


def test_check_file_accepts_the_factory_default():
    assert check_file("x.pdf", samples.pdf()).kind == "pdf"


# -- the API -------------------------------------------------------------------------------


def _bearer(user) -> dict:
    from actionplan.api.services import token_create

    _token, secret = token_create(actor=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_an_editor_uploads_a_file_through_the_api(client, project_a, editor):
    response = client.post(
        f"/api/v1/projects/{project_a.slug}/attachments",
        {"file": SimpleUploadedFile("slutrapport.pdf", samples.pdf()), "title": "Slutrapport"},
        **_bearer(editor),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["title"], body["is_public"]) == ("pdf", "Slutrapport", False)
    assert Attachment.objects.get().uploaded_by == editor


def test_the_api_refuses_a_program_with_the_reason(client, project_a, editor):
    response = client.post(
        f"/api/v1/projects/{project_a.slug}/attachments",
        {"file": SimpleUploadedFile("setup.exe", b"MZ" + b"\0" * 10)},
        **_bearer(editor),
    )
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["loc"][-1] == "file" and "Filtypen .exe er ikke tilladt" in error["msg"]
    assert not Attachment.objects.exists()


def test_an_editor_of_another_plan_cannot_upload_through_the_api(client, project_a):
    outsider = factories.user(role=Role.EDITOR, organisation=factories.organisation())
    response = client.post(
        f"/api/v1/projects/{project_a.slug}/attachments",
        {"file": SimpleUploadedFile("slutrapport.pdf", samples.pdf())},
        **_bearer(outsider),
    )
    assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_a_reporters_file_is_shown_with_the_update_once_approved(
    client, status_round, project_a, lead_a, editor
):
    request = request_of(status_round, project_a)
    factories.attachment(project_a, actor=lead_a, update_request=request, title="Byggefoto")
    rounds.update_submit(actor=lead_a, request=request, status="started", narrative="Bygget")
    rounds.update_approve(actor=editor, request=request)
    client.force_login(editor)
    html = client.get(reverse("workspace:project", args=[project_a.pk])).content.decode()
    timeline = html[html.index('id="updates"') : html.index('id="attachments"')]
    assert "Bygget" in timeline and "Byggefoto" in timeline


def test_staff_make_a_file_public_and_internal_again(client, project_a, editor):
    made = factories.attachment(project_a, actor=editor)
    client.force_login(editor)
    url = reverse("workspace:attachment_publish", args=[project_a.pk, made.pk])
    assert client.post(url, {"public": "1"}).status_code == 302
    made.refresh_from_db()
    assert made.is_public
    client.post(url, {"public": "0"}, HTTP_HX_REQUEST="true")
    made.refresh_from_db()
    assert not made.is_public


def test_staff_remove_a_file_on_the_project_page(client, project_a, editor):
    made = factories.attachment(project_a, actor=editor)
    client.force_login(editor)
    client.post(reverse("workspace:attachment_remove", args=[project_a.pk, made.pk]))
    assert not Attachment.objects.exists()
