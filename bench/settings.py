"""Settings for the benchmarks only: production settings plus a URLconf with a bare view."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
# The benchmark server serves no static files worth measuring; keep it off the hot path.
WHITENOISE_USE_FINDERS = False
