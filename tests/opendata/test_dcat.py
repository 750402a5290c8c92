"""The DCAT-AP-DK catalogue: a dataset per published plan and one for everything, each with
downloads that answer, CC BY 4.0, temporal coverage, publisher and update frequency."""

import json
import re
from urllib.parse import urlsplit

import pytest

from actionplan.opendata.catalogue import FREQUENCY, LICENCE, PREFIXES
from actionplan.plans.models import ActionPlan
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans():
    published = factories.plan(
        title="Handlingsplan 2024-2025",
        organisation=factories.organisation(name="Region Test", cvr="12345678"),
    )
    factories.project([factories.focus_area(factories.theme(published))])
    draft = factories.plan(status="draft", title="Kladdeplan")
    return published, draft


def catalogue(client) -> dict:
    response = client.get("/data/dcat.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    return json.loads(response.content)


def as_list(value):
    return value if isinstance(value, list) else [value]


def datasets(client) -> list[dict]:
    return as_list(catalogue(client)["dcat:dataset"])


def test_a_dataset_per_published_plan_and_one_for_everything(client, plans):
    # Other tests' session-wide demo plan may be there too.
    titles = [d["dct:title"]["@value"] for d in datasets(client)]
    assert len(titles) == ActionPlan.objects.filter(status="published").count() + 1
    assert "Handlingsplan 2024-2025: plan, projekter og bevillinger" in titles
    assert titles[-1] == "Alle handlingsplaner og projekter"


def test_a_dataset_has_licence_period_publisher_and_frequency(client, plans):
    dataset = next(d for d in datasets(client) if "2024-2025" in d["dct:title"]["@value"])
    assert dataset["dct:license"]["@id"] == LICENCE
    assert dataset["dct:accrualPeriodicity"]["@id"] == FREQUENCY
    assert dataset["dct:temporal"]["dcat:startDate"]["@value"] == "2020-01-01"
    assert dataset["dct:publisher"]["foaf:name"]["@value"] == "Region Test"
    assert dataset["dct:publisher"]["@id"].endswith("/12345678")


def test_every_distribution_can_be_downloaded(client, plans):
    for dataset in datasets(client):
        formats = set()
        for distribution in dataset["dcat:distribution"]:
            url = distribution["dcat:downloadURL"]["@id"]
            assert client.get(urlsplit(url).path).status_code == 200, url
            formats.add(distribution["dct:format"]["@id"].rsplit("/", 1)[1])
        assert formats == {"JSON", "CSV", "XLSX", "XML"}


def test_the_turtle_names_the_same_downloads(client, plans):
    turtle = client.get("/data/dcat.ttl").content.decode()
    urls = {
        d["dcat:downloadURL"]["@id"]
        for dataset in datasets(client)
        for d in dataset["dcat:distribution"]
    }
    assert urls and all(f"<{url}>" in turtle for url in urls)


def test_the_turtle_declares_every_prefix_it_uses(client, plans):
    turtle = client.get("/data/dcat.ttl").content.decode()
    body = re.sub(r'"(?:[^"\\]|\\.)*"', '""', turtle)  # literals may hold colons
    body = re.sub(r"<[^>]*>", "<>", body)
    used = set(re.findall(r"\b([a-z]+):[A-Za-z]", body))
    assert used <= set(PREFIXES), used - set(PREFIXES)


def test_texts_are_escaped_in_turtle(client):
    factories.plan(title='Plan med "citat" og \\ skråstreg')
    turtle = client.get("/data/dcat.ttl").content.decode()
    assert r'"Plan med \"citat\" og \\ skråstreg: plan, projekter og bevillinger"@da' in turtle


def test_no_draft_plan_in_the_catalogue(client, plans):
    assert "Kladdeplan" not in client.get("/data/dcat.jsonld").content.decode()
    assert "Kladdeplan" not in client.get("/data/dcat.ttl").content.decode()


def test_the_catalogue_answers_304_to_a_current_copy(client, plans):
    etag = client.get("/data/dcat.ttl")["ETag"]
    assert client.get("/data/dcat.ttl", HTTP_IF_NONE_MATCH=etag).status_code == 304
