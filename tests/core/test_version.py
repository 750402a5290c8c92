"""The data version: the newest audit event, whose time is Last-Modified."""

import pytest
from django.core.cache import cache

from actionplan.core import version
from actionplan.core.models import AuditEvent
from actionplan.core.version import data_version
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_version_is_the_newest_event_and_its_time():
    before = data_version()
    factories.organisation(name="Ny organisation")
    newest = AuditEvent.objects.order_by("-id").first()
    after = data_version()
    assert after.modified == newest.at  # the same instant, time zone included
    assert after.token != before.token and str(newest.pk) in after.token


def test_no_events_no_version():
    AuditEvent.objects.all().delete()
    assert data_version().modified is None


def test_a_commit_that_leaves_the_newest_id_as_it_was_still_changes_the_version(
    django_capture_on_commit_callbacks,
):
    # Two writers: the one that took the smaller id commits last. Its event is not the newest
    # by id, so only the generation drawn when it commits tells the change apart.
    factories.organisation(name="Først")
    factories.organisation(name="Sidst")
    late = AuditEvent.objects.order_by("-id")[1]
    fields = {f.attname: getattr(late, f.attname) for f in AuditEvent._meta.concrete_fields}
    late.delete()
    before = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        AuditEvent.objects.create(**fields)
        version.changed()
    assert data_version().token != before.token


def test_every_recorded_event_draws_a_new_generation_once_committed(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        factories.organisation(name="Ny")
    assert version._new_generation in callbacks


def test_a_lost_generation_is_replaced_by_a_new_one():
    before = data_version()
    cache.delete(version.GENERATION_KEY)
    assert data_version().token != before.token
