"""The Celery application: `celery -A config worker` and `celery -A config beat`
(docs/operations.md, "Tasks and workers"). Settings are the CELERY_* names in config.settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("actionplan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["actionplan.jobs", "actionplan.opendata"])
