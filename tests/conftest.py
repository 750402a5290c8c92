import pytest

from actionplan.demo.loader import load_demo


@pytest.fixture(scope="session")
def demo_db(django_db_setup, django_db_blocker):
    """The seed plan, loaded once for the tests that only read it."""
    with django_db_blocker.unblock():
        plan = load_demo()
    yield plan
    with django_db_blocker.unblock():
        from actionplan.demo.loader import remove_demo

        remove_demo(actor=None)


@pytest.fixture
def demo(demo_db, db):
    return demo_db


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        username="staff", password="a-long-test-password", is_staff=True, is_superuser=True
    )
