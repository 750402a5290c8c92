import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _no_language_leak():
    """A request to /en/ leaves English active in this thread, and a later test's reverse()
    would then build /en/ URLs; end every portal test in the default language."""
    yield
    translation.deactivate()
