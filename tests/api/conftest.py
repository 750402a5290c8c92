import pytest

from actionplan.accounts.models import Role
from actionplan.api.services import token_create
from tests import factories


@pytest.fixture
def world(db):
    """A published plan with one published project, and an unpublished plan and project."""
    plan = factories.plan()
    area = factories.focus_area(factories.theme(plan))
    project = factories.project([area], description="Offentligt projekt")
    factories.grant(project, "250000")
    hidden_plan = factories.plan(status="draft")
    hidden_area = factories.focus_area(factories.theme(hidden_plan))
    hidden = factories.project([hidden_area], is_published=False, title="Hemmeligt projekt")
    return {
        "plan": plan,
        "area": area,
        "project": project,
        "hidden_plan": hidden_plan,
        "hidden_area": hidden_area,
        "hidden": hidden,
    }


def bearer(user, name: str = "test") -> dict:
    """Headers for the test client that carry a new token of the user's."""
    _, raw = token_create(actor=user, name=name)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def editor(world):
    """Staff with the editor role on the published plan only."""
    return factories.user(is_staff=True, role=Role.EDITOR, plan=world["plan"])


@pytest.fixture
def editor_auth(editor):
    return bearer(editor)
