"""The Data Package, Table Schemas and JSON Schema, served at stable addresses, linked from
/data/ and the catalogue, and validated against real exports with frictionless and jsonschema."""

import csv
import io
import json
from urllib.parse import urlsplit

import jsonschema
import pytest
from frictionless import Package

from actionplan.opendata.tables import GRANTS, PLAN_TABLES, PROJECT_TABLES, PROJECTS
from tests import factories

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def get_json(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/json")
    return json.loads(body(response))


@pytest.fixture
def with_unknowns():
    """A plan with a grant of unknown amount and a project without grants."""
    plan = factories.plan()
    area = factories.focus_area(factories.theme(plan))
    unknown = factories.project([area], title="Ukendt beløb")
    factories.grant(unknown, None)
    factories.grant(unknown, "250000")
    factories.project([area], title="Uden bevillinger")
    return plan


def validate_package(client, tmp_path):
    """The served package with its resources fetched into tmp_path, validated offline."""
    package = get_json(client, "/data/datapackage.json")
    for resource in package["resources"]:
        name = resource["name"] + "." + resource["format"]
        (tmp_path / name).write_bytes(body(client.get(urlsplit(resource["path"]).path)))
        resource["path"] = name
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    report = Package(str(tmp_path / "datapackage.json")).validate()
    errors = report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.valid, errors[:10]
    return package


def test_the_package_describes_every_csv_table_and_the_json_document(client, with_unknowns):
    package = get_json(client, "/data/datapackage.json")
    tables = {r["name"]: r for r in package["resources"] if r.get("type") == "table"}
    assert set(tables) == {t.name for t in PROJECT_TABLES + PLAN_TABLES}
    for table in PROJECT_TABLES + PLAN_TABLES:
        fields = [f["name"] for f in tables[table.name]["schema"]["fields"]]
        assert fields == list(table.headers), table.name
        served = get_json(client, f"/data/skema/{table.name}.json")
        assert served == tables[table.name]["schema"]
    document = next(r for r in package["resources"] if r["name"] == "json-dokument")
    assert urlsplit(document["jsonSchema"]).path == "/data/skema/json-dokument.json"


def test_frictionless_finds_the_csv_tables_valid(client, with_unknowns, tmp_path):
    validate_package(client, tmp_path)


def test_frictionless_finds_the_demo_valid(client, demo, tmp_path):
    validate_package(client, tmp_path)


def test_a_schema_that_does_not_fit_is_refused(client, with_unknowns, tmp_path):
    """The validation can fail: a table with an amount that is not a number."""
    package = get_json(client, "/data/datapackage.json")
    resource = next(r for r in package["resources"] if r["name"] == GRANTS.name)
    text = body(client.get(urlsplit(resource["path"]).path)).decode("utf-8-sig")
    (tmp_path / "g.csv").write_text(text.replace("250000", "mange penge"), encoding="utf-8")
    resource["path"] = "g.csv"
    package["resources"] = [resource]
    resource["schema"].pop("foreignKeys")
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    assert not Package(str(tmp_path / "datapackage.json")).validate().valid


def test_unknown_amounts_are_empty_never_zero(client, with_unknowns):
    text = body(client.get("/data/alle/projekter.csv")).decode("utf-8-sig")
    rows = {r["Titel"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["Ukendt beløb"]["Bevilget i alt (kr.)"] == ""
    assert rows["Uden bevillinger"]["Bevilget i alt (kr.)"] == "0"
    grants = body(client.get("/data/alle/bevillinger.csv")).decode("utf-8-sig")
    amounts = [r["Beløb (kr.)"] for r in csv.DictReader(io.StringIO(grants))]
    assert sorted(amounts) == ["", "250000"]
    document = get_json(client, "/data/alle.json")
    project = next(p for p in document["projects"] if p["title"] == "Ukendt beløb")
    assert sorted(g["amount_dkk"] or 0 for g in project["grants"]) == [0, 250000]
    assert None in [g["amount_dkk"] for g in project["grants"]]


@pytest.mark.parametrize("path", ["/data/alle.json", "plan"])
def test_the_json_documents_follow_their_json_schema(client, demo, path):
    schema = get_json(client, "/data/skema/json-dokument.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    url = f"/data/planer/{demo.slug}.json" if path == "plan" else path
    document = get_json(client, url)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:10]]


def test_the_json_schema_refuses_a_missing_key_or_an_amount_as_text(client, demo):
    schema = get_json(client, "/data/skema/json-dokument.json")
    document = get_json(client, "/data/alle.json")
    jsonschema.validate(document, schema)
    del document["projects"][0]["budget_dkk"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)
    document = get_json(client, "/data/alle.json")
    grant = next(g for p in document["projects"] for g in p["grants"])
    grant["amount_dkk"] = "ukendt"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_the_schemas_are_linked_from_the_data_page_and_the_catalogue(client, with_unknowns):
    html = client.get("/data/").content.decode()
    assert "/data/datapackage.json" in html and "/data/skema/json-dokument.json" in html
    catalogue = json.loads(client.get("/data/dcat.jsonld").content)
    text = json.dumps(catalogue)
    assert "/data/datapackage.json" in text
    assert f"/data/skema/{PROJECTS.name}.json" in text and "/data/skema/json-dokument.json" in text


def test_an_unknown_table_schema_is_not_found(client):
    assert client.get("/data/skema/hemmelig.json").status_code == 404


def test_a_synthetic_portfolio_follows_the_schemas(client, tmp_path):
    from actionplan.synth.generate import generate

    generate(projects=60, seed=12)
    validate_package(client, tmp_path)
    schema = get_json(client, "/data/skema/json-dokument.json")
    document = json.loads((tmp_path / "json-dokument.json").read_bytes())
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(document))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:10]]
