"""ETag and Last-Modified on reads: a current copy gets 304, a change gets a new ETag."""

import pytest

from actionplan.core.services import SYSTEM
from actionplan.projects import services as projects

pytestmark = pytest.mark.django_db

URL = "/api/v1/projects"


def test_reads_answer_etag_and_last_modified(client, world):
    response = client.get(URL)
    assert response["ETag"].startswith('"') and response["Last-Modified"].endswith("GMT")


def test_the_same_etag_gets_304_without_a_body(client, world):
    etag = client.get(URL)["ETag"]
    response = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response.content == b""


def test_if_modified_since_gets_304(client, world):
    modified = client.get(URL)["Last-Modified"]
    assert client.get(URL, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304


def test_a_304_costs_one_query(client, world, django_assert_num_queries):
    etag = client.get(URL)["ETag"]
    with django_assert_num_queries(1):
        client.get(URL, HTTP_IF_NONE_MATCH=etag)


def test_a_change_gives_a_new_etag(client, world):
    etag = client.get(URL)["ETag"]
    projects.project_update(actor=SYSTEM, project=world["project"], title="Nyt navn")
    response = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag


def test_other_query_parameters_have_other_etags(client, world):
    assert client.get(URL)["ETag"] != client.get(URL + "?page_size=5")["ETag"]
