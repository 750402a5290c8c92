"""The data version: the newest audit event, whose time is Last-Modified."""

import pytest

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
