"""Settings for the test suite: production settings with a key of its own.

Production refuses to start without ACTIONPLAN_SECRET_KEY (config.settings); the tests run
with DEBUG off, as production does, so they bring a key. Subprocesses started by tests
inherit it through the environment."""

import os

os.environ.setdefault(
    "ACTIONPLAN_SECRET_KEY", "test-only-key-0f3e9b7c2a41d8e6b5c3a9f0e7d1c4b2a8f6e0d9"
)

from config.settings import *  # noqa: F403

# Jobs run in the caller, inside the test's transaction; the worker tests start real workers.
ACTIONPLAN_JOB_RUNNER = os.environ.get("ACTIONPLAN_JOB_RUNNER", "inline")
