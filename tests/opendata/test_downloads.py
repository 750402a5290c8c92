"""The download views: every format of a plan and of everything, 404 for what is not
published, ETag/304, streaming where the exporter streams."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    plan = factories.plan()
    area = factories.focus_area(factories.theme(plan))
    factories.grant(factories.project([area], title="Åben data"), "125000")
    return plan


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize(
    ("suffix", "content_type"),
    [
        (".json", "application/json"),
        (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("-iati.xml", "application/xml"),
        ("/projekter.csv", "text/csv"),
        ("/indikatorer.csv", "text/csv"),
    ],
)
def test_each_download_of_a_plan(client, plan, suffix, content_type):
    response = client.get(f"/data/planer/{plan.slug}{suffix}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert "attachment" in response["Content-Disposition"]
    assert body(response)


@pytest.mark.parametrize(
    "path", ["alle.json", "alle.xlsx", "alle-iati.xml", "alle/bevillinger.csv"]
)
def test_each_download_of_everything(client, plan, path):
    response = client.get(f"/data/{path}")
    assert response.status_code == 200 and body(response)


def test_json_csv_and_iati_stream(client, plan):
    for path in ("alle.json", "alle-iati.xml", "alle/projekter.csv"):
        assert client.get(f"/data/{path}").streaming, path


def test_a_draft_plan_has_no_downloads(client):
    draft = factories.plan(status="draft")
    assert client.get(f"/data/planer/{draft.slug}.json").status_code == 404


def test_an_unknown_table_is_not_found(client, plan):
    assert client.get(f"/data/planer/{plan.slug}/hemmelig.csv").status_code == 404


def test_a_current_copy_gets_304(client, plan):
    etag = client.get("/data/alle/projekter.csv")["ETag"]
    assert client.get("/data/alle/projekter.csv", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_open_data_page_links_every_download(client, plan):
    html = client.get("/data/").content.decode()
    for path in (f"/data/planer/{plan.slug}.json", "/data/alle.xlsx", "/data/dcat.jsonld"):
        assert path in html
    assert "creativecommons.org/licenses/by/4.0" in html
