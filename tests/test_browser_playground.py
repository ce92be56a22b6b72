"""The Playground in a real Chromium: the four buttons, the replay, Pause, Step, Reset, Blobs, the URL, every page."""

import os
import re
from pathlib import Path

import pytest
from conftest import CLASS_KEY
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "docs" / "screenshots"  # embedded in the README
COUNTER = re.compile(r"Epoch (\d+) / \d+ · step (\d+) · .* (\d+) steps per epoch")

# Runs in the page before the app: window.__chart() is the run chart's graph div; window.__frames records
# every replay frame it shows (plotly_animatingframe), re-attaching when Streamlit draws a new graph div;
# window.__pausedAt is the epoch on screen when the page's Pause button was clicked.
RECORD_FRAMES = """
window.__chart = () => document.querySelector(".st-key-run_chart .js-plotly-plot");
window.__frames = [];
window.__pausedAt = null;
const hook = () => {
  const gd = window.__chart();
  if (gd && gd.on && gd._ev && gd.__recorded !== gd._ev) {
    gd.__recorded = gd._ev;
    gd.on("plotly_animatingframe", (e) => window.__frames.push(e.name));
  }
  requestAnimationFrame(hook);
};
requestAnimationFrame(hook);
document.addEventListener("click", (e) => {
  const steps = window.__chart()?.layout?.sliders?.[0]?.steps;
  const last = window.__frames[window.__frames.length - 1];
  if (e.target.closest("button")?.textContent.trim() === "Pause" && steps && last !== undefined)
    window.__pausedAt = Number(steps[Number(last)].value);
}, true);
"""
REPLAY_ENDED = """() => {
  const steps = window.__chart()?.layout?.sliders?.[0]?.steps;
  return !!steps && window.__frames.includes(String(steps.length - 1));
}"""
STILL_CHART = "() => { const gd = window.__chart(); return !!gd?.layout && !gd.layout.sliders; }"


def counter(page):
    """The line 'Epoch e / E · step s · ... · k steps per epoch' above the chart."""
    return page.get_by_test_id("stMarkdownContainer").filter(has_text=COUNTER)


def epoch_step_per_epoch(page):
    return tuple(int(g) for g in COUNTER.search(counter(page).inner_text()).groups())


def open_playground(app, query=""):
    app.page.add_init_script(RECORD_FRAMES)
    app.open(query)
    expect(app.page.locator(".st-key-run_chart .js-plotly-plot")).to_be_visible()
    return app.page


def train_and_replay(app):
    """Click Train; wait for the finished run on the server and for its whole replay in the browser."""
    page = app.page
    app.button("Train").click()
    expect(counter(page)).to_contain_text("Epoch 100 / 100")
    page.wait_for_function(REPLAY_ENDED)
    app.no_exception()
    page.mouse.move(1395, 700)  # off every control: no hover effects in screenshots


# How far (px) the data points sit from where the data panel's axes put them: each point's drawn centre
# against the axis mapping of its data. A figure first drawn at a width other than the page's left the
# replayed traces shifted ~80 px from their axes.
POINT_OFFSET = """() => {
  const gd = window.__chart(), xa = gd._fullLayout.xaxis2, ya = gd._fullLayout.yaxis2, box = gd.getBoundingClientRect();
  const trace = [...gd.querySelectorAll(".scatterlayer .trace")].find((t) => t.__data__?.[0]?.trace?.name === "data");
  return Math.max(...[...trace.querySelectorAll("path.point")].slice(0, 20).map((p) => {
    const r = p.getBoundingClientRect(), d = p.__data__;
    return Math.max(Math.abs((r.left + r.right) / 2 - box.left - xa._offset - xa.c2p(d.x)),
                    Math.abs((r.top + r.bottom) / 2 - box.top - ya._offset - ya.c2p(d.y)));
  }));
}"""


def screenshot(app, name):
    """Always into tests/artifacts; into docs/screenshots when missing or with UPDATE_SCREENSHOTS=1, so that
    a test run does not rewrite tracked images (their bytes differ from run to run)."""
    app.drawn()
    app.page.wait_for_timeout(500)  # let Plotly finish laying out after the last replay frame
    png = app.page.screenshot(path=ROOT / "tests" / "artifacts" / name)
    if os.environ.get("UPDATE_SCREENSHOTS") == "1" or not (SCREENSHOTS / name).exists():
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / name).write_bytes(png)


def test_step_adds_one_step_and_reset_goes_back_to_zero(app):
    page = open_playground(app)
    for name in ("Train", "Pause", "Step", "Reset"):
        expect(app.button(name)).to_be_visible()
    expect(counter(page)).to_contain_text("Epoch 0 / 100 · step 0 ")

    for step in (1, 2):
        app.button("Step").click()
        expect(counter(page)).to_contain_text(f"step {step} ")
        expect(page.get_by_role("heading", name=re.compile(rf"^Step {step}: a batch of \d+ samples"))).to_be_visible()
    app.no_exception()

    app.button("Reset").click()
    expect(counter(page)).to_contain_text("Epoch 0 / 100 · step 0 ")
    expect(page.get_by_role("heading", name=re.compile(r"^Step \d+:"))).to_have_count(0)
    app.no_exception()


def test_train_replays_the_run_to_epoch_100(app):
    page = open_playground(app)
    train_and_replay(app)
    frames = page.evaluate("window.__frames")
    assert len(set(frames)) >= 10, f"the replay showed only frames {frames}"
    assert page.evaluate(POINT_OFFSET) < 1, "the data points moved off their axes"
    screenshot(app, "playground.png")


def test_pause_during_a_replay_stops_it_and_train_resumes(app):
    page = open_playground(app)
    app.button("Train").click()
    # the replay is on screen (this fresh page has shown no other); the counter follows it from epoch 0,
    # so waiting for the server's "Epoch 100 / 100" first could miss it and wait for the replay's end
    page.wait_for_function("window.__frames.length >= 2")
    app.button("Pause").click()
    page.wait_for_function(STILL_CHART)
    app.no_exception()
    epoch, step, per_epoch = epoch_step_per_epoch(page)
    assert step == epoch * per_epoch, f"paused at epoch {epoch} but step {step} ({per_epoch} steps per epoch)"
    shown = page.evaluate("window.__pausedAt")

    app.button("Train").click()  # from the paused epoch to the end: a replay again
    page.wait_for_function(f"() => !({STILL_CHART})()")
    expect(counter(page)).to_contain_text("Epoch 100 / 100")
    app.no_exception()

    # the browser reports the frame on screen with the click, so the server holds exactly that epoch
    assert 0 < epoch < 100 and shown is not None and abs(epoch - shown) <= 1, (epoch, shown)


def test_blobs_trains_three_classes_and_the_url_carries_it(app):
    page = open_playground(app)
    app.select("Data set", "Blobs")
    expect(page).to_have_url(re.compile(r"[?&]dataset=blobs\b"))
    expect(page.get_by_test_id("stSlider").filter(has_text="Centers (classes)")).to_be_visible()
    app.no_exception()

    train_and_replay(app)
    assert page.evaluate(POINT_OFFSET) < 1, "the data points moved off their axes"
    key = page.locator(CLASS_KEY).filter(has_text=re.compile(r"^● class \d$"))
    expect(key).to_have_text(["● class 0", "● class 1", "● class 2"])
    screenshot(app, "blobs.png")


def test_bad_url_values_get_a_note_and_the_app_still_works(app):
    page = open_playground(app, "?learning_rate=abc&bogus=1")
    notes = page.get_by_role("alert")
    expect(notes.filter(has_text=re.compile(r"learning_rate\W+abc\W+is invalid"))).to_be_visible()
    expect(notes.filter(has_text=re.compile(r"unknown URL parameter\W+bogus"))).to_be_visible()
    app.button("Step").click()
    expect(counter(page)).to_contain_text("step 1 ")
    app.no_exception()


def test_every_page_in_the_navigation_opens(app):
    page = open_playground(app)
    links = page.get_by_test_id("stSidebarNavLink")
    expect(links.first).to_be_visible()
    names = links.all_inner_texts()
    assert len(names) >= 2, f"the navigation lists only {names}"
    for i, name in enumerate(names):
        links.nth(i).click()
        expect(links.nth(i), f"{name} is the current page").to_have_attribute("aria-current", "page")
        expect(page.locator("h1").first).to_be_visible()
        app.drawn()
    links.first.click()  # back on the Playground, its controls still work
    app.button("Step").click()
    expect(counter(page)).to_contain_text("step 1 ")
    app.no_exception()


def test_three_people_training_at_once_keep_their_own_experiments(browser, app_url):
    """Real browsers, one server, the same moment: each keeps its own data, model and counter."""
    from conftest import App

    wanted = {
        "?dataset=blobs&centers=4": "Epoch 100 / 100",
        "?dataset=circles&epochs=30": "Epoch 30 / 30",
        "": "Epoch 100 / 100",
    }
    people = []
    for query in wanted:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        person = App(context.new_page(), app_url)
        person.open(query)
        people.append((query, context, person))
    for _, _, person in people:  # as close together as one test can press
        person.button("Train").click()
    for query, context, person in people:
        expect(counter(person.page)).to_contain_text(wanted[query])
        person.no_exception()
        classes = person.page.locator(CLASS_KEY).filter(has_text=re.compile(r"^● class \d$"))
        expect(classes).to_have_count(4 if "centers=4" in query else 2)
        context.close()
