"""On PostgreSQL the compact JSON document's projects are written by the database
(opendata.pg_json): the same document as the Python path (stream's chunks and orjson), for
varied data: unknown values, amounts with øre, partial dates, Danish and escaped text,
projects without partners, grants or updates, updates of rounds not yet published."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.db import connection

from actionplan.core.services import SYSTEM
from actionplan.opendata import pg_json, stream
from actionplan.projects import services as projects
from actionplan.projects.models import CoFunding, Participation
from actionplan.rounds.models import StatusRound
from actionplan.rounds.services import round_create
from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL writes the JSON"),
]

TRICKY = 'Æble "ø" \\ å/ü\n\tlinje 2 \u2028 🌍 <b>&amp;'


@pytest.fixture
def portfolio():
    plan = factories.plan(slug="plan-a")
    first = factories.focus_area(factories.theme(plan), slug="foerste")
    second = factories.focus_area(factories.theme(plan, order=0), slug="anden")
    other = factories.focus_area(factories.theme(factories.plan(slug="plan-b")), slug="andet")
    lead = factories.organisation(name="Region Øst")
    full = factories.project(
        [first, second, other],
        title=TRICKY,
        description=TRICKY,
        start="2020",
        end="2021-12",
        budget_dkk=Decimal("1234567.50"),
        budget_upper_bound=True,
        lead=lead,
        sdgs=[3, 11, 17],
    )
    for org, role in [
        (lead, Participation.Role.IMPLEMENTING),
        (lead, Participation.Role.ACCOUNTABLE),
        (factories.organisation(name="Aalborg Kommune"), Participation.Role.FUNDING),
        (factories.organisation(name="Ærø Kommune"), Participation.Role.EXTENDING),
    ]:
        projects.participation_add(actor=SYSTEM, project=full, organisation=org, role=role)
    source = factories.funding_source(name="EU's Socialfond «ESF+»")
    factories.grant(full, "125000", source=source, decided="2021-03")
    factories.grant(full, "0.05", source=source, decided="2020-06-30", upper_bound=True)
    factories.grant(full, None, source=source)
    factories.grant(full, "9876543210.99", source=source, decided="2019")
    for amount, year, note in [("10.10", 2022, TRICKY), (None, None, ""), ("7", 2021, "x")]:
        projects.cofunding_create(
            actor=SYSTEM,
            project=full,
            source=source,
            status=CoFunding.Status.GRANTED,
            amount=None if amount is None else Decimal(amount),
            year=year,
            note=note,
        )
    published = round_create(
        actor=SYSTEM,
        plan=plan,
        name="Status 2021",
        slug="s21",
        reference_date=dt.date(2021, 6, 1),
        state=StatusRound.State.PUBLISHED,
    )
    hidden = round_create(
        actor=SYSTEM,
        plan=plan,
        name="Status 2022",
        slug="s22",
        reference_date=dt.date(2022, 6, 1),
    )
    factories.status_update(full, round=published, date=dt.date(2021, 5, 1), narrative=TRICKY)
    factories.status_update(full, round=hidden, date=dt.date(2022, 5, 1), narrative="Skjult")
    factories.status_update(full, date=dt.date(2020, 1, 2), narrative="Uden runde", progress=40)
    factories.project([second], title="Tom", start=None, end=None, status="idea")
    factories.project([first], title="Skjult projekt", is_published=False)
    factories.project(
        [other], title="Kun år", start="2019-05-04", budget_dkk=Decimal("0.00"), sdgs=[]
    )
    return plan


def _python_path(monkeypatch, plan=None) -> bytes:
    with monkeypatch.context() as patch:
        patch.setattr(pg_json, "available", lambda: False)
        return b"".join(stream.iter_json_bytes(plan))


def test_the_database_writes_the_document_the_python_path_writes(portfolio, monkeypatch):
    fast = b"".join(stream.iter_json_bytes(None))
    slow = _python_path(monkeypatch)
    document = json.loads(fast)
    assert document == json.loads(slow)
    assert fast == slow  # byte for byte: the same compact layout, numbers and escapes
    full = next(p for p in document["projects"] if p["title"] == TRICKY)
    assert full["budget_dkk"] == 1234567.5
    assert [g["amount_dkk"] for g in full["grants"]] == [9876543210.99, 0.05, 125000, None]
    assert [g["decided"] for g in full["grants"]] == ["2019", "2020-06-30", "2021-03", None]
    assert [c["year"] for c in full["cofunding"]] == [None, 2021, 2022]
    assert full["partners"][0] == {"name": "Aalborg Kommune", "roles": ["funding"]}
    assert {"name": "Region Øst", "roles": ["accountable", "implementing"]} in full["partners"]
    assert [u["text"] for u in full["updates"]] == ["Uden runde", TRICKY]
    assert (full["start"], full["end"], full["sdgs"]) == ("2020", "2021-12", [3, 11, 17])
    empty = next(p for p in document["projects"] if p["title"] == "Tom")
    assert empty["partners"] == empty["grants"] == empty["updates"] == []
    assert empty["start"] is None and empty["lead"] is None and empty["budget_dkk"] is None
    assert "Skjult projekt" not in fast.decode()


def test_a_plans_document_and_more_chunks_than_one(portfolio, monkeypatch):
    monkeypatch.setattr(pg_json, "CHUNK_SIZE", 1)
    fast = b"".join(stream.iter_json_bytes(portfolio))
    assert fast == _python_path(monkeypatch, portfolio)
    assert len(json.loads(fast)["projects"]) == 2


def test_the_database_path_reports_progress_per_chunk(portfolio, monkeypatch):
    monkeypatch.setattr(pg_json, "CHUNK_SIZE", 2)
    seen = []
    b"".join(stream.iter_json_bytes(None, progress=lambda *args: seen.append(args)))
    assert seen == [("projects", 0, 3), ("projects", 2, 3), ("projects", 3, 3)]


@pytest.mark.django_db(transaction=True)
def test_several_connections_build_the_chunks_in_order(portfolio, monkeypatch, settings):
    """Outside a transaction (a worker's job), ACTIONPLAN_EXPORT_DATABASE_WORKERS connections
    build chunks at once; the document is the same, its projects in id order."""
    settings.ACTIONPLAN_EXPORT_DATABASE_WORKERS = 2
    monkeypatch.setattr(pg_json, "CHUNK_SIZE", 1)
    threads = set()
    chunk = pg_json._chunk

    def recorded(*args):
        import threading

        threads.add(threading.current_thread().name)
        return chunk(*args)

    monkeypatch.setattr(pg_json, "_chunk", recorded)
    fast = b"".join(stream.iter_json_bytes(None))
    assert fast == _python_path(monkeypatch)
    assert len(threads) > 1 and all(name.startswith("export-json") for name in threads)
