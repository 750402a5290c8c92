from tests.rounds.fixtures import *  # noqa: F403
