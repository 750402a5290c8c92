"""The committed openapi.json is what the code generates; the docs page works under the CSP."""

import re
from pathlib import Path

import pytest

from actionplan import cli
from actionplan.api.openapi import openapi_text

COMMITTED = Path(__file__).resolve().parents[2] / "openapi.json"


def test_the_committed_openapi_is_the_generated_one():
    assert COMMITTED.read_text(encoding="utf-8") == openapi_text(), (
        "openapi.json is out of date: run `actionplan openapi -o openapi.json` and commit it"
    )


def test_the_command_writes_the_document(tmp_path):
    out = tmp_path / "openapi.json"
    assert cli.main(["openapi", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == openapi_text()


def test_no_model_is_exposed_directly():
    names = set(__import__("json").loads(openapi_text())["components"]["schemas"])
    assert all(name.endswith(("In", "Out")) for name in names), names


@pytest.mark.django_db
def test_the_docs_page_answers_with_no_inline_script(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    # Every script is a file from this site, or a JSON data block that browsers do not run.
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert 'src="/static/' in tag or 'type="application/json"' in tag, tag


@pytest.mark.django_db
def test_the_docs_scripts_and_the_schema_are_served(client):
    html = client.get("/api/v1/docs").content.decode()
    for src in re.findall(r'<script[^>]* src="([^"]+)"', html):
        assert client.get(src).status_code == 200, src
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == "actionplan API"
