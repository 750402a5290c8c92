"""Settings for the benchmarks only: production settings plus a URLconf with a bare view."""

import os

# Production refuses to start without a key; the benchmark server brings its own.
os.environ.setdefault(
    "ACTIONPLAN_SECRET_KEY", "bench-only-key-6c1f0e9a8b7d5c4e3f2a1b0c9d8e7f6a5b4c3d2e"
)

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
# The benchmark server serves no static files worth measuring; keep it off the hot path.
WHITENOISE_USE_FINDERS = False
