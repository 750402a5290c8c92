"""The DCAT-AP-DK catalogue against the official DCAT-AP SHACL shapes (2.1.1: core, range,
controlled vocabularies, recommended, deprecated URIs; 3.0.1: the shapes with their ranges),
and read the way Open Data DK's harvester reads it (ckanext-dcat's RDF profile with
ckanext-portalopendatadk's DanishDCATAPProfile)."""

import json
from urllib.parse import urlsplit

import pytest
from pyshacl import validate
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH

from actionplan.opendata import catalogue
from actionplan.opendata.models import StoredFile
from tests import factories
from tests.paths import SHARED

pytestmark = pytest.mark.django_db

SHAPES = SHARED / "data" / "dcat-ap"
SETS = {
    "2.1.1 core": ("2", ["2.1.1/dcat-ap_2.1.1_shacl_shapes.ttl"]),
    "2.1.1 range": ("2", ["2.1.1/dcat-ap_2.1.1_shacl_range.ttl"]),
    "2.1.1 vocabularies": ("2", ["2.1.1/dcat-ap_2.1.1_shacl_mdr-vocabularies.shape.ttl"]),
    "2.1.1 recommended": ("2", ["2.1.1/dcat-ap_2.1.1_shacl_shapes_recommended.ttl"]),
    "2.1.1 deprecated URIs": ("2", ["2.1.1/dcat-ap_2.1.1_shacl_deprecateduris.ttl"]),
    "3.0.1": ("3", ["3.0.1/dcat-ap-SHACL.ttl", "3.0.1/ranges.ttl"]),
}
# A Danish region is not in the EU corporate-body list: the one warning there is to give.
CORPORATE_BODY = "http://purl.org/dc/terms/publisher"

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SCHEMA = Namespace("http://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")
# Open Data DK's licence register (ckanext-portalopendatadk public/licenses.json): url -> id.
ODDK_LICENCES = {
    "https://publications.europa.eu/resource/authority/licence/CC0": "cco",
    "https://publications.europa.eu/resource/authority/licence/CC_BY": "cc-by",
    "https://publications.europa.eu/resource/authority/licence/CC_BYSA": "cc-bysa",
    "https://www.opendata.dk": "oddk",
}
ODDK_TITLES = {"Creative Commons Navngivelse 4.0 International (CC BY 4.0)": "cc-by"}
# CKAN's resource_formats.json, the rows used here: keys are lower-cased names and media types.
CKAN_FORMATS = {
    "csv": "CSV",
    "text/csv": "CSV",
    "json": "JSON",
    "application/json": "JSON",
    "xml": "XML",
    "application/xml": "XML",
    "xlsx": "XLSX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
}


@pytest.fixture
def published(demo):
    return demo


_TURTLE: dict[str, str] = {}  # the demo's catalogue, made once per profile for this module


def graph(client, profile: str = "2") -> Graph:
    if profile not in _TURTLE:
        query = "?dcat-ap=3" if profile == "3" else ""
        response = client.get("/data/dcat.ttl" + query)
        assert response.status_code == 200
        _TURTLE[profile] = response.content.decode()
    return Graph().parse(data=_TURTLE[profile], format="turtle")


def results(data: Graph, files: list[str]) -> list[tuple[str, str, str, str]]:
    shapes = Graph()
    for name in files:
        shapes.parse(SHAPES / name)
    # The 3.0.1 release names a few property shapes it never defines (no path, no constraint);
    # pyshacl refuses such a reference, so it is dropped: it constrains nothing.
    for shape, prop in list(shapes.subject_objects(SH.property)):
        if shapes.value(prop, SH.path) is None:
            shapes.remove((shape, SH.property, prop))
    _, report, _ = validate(data, shacl_graph=shapes, inference="none", advanced=True)
    found = []
    for result in report.objects(None, SH.result):  # top-level results, not their details
        found.append(
            (
                str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[1],
                str(report.value(result, SH.resultPath)),
                str(report.value(result, SH.focusNode)),
                str(report.value(result, SH.resultMessage)),
            )
        )
    return found


@pytest.mark.parametrize("name", list(SETS))
def test_the_catalogue_passes_the_dcat_ap_shapes(client, published, name):
    profile, files = SETS[name]
    found = [r for r in results(graph(client, profile), files) if r[1] != CORPORATE_BODY]
    assert not found, "\n".join(map(str, found[:15]))


def test_the_only_warning_is_the_eu_corporate_body_list(client, published):
    profile, files = SETS["2.1.1 vocabularies"]
    found = results(graph(client, profile), files)
    assert found and {(severity, path) for severity, path, _, _ in found} == {
        ("Warning", CORPORATE_BODY)
    }


def test_the_catalogue_states_its_profile(client, published):
    data = graph(client)
    (catalog,) = data.subjects(RDF.type, DCAT.Catalog)
    profiles = {str(p) for p in data.objects(catalog, DCT.conformsTo)}
    assert profiles == {catalogue.DCAT_AP_DK[0], catalogue.DCAT_AP["2"][0]}
    data3 = graph(client, "3")
    (catalog3,) = data3.subjects(RDF.type, DCAT.Catalog)
    assert catalogue.DCAT_AP["3"][0] in {str(p) for p in data3.objects(catalog3, DCT.conformsTo)}


# -- Open Data DK's reading ------------------------------------------------------------------


def _object(g: Graph, subject, predicate):
    """ckanext-dcat's _object: the first object."""
    for value in g.objects(subject, predicate):
        return value
    return None


def _object_value(g: Graph, subject, predicate) -> str:
    value = _object(g, subject, predicate)
    return str(value) if value is not None else ""


def _time_interval(g: Graph, dataset) -> tuple[str, str]:
    """ckanext-dcat's _time_interval: schema.org first, then OWL-Time; not dcat:startDate."""
    for interval in g.objects(dataset, DCT.temporal):
        start = _object_value(g, interval, SCHEMA.startDate)
        end = _object_value(g, interval, SCHEMA.endDate)
        if start or end:
            return start, end
        begin = _object(g, interval, TIME.hasBeginning)
        finish = _object(g, interval, TIME.hasEnd)
        return (
            _object_value(g, begin, TIME.inXSDDateTime) if begin else "",
            _object_value(g, finish, TIME.inXSDDateTime) if finish else "",
        )
    return "", ""


def _contact(g: Graph, dataset) -> dict[str, str]:
    for agent in g.objects(dataset, DCAT.contactPoint):
        return {
            "name": _object_value(g, agent, VCARD.fn),
            "email": _object_value(g, agent, VCARD.hasEmail).removeprefix("mailto:"),
        }
    return {}


def _licence(g: Graph, dataset) -> str:
    """ckanext-dcat's _license: a distribution's licence, by exact URI, else by its title."""
    for distribution in g.objects(dataset, DCAT.distribution):
        licence = _object(g, distribution, DCT.license)
        if licence is not None:
            found = ODDK_LICENCES.get(str(licence)) or ODDK_TITLES.get(
                _object_value(g, licence, DCT.title)
            )
            if found:
                return found
    return ""


def _format(g: Graph, distribution) -> tuple[str, str]:
    """ckanext-dcat's _distribution_format with normalize_ckan_format."""
    imt = _object_value(g, distribution, DCAT.mediaType) or None
    label = None
    fmt = _object(g, distribution, DCT["format"])
    if isinstance(fmt, Literal):
        if not imt and "/" in fmt:
            imt = str(fmt)
        else:
            label = str(fmt)
    elif isinstance(fmt, BNode | URIRef):
        if _object(g, fmt, RDF.type) == DCT.IMT:
            if not imt:
                imt = str(g.value(fmt, default=None))
            label = _object_value(g, fmt, RDFS.label)
        elif isinstance(fmt, URIRef):
            if "iana.org/assignments/media-types" in str(fmt) and not imt:
                imt = str(fmt)
            else:
                label = str(fmt)
    if imt in CKAN_FORMATS:
        label = CKAN_FORMATS[imt]
    elif label in CKAN_FORMATS:
        label = CKAN_FORMATS[label]
    return imt, label


def harvest(g: Graph) -> list[dict]:
    datasets = []
    for dataset in g.subjects(RDF.type, DCAT.Dataset):
        start, end = _time_interval(g, dataset)
        resources = []
        for distribution in g.objects(dataset, DCAT.distribution):
            imt, label = _format(g, distribution)
            size = _object_value(g, distribution, DCAT.byteSize)
            resources.append(
                {
                    "url": _object_value(g, distribution, DCAT.downloadURL),
                    "mimetype": imt,
                    "format": label,
                    "size": int(float(size)) if size else None,
                }
            )
        datasets.append(
            {
                "title": _object_value(g, dataset, DCT.title),
                "license_id": _licence(g, dataset),
                "temporal": (start, end),
                "contact": _contact(g, dataset),
                "resources": resources,
            }
        )
    return datasets


def test_open_data_dk_reads_licence_period_contact_formats_and_sizes(client, published, settings):
    settings.ACTIONPLAN_OPENDATA_EMAIL = "data@regionh.example"
    settings.ACTIONPLAN_CATALOGUE_SIZE_SECONDS = 600
    response = client.get("/data/dcat.ttl")
    datasets = harvest(Graph().parse(data=response.content.decode(), format="turtle"))
    assert len(datasets) == 2
    for dataset in datasets:
        assert dataset["license_id"] == "cc-by"
        assert dataset["contact"]["email"] == "data@regionh.example"
        assert dataset["temporal"][0].startswith("2020-01-01")
        formats = {r["format"] for r in dataset["resources"]}
        assert formats == {"CSV", "JSON", "XML", "XLSX"}, formats
        for resource in dataset["resources"]:
            body = client.get(urlsplit(resource["url"]).path)
            content = b"".join(body.streaming_content) if body.streaming else body.content
            if resource["format"] == "XLSX":  # a zip: its timestamps may shift by a few bytes
                assert abs(resource["size"] - len(content)) < 64, resource["url"]
            else:
                assert resource["size"] == len(content), resource["url"]
    plan = next(d for d in datasets if "2020-2021" in d["title"])
    assert plan["temporal"] == ("2020-01-01", "2021-12-31")


def test_sizes_are_computed_once_per_data_version(
    client, published, settings, django_assert_max_num_queries
):
    settings.ACTIONPLAN_CATALOGUE_SIZE_SECONDS = 600
    client.get("/data/dcat.ttl")
    with django_assert_max_num_queries(40):
        client.get("/data/dcat.jsonld")


def _sizes(client) -> dict[str, int]:
    g = Graph().parse(data=client.get("/data/dcat.ttl").content.decode(), format="turtle")
    return {
        urlsplit(str(d)).path: int(float(str(size))) for d, size in g.subject_objects(DCAT.byteSize)
    }


def test_sizes_beyond_the_time_budget_wait_for_a_download_or_a_later_request(
    client, published, settings
):
    # The downloads of everything are stored files (built by the catalogue's request here,
    # where jobs run in the caller): their sizes cost nothing. A plan's are measured.
    settings.ACTIONPLAN_CATALOGUE_SIZE_SECONDS = 0
    sizes = _sizes(client)
    stored = {f"/data/{row.name}": row.size for row in StoredFile.objects.all()}
    assert len(stored) == 12 and sizes == stored
    plan_csv = f"/data/planer/{published.slug}/projekter.csv"
    response = client.get(plan_csv)
    length = len(b"".join(response.streaming_content))
    assert _sizes(client) == {**stored, plan_csv: length}
    full = client.get("/data/alle/projekter.csv")
    assert len(b"".join(full.streaming_content)) == stored["/data/alle/projekter.csv"]
    settings.ACTIONPLAN_CATALOGUE_SIZE_SECONDS = 600
    assert len(_sizes(client)) == 24


def test_a_plan_without_a_cvr_number_is_published_by_its_portal_page(client):
    plan = factories.plan(organisation=factories.organisation(name="Kommune X"))
    factories.project([factories.focus_area(factories.theme(plan))])
    document = json.loads(client.get("/data/dcat.jsonld").content)
    datasets = document["dcat:dataset"]
    assert all(d["dcat:contactPoint"]["vcard:fn"] for d in datasets)
