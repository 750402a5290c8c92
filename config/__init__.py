# The Celery application is loaded with Django, so that every process that starts a job (a web
# server, a command) sends it through the configured broker, not Celery's default one.
from .celery import app as celery_app

__all__ = ("celery_app",)
