import pytest

from tests.world import World, make_world


@pytest.fixture
def world(demo) -> World:
    return make_world(demo)
