from pathlib import Path

import pytest

from actionplan.core.services import SYSTEM
from actionplan.demo.loader import load_demo

BROWSER_TESTS = Path(__file__).resolve().parent / "e2e"


def pytest_collection_modifyitems(config, items):
    """Tests that build their own data run first, then the tests on the shared demo load,
    then the browser tests. The demo, once loaded, stays in the database for the session, so
    a test that counts rows ("no grant was saved") must not run after it; the browser tests
    need committed data and flush the database after each test, demo included."""

    def group(item) -> int:
        if BROWSER_TESTS in Path(item.fspath).parents:
            return 2
        return 1 if "demo_db" in getattr(item, "fixturenames", ()) else 0

    items.sort(key=group)  # stable: the order within a group stays as collected


@pytest.fixture(scope="session")
def demo_db(django_db_setup, django_db_blocker):
    """The seed plan, loaded once for the tests that only read it."""
    with django_db_blocker.unblock():
        plan = load_demo(actor=SYSTEM)
    yield plan
    with django_db_blocker.unblock():
        from actionplan.demo.loader import remove_demo

        remove_demo(actor=SYSTEM)


@pytest.fixture
def demo(demo_db, db):
    return demo_db


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        username="staff", password="a-long-test-password", is_staff=True, is_superuser=True
    )


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: on SQLite a rolled-back test's audit event ids
    are handed out again, so a cached value keyed on them could outlive its data."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _file_storage(tmp_path_factory):
    """Uploaded files go to a temporary folder, never to the data folder of a real install."""
    from django.conf import settings
    from django.test import override_settings

    storages = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {
                **settings.STORAGES["default"]["OPTIONS"],
                "location": str(tmp_path_factory.mktemp("files")),
            },
        },
    }
    with override_settings(STORAGES=storages):
        yield
