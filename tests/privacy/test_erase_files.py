"""Files are erased with the person where they are personal data."""

import pytest
from django.core.files.storage import default_storage

from actionplan.accounts.models import Role
from actionplan.attachments.models import Attachment
from actionplan.core.models import AuditEvent
from actionplan.core.services import SYSTEM
from actionplan.privacy.services import REDACTED, erasure_plan, person_erase, person_export
from tests import factories

pytestmark = pytest.mark.django_db

EMAIL = "anna@example.dk"


@pytest.fixture
def project():
    return factories.project()


@pytest.fixture
def anna(project):
    return factories.contact(project, name="Anna Jensen", email=EMAIL)


@pytest.fixture
def anna_user(project):
    return factories.user("anna", email=EMAIL, role=Role.EDITOR, project=project)


def test_a_file_about_the_contact_is_removed_with_its_stored_file(
    project, anna, django_capture_on_commit_callbacks
):
    about = factories.attachment(project, name="cv-anna-jensen.pdf", about=anna)
    other = factories.attachment(project, name="slutrapport.pdf")
    assert about.personal_data  # being about a person makes it personal data
    with django_capture_on_commit_callbacks(execute=True):
        plan = person_erase(actor=SYSTEM, email=EMAIL)
    assert [a.pk for a in plan.attachments] == [about.pk]
    assert list(Attachment.objects.all()) == [other]
    assert not default_storage.exists(about.file.name)
    assert default_storage.exists(other.file.name)
    event = AuditEvent.objects.get(action="erasure")
    assert event.changes["attachments_removed"] == [None, [about.pk]]


def test_the_removed_files_name_leaves_the_audit_trail(project, anna):
    about = factories.attachment(project, name="cv-anna-jensen.pdf", title="CV", about=anna)
    person_erase(actor=SYSTEM, email=EMAIL)
    created = AuditEvent.objects.get(object_type="attachments.attachment", object_id=about.pk)
    assert created.changes["filename"] == [None, REDACTED]
    assert created.changes["title"] == [None, REDACTED]


def test_the_persons_own_personal_upload_is_removed_but_not_the_projects_report(project, anna_user):
    photo = factories.attachment(
        project, actor=anna_user, name="portraet.png", data=_png(), personal_data=True
    )
    report = factories.attachment(project, actor=anna_user, name="slutrapport.pdf")
    assert [a.pk for a in erasure_plan(actor=SYSTEM, email=EMAIL).attachments] == [photo.pk]
    person_erase(actor=SYSTEM, email=EMAIL)
    assert list(Attachment.objects.all()) == [report]


def test_the_export_lists_the_persons_files(project, anna, anna_user):
    factories.attachment(project, name="cv.pdf", about=anna)
    factories.attachment(project, actor=anna_user, name="slutrapport.pdf")
    names = {a["filename"] for a in person_export(actor=SYSTEM, email=EMAIL)["attachments"]}
    assert names == {"cv.pdf", "slutrapport.pdf"}


def _png() -> bytes:
    from tests.attachments.samples import png

    return png()
