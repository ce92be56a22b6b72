"""The Data page in a real Chromium: a bad CSV gets a message, a good one trains on the Playground."""

import re

import pytest
from conftest import CLASS_KEY
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

RAGGED = b"x1,x2,label\n0.1,0.2,cat\n0.3,0.4\n0.5,0.6,dog\n"
GOOD = b"x1,x2,label\n" + b"".join(
    f"{i % 7 / 3:.3f},{(i * 3) % 5 / 2:.3f},{'cat' if i % 2 else 'dog'}\n".encode() for i in range(40)
)


def upload(page, name, content):
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}]
    )


def test_bad_csv_gets_a_message_and_a_good_one_trains_on_the_playground(app):
    page = app.page
    app.open("data")
    expect(page.get_by_role("heading", name="Your data", exact=True)).to_be_visible()

    upload(page, "ragged.csv", RAGGED)
    expect(page.get_by_role("alert").filter(has_text="row 3 has 2 cells")).to_be_visible()
    app.no_exception()

    upload(page, "good.csv", GOOD)  # the page still works: a new file replaces the bad one
    expect(page.get_by_text("good.csv: 40 rows, 3 columns")).to_be_visible()
    expect(page.get_by_text("row 3 has 2 cells")).to_have_count(0)
    for label, column in [("Feature 1 (x axis)", "x1"), ("Feature 2 (y axis)", "x2"), ("Label (the class)", "label")]:
        app.select(label, column)
    app.button("Use this data").click()
    expect(page.get_by_text("Stored 40 points in 2 classes")).to_be_visible()
    app.no_exception()

    page.get_by_test_id("stPageLink").filter(has_text="Playground").click()
    expect(page.get_by_role("combobox", name="Data set")).to_have_value("My data (Data page)")
    app.button("Train").click()
    expect(page.get_by_test_id("stMarkdownContainer").filter(has_text="Epoch 100 / 100")).to_be_visible()
    key = page.locator(CLASS_KEY)
    for name in ("cat", "dog"):  # the CSV's own labels
        expect(key.filter(has_text=re.compile(rf"^● {name}$"))).to_have_count(1)
    app.no_exception()
