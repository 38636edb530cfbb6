"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright's sync API
against pytest-django's live server.

Without Chromium these tests fail, so a missing browser is never mistaken for a
pass; set POLICYTRACKER_SKIP_BROWSER=1 to skip them on purpose.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("POLICYTRACKER_SKIP_BROWSER") == "1":
            pytest.skip("POLICYTRACKER_SKIP_BROWSER=1 and no Chromium installed")
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (bin/test does), or set "
            "POLICYTRACKER_SKIP_BROWSER=1 to skip the browser tests on purpose."
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread, and Django refuses
    # ORM calls from a thread with a running loop. The fixtures' queries are plain
    # synchronous ones, so allow them while the browser is open.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Tab:
    """A browser page that remembers console errors and uncaught exceptions."""

    def __init__(self, context, base_url):
        self.context = context
        self.base_url = base_url
        self.page = context.new_page()
        self.console = []
        self.page.on("console", self._console)
        self.page.on(
            "pageerror", lambda error: self.console.append(f"pageerror: {error}")
        )

    def _console(self, message):
        if message.type in ("error", "warning"):
            self.console.append(f"{message.type}: {message.text}")

    def open(self, path):
        response = self.page.goto(self.base_url + path)
        assert response.status == 200, (path, response.status)
        return self.page

    def screenshot(self, name, full_page=True):
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def csp_violations(self):
        return [m for m in self.console if "Content Security Policy" in m]


@pytest.fixture
def open_tab(browser, live_server):
    contexts = []

    def make(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        return Tab(context, live_server.url)

    yield make
    for context in contexts:
        context.close()
