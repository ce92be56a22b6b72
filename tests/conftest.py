"""Browser-test fixtures: one Streamlit server per session, Debian's Chromium, a fresh page per test."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
TIMEOUT_MS = 30_000  # expect() polls up to this long: the machine may be busy with other work
CLASS_KEY = ".st-key-run_chart .annotation-text tspan.line"  # one line per class: "● name"
FIRST_LOAD_MS = 90_000  # the first session imports scikit-learn and Plotly on the server


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url):
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return r.read() == b"ok"
    except OSError:
        return False


@pytest.fixture(scope="session")
def app_url():
    """The URL of a Streamlit server running app.py; the server (by its PID) stops when the session ends."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS / "streamlit.log"
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address",
           "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]  # fmt: skip
    with open(log_path, "wb") as log:
        server = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not _healthy(url):
            if server.poll() is not None or time.monotonic() > deadline:
                tail = log_path.read_text(errors="replace")[-3000:]
                pytest.fail(f"Streamlit at {url} never answered 'ok' (exit code {server.poll()}); log tail:\n{tail}")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser build).

    Module scope: Playwright's sync API keeps an asyncio loop running in this thread until it closes,
    which would break later tests that call ``asyncio.run``.
    """
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: install it with `make chromium` or `sudo apt-get install -y chromium`."
        if os.environ.get("REQUIRE_BROWSER") == "1" or os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A page in a fresh browser context, so a fresh Streamlit session; viewport 1400x1000."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


@pytest.fixture
def app(page, app_url):
    """The app in ``page``, with the waits every browser test needs."""
    return App(page, app_url)


class App:
    """Small helpers over a Playwright page showing the Streamlit app."""

    def __init__(self, page, url):
        self.page, self.url = page, url

    def open(self, path=""):
        """Load ``url/path`` and wait until its first run has finished and every element is drawn."""
        self.page.goto(f"{self.url}/{path}")
        expect(self.page.get_by_test_id("stApp")).to_have_attribute(
            "data-test-script-state", "notRunning", timeout=FIRST_LOAD_MS
        )
        self.drawn()

    def settled(self):
        """Wait until no script run is in progress (use after waiting for the text a click should bring)."""
        expect(self.page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")

    def drawn(self):
        """Wait until the run has finished, no element is a loading placeholder, and none is an exception."""
        self.settled()
        expect(self.page.locator("[data-testid=stSkeleton], [data-testid=stSkeletonElement]")).to_have_count(0)
        expect(self.page.get_by_test_id("stException")).to_have_count(0)

    def no_exception(self):
        self.settled()
        expect(self.page.get_by_test_id("stException")).to_have_count(0)

    def button(self, name):
        return self.page.get_by_role("button", name=name, exact=True)

    def select(self, label, option):
        """Choose ``option`` in the selectbox labelled ``label``."""
        self.page.get_by_role("combobox", name=label, exact=True).click()
        self.page.get_by_role("option", name=option, exact=True).click()
