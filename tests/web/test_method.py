import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_language():
    # A request to /en/ activates English in this thread; later tests must not inherit it.
    with translation.override(translation.get_language()):
        yield


def test_the_method_page_answers_in_danish_and_english(client):
    assert client.get("/metode/").status_code == 200
    english = client.get("/en/metode/")
    assert english.status_code == 200
    assert "How we measure progress" in english.content.decode()


def test_the_method_page_states_the_tolerances_the_code_uses(client):
    html = client.get("/en/metode/").content.decode()
    assert "at most 10 percentage points" in html
    assert "at most 25 percentage points" in html
