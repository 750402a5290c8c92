"""The downloads of everything are files kept by a job (opendata.files): served from storage,
304 when current, the previous file and one rebuild when the data changed, 503 while the
first is built, and a failed build leaves the previous file."""

import json

import pytest
from django.core.files.storage import default_storage

from actionplan.jobs import services as job_services
from actionplan.jobs.models import Job
from actionplan.opendata import files, stream
from actionplan.opendata.models import StoredFile
from actionplan.opendata.tables import TABLES
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    area = factories.focus_area(factories.theme(factories.plan()))
    return factories.project([area], title="Første projekt")


@pytest.fixture
def no_runner(monkeypatch):
    """A task queue that takes jobs and runs none (yet)."""
    monkeypatch.setattr(job_services, "_dispatch", lambda job: None)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def titles(response_or_body) -> list[str]:
    content = response_or_body if isinstance(response_or_body, bytes) else body(response_or_body)
    return [p["title"] for p in json.loads(content)["projects"]]


def export_jobs(fmt: str = "json"):
    return Job.objects.filter(kind=Job.Kind.EXPORT, params__format=fmt)


def test_a_download_is_served_from_its_stored_file(client, published):
    response = client.get("/data/alle.json")
    assert response.status_code == 200
    row = StoredFile.objects.get(name="alle.json")
    content = body(response)
    with row.file.open("rb") as handle:
        assert content == handle.read()
    assert row.version == files.content_version().token
    assert int(response["Content-Length"]) == row.size
    assert response["ETag"] == files.etag(row)
    assert 'filename="alle.json"' in response["Content-Disposition"]
    assert titles(content) == ["Første projekt"]
    assert export_jobs().get().state == Job.State.DONE


def test_a_current_copy_gets_304_and_a_changed_file_a_new_etag(client, published):
    etag = client.get("/data/alle.json")["ETag"]
    again = client.get("/data/alle.json", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    factories.project(title="Andet projekt")
    changed = client.get("/data/alle.json", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert sorted(titles(changed)) == ["Andet projekt", "Første projekt"]


def test_a_stale_file_is_served_while_one_rebuild_is_started(client, published, no_runner):
    files.refresh()  # nothing runs: the jobs wait
    job_services.job_run(export_jobs().get().pk)
    first = client.get("/data/alle.json")
    factories.project(title="Andet projekt")
    responses = [client.get("/data/alle.json") for _ in range(3)]
    assert all(r.status_code == 200 and r["ETag"] == first["ETag"] for r in responses)
    assert titles(responses[-1]) == ["Første projekt"]
    waiting = export_jobs().filter(state=Job.State.QUEUED)
    assert waiting.count() == 1
    assert waiting.get().params["version"] == files.content_version().token
    job_services.job_run(waiting.get().pk)
    assert sorted(titles(client.get("/data/alle.json"))) == ["Andet projekt", "Første projekt"]
    assert export_jobs().count() == 2


def test_a_missing_file_answers_503_in_danish_and_starts_one_build(client, published, no_runner):
    for _ in range(2):
        response = client.get("/data/alle/bevillinger.csv")
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert "Filen bliver bygget" in response.content.decode()
    job = export_jobs("csv").get()
    assert job.state == Job.State.QUEUED
    job_services.job_run(job.pk)
    assert client.get("/data/alle/bevillinger.csv").status_code == 200


def test_the_csv_job_builds_every_table(client, published):
    response = client.get("/data/alle/projekter.csv")
    assert response.status_code == 200
    assert set(StoredFile.objects.values_list("name", flat=True)) == {
        f"alle/{table}.csv" for table in TABLES
    }
    assert export_jobs("csv").count() == 1
    text = body(response).decode("utf-8-sig")
    assert text.startswith("Projekt-id,") and "Første projekt" in text


def test_a_failed_build_leaves_the_previous_file(client, published, monkeypatch):
    first = client.get("/data/alle.json")
    previous = body(first)
    before = set(default_storage.listdir(files.FOLDER)[1])
    factories.project(title="Andet projekt")

    def broken(output, **kwargs):
        output.write(b'{"plan": null, "projects": [')
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(stream, "write_json", broken)
    response = client.get("/data/alle.json")
    assert response.status_code == 200
    assert response["ETag"] == first["ETag"]
    assert body(response) == previous
    failed = export_jobs().get(state=Job.State.FAILED)
    assert failed.error
    assert set(default_storage.listdir(files.FOLDER)[1]) == before  # no half file kept
    client.get("/data/alle.json")  # a failed build is not started again at once
    assert export_jobs().count() == 2


def test_old_files_are_pruned(client, published):
    client.get("/data/alle.json")
    old = StoredFile.objects.get(name="alle.json").file.name
    factories.project(title="Andet projekt")
    client.get("/data/alle.json")
    current = StoredFile.objects.get(name="alle.json").file.name
    assert current != old
    assert default_storage.exists(old)  # a reader may still be sending it
    files.prune(older_than=0)
    assert not default_storage.exists(old)
    assert default_storage.exists(current)


def test_the_catalogue_gives_the_stored_files_sizes(client, published):
    document = json.loads(client.get("/data/dcat.jsonld").content)
    everything = next(d for d in document["dcat:dataset"] if d["@id"].endswith("#alle"))
    sizes = {
        d["dcat:downloadURL"]["@id"].split("/data/", 1)[1]: int(float(d["dcat:byteSize"]["@value"]))
        for d in everything["dcat:distribution"]
    }
    assert sizes == {row.name: row.size for row in StoredFile.objects.all()}
    assert len(sizes) == len(files.DOWNLOADS)


def test_a_build_that_fails_when_switching_leaves_no_file_behind(client, published, monkeypatch):
    first = client.get("/data/alle.json")
    previous = body(first)
    before = set(default_storage.listdir(files.FOLDER)[1])
    factories.project(title="Andet projekt")

    def refused(job, outcome):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(job_services, "job_finish", refused)
    response = client.get("/data/alle.json")
    assert (response["ETag"], body(response)) == (first["ETag"], previous)
    assert StoredFile.objects.get(name="alle.json").version != files.content_version().token
    assert set(default_storage.listdir(files.FOLDER)[1]) == before  # the new file is removed


def test_a_stored_file_gone_from_storage_is_built_again(client, published, no_runner):
    files.refresh()
    job_services.job_run(export_jobs().get().pk)
    default_storage.delete(StoredFile.objects.get(name="alle.json").file.name)
    for _ in range(2):
        assert client.get("/data/alle.json").status_code == 503
    again = export_jobs().get(state=Job.State.QUEUED)
    job_services.job_run(again.pk)
    response = client.get("/data/alle.json")
    assert response.status_code == 200
    assert titles(response) == ["Første projekt"]
