"""A process that starts jobs uses the configured broker: the Celery application is loaded with
Django, not only in `celery -A config worker`."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, django
django.setup()
from actionplan.jobs.tasks import run
print(json.dumps({"broker": run.app.conf.broker_url, "main": run.app.main}))
"""


def test_a_web_process_sends_jobs_to_the_configured_broker():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "ACTIONPLAN_SECRET_KEY": "probe",
        "ACTIONPLAN_BROKER_URL": "redis://127.0.0.1:6399/7",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == {"broker": "redis://127.0.0.1:6399/7", "main": "actionplan"}
