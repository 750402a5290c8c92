"""Browser tests: Playwright for Python driving Debian's /usr/bin/chromium (never a downloaded
browser), against pytest-django's live server, with axe-core from node_modules."""

import os
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer

from actionplan.core.services import SYSTEM

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _require(path: Path, what: str) -> None:
    if path.exists():
        return
    message = f"BROWSER TESTS NOT RUN: {what} is missing at {path}."
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " CI must install it (see .ci/run).", pytrace=False)
    pytest.skip(message + " Install it (apt-get install chromium; npm ci) to run them.")


class SerialWSGIServer(ThreadedWSGIServer):
    """The live server, answering one request at a time. With SQLite in memory every request
    thread shares the test's one database connection, and two requests at once (htmx asks
    again while the previous answer is being made) can deadlock on it: the request hangs,
    the page never finishes. Each answer is made whole under a lock, then sent."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.serial = threading.Lock()

    def set_app(self, application):
        def serial(environ, start_response):
            with self.serial:
                result = application(environ, start_response)
                try:
                    return [b"".join(result)]
                finally:
                    if hasattr(result, "close"):
                        result.close()

        super().set_app(serial)


@pytest.fixture(scope="session", autouse=True)
def _serial_live_server():
    """Autouse, so it is in place before pytest-django's live_server starts its thread."""
    from django.test.testcases import LiveServerThread

    previous = LiveServerThread.server_class
    LiveServerThread.server_class = SerialWSGIServer
    yield
    LiveServerThread.server_class = previous


@pytest.fixture(scope="session")
def browser():
    _require(CHROMIUM, "Debian's chromium")
    _require(AXE, "axe-core (npm ci)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, which Django's async-safety
    # check mistakes for async code; set only while the browser tests run, so that no other
    # test (e.g. the deployment check) sees it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


CHARTS_SETTLED = """() => [...document.querySelectorAll('[data-chart]')]
    .every(el => ['true', 'failed'].includes(el.dataset.rendered))"""


def settle(page) -> None:
    """Wait until the page has loaded and every chart on it has rendered (or failed, which
    the page's error log then shows). Not "networkidle": on a busy machine one slow static
    file can hold that off past any timeout though the page is complete."""
    page.wait_for_load_state("load")
    page.wait_for_function(CHARTS_SETTLED)


@pytest.fixture(autouse=True)
def _no_language_leak():
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    # The first page a live server sends compiles templates and the static file index; on a
    # machine busy with other work that alone can pass Playwright's 30 s default.
    context.set_default_timeout(90_000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on(
        "console",
        lambda message: page.errors.append(message.text) if message.type == "error" else None,
    )
    page.base = live_server.url
    yield page
    context.close()


@pytest.fixture
def demo_plan(transactional_db):
    """The demo plan, committed so that the live server's thread sees it."""
    from actionplan.demo.loader import load_demo
    from actionplan.plans.models import ActionPlan

    plan = ActionPlan.objects.filter(slug="rus-2020-2021").first()
    return plan or load_demo(actor=SYSTEM)


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.1 A and AA rules) on the page; returns the violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return {passes: r.passes.length, violations: r.violations.map(v => ({id: v.id,
                impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(
                    n => n.target.join(' ') + ' :: ' + n.failureSummary)}))};
        }"""
    )
    # A run that checked nothing must not pass as "no violations".
    assert result["passes"] > 5, "axe-core did not run its checks"
    return result["violations"]
