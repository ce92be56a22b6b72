"""A link to a page other than the first, opened on a server nobody has visited yet (a Community Cloud app
waking up, a link a teacher shared): it must show that page inside the app, not Streamlit's legacy
pages-folder mode (file names in the sidebar, no page config)."""

import pytest
from conftest import FIRST_LOAD_MS, ROOT
from playwright.sync_api import expect

from bench.load import Server

pytestmark = pytest.mark.browser
TITLES = ["Playground", "Compare", "Data", "Scenarios", "Inside the math", "Code"]


def test_a_deep_link_on_a_fresh_server_opens_its_page_in_the_app(browser):
    with Server(ROOT / "app.py", ["--browser.gatherUsageStats", "false"]) as server:
        server.wait_healthy()
        for path, heading in (("compare", "Compare runs"), ("data", "Your data")):
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            page.goto(f"{server.url}/{path}")
            expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=FIRST_LOAD_MS)
            nav = page.get_by_test_id("stSidebarNav").get_by_role("link")
            expect(nav).to_have_count(len(TITLES))
            for link, title in zip(nav.all(), TITLES):
                expect(link).to_contain_text(title)
            assert page.title() == "Logistic regression playground"
            expect(page.get_by_test_id("stException")).to_have_count(0)
            context.close()
