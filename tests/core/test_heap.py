"""A server worker's heap is frozen after its first requests (config/wsgi.py)."""

import gc
import weakref

import pytest
from django.core.signals import request_finished
from django.test import Client

from actionplan.core import heap

pytestmark = pytest.mark.django_db


class Node:
    """Something a reference cycle can be made of and a weak reference can watch."""


def cyclic_garbage() -> weakref.ref:
    node = Node()
    node.me = node
    return weakref.ref(node)


@pytest.fixture
def installed(monkeypatch):
    monkeypatch.setattr(heap, "FREEZING_REQUESTS", 3)
    monkeypatch.setattr(heap, "_served", 0)
    heap.install()
    yield
    request_finished.disconnect(heap.freeze_after_first_requests)
    gc.unfreeze()


def test_not_installed_nothing_is_frozen(client):
    client.get("/tilgaengelighed/")
    assert gc.get_freeze_count() == 0


def test_first_requests_collect_garbage_then_freeze_what_lives(installed):
    client = Client()
    kept = Node()
    garbage = cyclic_garbage()
    gc.disable()  # only the explicit collection may take it
    try:
        assert client.get("/tilgaengelighed/").status_code == 200
    finally:
        gc.enable()
    assert garbage() is None  # collected before freezing, not frozen for good
    assert gc.get_freeze_count() > 0
    assert not any(obj is kept for obj in gc.get_objects())  # frozen: out of the collector's sight


def test_freezing_stops_after_the_first_requests(installed):
    client = Client()
    for _ in range(heap.FREEZING_REQUESTS):
        client.get("/tilgaengelighed/")
    frozen = gc.get_freeze_count()
    later = Node()
    garbage = cyclic_garbage()
    client.get("/tilgaengelighed/")
    assert gc.get_freeze_count() <= frozen  # (frozen objects freed by reference count leave it)
    assert any(obj is later for obj in gc.get_objects())  # still the collector's to walk
    gc.collect()
    assert garbage() is None
