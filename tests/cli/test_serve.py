"""`actionplan serve` as a newcomer meets it: the site's own error pages (not Django's debug
page), the static files served, and the same demo login after a restart."""

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

from tests.faults.conftest import ROOT
from tests.servers.conftest import free_port

LOGIN_LINE = re.compile(r"user: (\S+)\s+password: (\S+)")


def serve(data_dir, port: int) -> tuple[subprocess.Popen, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACTIONPLAN_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env["ACTIONPLAN_DATA_DIR"] = str(data_dir)
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "actionplan.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        found = LOGIN_LINE.search(line)
        if found:
            wait_for(f"http://127.0.0.1:{port}/healthz")
            return process, found.group(2)
    process.kill()
    raise AssertionError("serve printed no login: " + (process.stdout.read() or ""))


def wait_for(url: str) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=120)  # noqa: S310
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer")


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=120) as answer:  # noqa: S310
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_serve_shows_its_own_404_serves_static_files_and_keeps_the_demo_login(tmp_path):
    port = free_port()
    process, password = serve(tmp_path, port)
    try:
        base = f"http://127.0.0.1:{port}"
        status, body = get(base + "/no-such-page/")
        assert status == 404
        # The site's own page, in its layout; not Django's debug page.
        assert "DEBUG = True" not in body and "Traceback" not in body
        assert "vendor/dkfds/css/dkfds.min.css" in body and 'href="/projekter/"' in body
        status, css = get(base + "/static/vendor/dkfds/css/dkfds.min.css")
        assert status == 200 and len(css) > 10_000
        assert get(base + "/")[0] == 200
    finally:
        stop(process)
    assert (tmp_path / "secret-key").stat().st_mode & 0o077 == 0
    assert (tmp_path / "demo-password").stat().st_mode & 0o077 == 0

    process, again = serve(tmp_path, free_port())
    stop(process)
    assert again == password
