"""System checks of our own settings; `check --deploy` runs the deploy ones."""

import os

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

MISSING_KEY = (
    "ACTIONPLAN_SECRET_KEY is not set. In production set it to a long random value, "
    "e.g. the output of: python -c 'import secrets; print(secrets.token_urlsafe(50))'. "
    "For local development `actionplan serve` (and `make run`) makes one of its own, kept "
    "in the data folder."
)


def require_secret_key() -> None:
    """A server refuses to start without a key of its own (the settings load without one, so
    that migrations and other tooling that sign nothing still run)."""
    try:
        settings.SECRET_KEY  # noqa: B018  (Django refuses an empty key when it is read)
    except ImproperlyConfigured:
        raise ImproperlyConfigured(MISSING_KEY) from None


@register(Tags.security, deploy=True)
def secret_key_check(app_configs, **kwargs):
    """The development key is in the repository: a server using it signs nothing safely."""
    development = getattr(settings, "DEVELOPMENT_SECRET_KEY", None)
    if not os.environ.get("ACTIONPLAN_SECRET_KEY") or development == settings.SECRET_KEY:
        return [
            Error(
                "ACTIONPLAN_SECRET_KEY is not set: the site runs on the development key, "
                "which is published in the repository.",
                hint="Set ACTIONPLAN_SECRET_KEY to a long random value "
                "(python -c 'import secrets; print(secrets.token_urlsafe(50))').",
                id="actionplan.E001",
            )
        ]
    if len(set(settings.SECRET_KEY)) < 5 or len(settings.SECRET_KEY) < 50:
        return [
            Error(
                "ACTIONPLAN_SECRET_KEY is too short or too simple to be secret.",
                hint="Use at least 50 random characters.",
                id="actionplan.E002",
            )
        ]
    return []
