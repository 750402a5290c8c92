"""Every form in the workspace, filled with hostile input, answers without a server error.

The forms are found by reading the workspace's pages as an administrator (every GET route of
the permission matrix that the administrator may open), so a new form is fuzzed without
anyone listing it here.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .test_permission_matrix import MATRIX

pytestmark = pytest.mark.django_db

# The forms that end the session or switch language are not about data.
SKIP_ACTIONS = ("/log-ud/", "/i18n/")

hostile = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "1e309",
            "N/A",
            "1,1 mio. kr.",
            "99999999999999999999999",
            "2021-02-30",
            "august 2021",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "\x00",
            "ø" * 5000,
        ]
    ),
)


class FormFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, list[str]]] = []
        self._current: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._current = (attrs.get("action") or "", [])
        elif self._current is not None and tag in {"input", "select", "textarea"}:
            name = attrs.get("name")
            if name and name != "csrfmiddlewaretoken" and attrs.get("type") != "file":
                self._current[1].append(name)

    def handle_endtag(self, tag):
        if tag == "form" and self._current is not None:
            self.forms.append(self._current)
            self._current = None


def workspace_forms(client, world) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, (method, kwargs, expected) in MATRIX.items():
        if method != "GET" or expected["admin"] != 200 or not name.startswith("workspace:"):
            continue
        page_url = reverse(name.split("#")[0], kwargs=kwargs(world))
        response = client.get(page_url)
        if not response["Content-Type"].startswith("text/html"):
            continue  # a download (a template to fill in), not a page with forms
        finder = FormFinder()
        finder.feed(response.content.decode())
        for action, fields in finder.forms:
            target = action or page_url
            if fields and not any(skip in target for skip in SKIP_ACTIONS):
                found.setdefault(target, fields)
    return found


def test_no_workspace_form_gives_a_server_error_on_hostile_input(client, world):
    client.force_login(world.users["admin"])
    forms = workspace_forms(client, world)
    assert len(forms) > 20, "the workspace's forms were not found"

    for action, fields in forms.items():
        fuzz(client, action, fields)


def fuzz(client, action: str, fields: list[str]) -> None:
    @settings(
        max_examples=8,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(values=st.fixed_dictionaries({field: hostile for field in fields}))
    def post(values):
        response = client.post(action, values)
        assert response.status_code < 500, (action, values)

    post()
