"""The committed openapi.json passes Redocly's recommended rules and Spectral's `oas` ruleset
with no error and no warning (redocly.yaml, .spectral.yaml). Both run from node_modules
(npm install: @redocly/cli and @stoplight/spectral-cli are devDependencies); skipped only
where there is no node."""

import json
import os
import shutil
import subprocess  # nosec B404: fixed commands on the repository's own file
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NPX = shutil.which("npx")
pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or NPX is None, reason="node is not installed"
)
QUIET = {
    **os.environ,
    "REDOCLY_TELEMETRY": "off",
    "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true",
    "NO_UPDATE_NOTIFIER": "1",
}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (fixed arguments)
        [NPX, "--no-install", *args],
        cwd=ROOT,
        env=QUIET,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_redocly_recommended_finds_nothing():
    result = run("redocly", "lint", "--config", "redocly.yaml", "--format", "json", "openapi.json")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    report = json.loads(result.stdout)
    problems = [(p["ruleId"], p["severity"], p["message"]) for p in report["problems"]]
    assert not problems, problems[:20]


def test_spectral_oas_finds_nothing():
    result = run(
        "spectral",
        "lint",
        "--ruleset",
        ".spectral.yaml",
        "--format",
        "json",
        "--quiet",
        "--fail-severity",
        "hint",
        "openapi.json",
    )
    findings = json.loads(result.stdout or "[]")
    problems = [(f["code"], f["severity"], f["message"], f["path"]) for f in findings]
    assert not problems, problems[:20]
    assert result.returncode == 0, result.stderr[-2000:]
