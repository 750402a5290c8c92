"""Production refuses to start without a secret key; the development key exists only under
DEBUG, and `check --deploy` reports it."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"ACTIONPLAN_SECRET_KEY", "ACTIONPLAN_DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def _python(code: str, **env: str) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"ACTIONPLAN_SECRET_KEY", "ACTIONPLAN_DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_server_without_a_secret_key_refuses_to_start():
    result = _python("import config.wsgi")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ACTIONPLAN_SECRET_KEY is not set" in result.stderr


def test_the_server_starts_with_a_key():
    result = _python("import config.wsgi", ACTIONPLAN_SECRET_KEY="k" * 20 + "e" * 20 + "y" * 20)
    assert result.returncode == 0, result.stderr


def test_tooling_that_signs_nothing_runs_without_a_key():
    """A fresh checkout: the migration check and the system checks need no key."""
    assert _manage("makemigrations", "--check", "--dry-run").returncode == 0
    assert _manage("check").returncode == 0


def test_nothing_is_signed_with_an_empty_key():
    result = _python(
        "import django; django.setup(); from django.core import signing; signing.dumps(1)",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_development_runs_on_the_development_key_under_debug():
    result = _manage("check", ACTIONPLAN_DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_the_deploy_check_reports_the_missing_key():
    result = _manage("check", "--deploy", ACTIONPLAN_DEBUG="true")
    assert result.returncode != 0
    assert "actionplan.E001" in result.stderr + result.stdout


def test_the_deploy_check_reports_a_short_key():
    result = _manage("check", "--deploy", ACTIONPLAN_SECRET_KEY="short-key")
    assert "actionplan.E002" in result.stderr + result.stdout
