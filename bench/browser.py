"""The Playground in a real headless Chromium (Debian's, driven by Playwright): what a viewer waits for and
what the server sends, for the default settings (moons, 200 points, 100 epochs, batch 32).

    python -m bench browser

1. Train click to the first animated picture: ``performance.now()`` in the page at the click on "Train"
   (a capturing listener) to the first ``plotly_animatingframe`` of the new replay on the chart's graph div
   (hooked with ``gd.on`` from page JS, re-hooked whenever Streamlit draws a new graph div). Cold: the first
   Train on a freshly started server (empty shared caches; a new server per repeat). Warm: Reset, then Train
   again on the same server (the shared caches hold this run and its figure).
2. Replay rate: ``plotly_animatingframe`` events per second from the replay's first frame to its last; and,
   to check the picture itself moves, the slider grip's position and the boundary's SVG path sampled on
   every ``requestAnimationFrame``, counted as distinct pictures per second.
3. Bytes for one Train: payload sizes of the websocket frames the server sends (Playwright's
   ``framereceived``; payloads as the page sees them, after any websocket compression is undone) from the
   click to the rerun's ``script_finished``; and the size of the chart's spec (the Plotly JSON in that run's
   chart delta).
4. No retraining on unrelated actions: switch to the Data page and back, then move the threshold slider one
   step; the counter must still read "Epoch 100 / 100", the chart must carry the same run token, and no
   replay may start. Shown for context: whether those reruns resend the chart (coming back to the page
   draws it anew, and the threshold moves its boundary, so both do; neither trains).

For context: the latency's parts (the chart's message arriving in the page, the new figure plotted, its first
frame); requestAnimationFrame ticks per second during the replay and at rest, and the ceiling that ``FRAME_MS``
puts on the replay rate (Plotly steps a frame on the first tick more than FRAME_MS after the last step); the
renderer's CPU time per frame while the chart's own Replay button plays the run (thread time from Chromium's
Performance metrics, which other processes on the machine do not inflate); the bytes of each unrelated action.

Times are wall-clock in the browser, so a busy machine inflates them: the figures carry the load average.
Progress and per-repeat details go to stderr. The server (on a free loopback port) is stopped by its PID.
"""

import math
import os
import statistics
import sys
import time

from playwright.sync_api import expect, sync_playwright
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench import Row
from bench.load import ROOT, Server
from playground.figures import FRAME_MS, REPLAY

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
SERVER_FLAGS = ["--browser.gatherUsageStats", "false"]
COLD, WARM = 5, 5  # repeats: fresh servers for the first Train; Reset + Train on one server
REPLAYS = 3  # presses of the chart's own Replay button, to time the renderer's CPU per frame
FIRST_LOAD_MS = 90_000  # a fresh server's first session imports scikit-learn and Plotly
TIMEOUT_MS = 30_000  # any other wait
LATENCY_GOAL_MS = 500
RATE_GOAL = 30  # distinct chart states per second, at least
BYTES_GOAL_KIB = 300
TRAINED = "Epoch 100 / 100"
# the latency's parts (medians, ms): click -> the chart's message arrives -> the new figure is plotted -> first frame
LATENCY_PARTS = (("chart message", "to_chart_ms"), ("plotted", "draw_ms"), ("first frame", "start_ms"))
SMALL = 0.25  # a rerun "sends a Train-size message" if one message is over this share of the Train's largest

# Runs in the page before the app. window.__bench.frames: every plotly_animatingframe of the run chart, with
# performance.now() and the figure's run token (layout.meta); .click: performance.now() at the last click on
# the page's Train button; .samples: while set to an array, the slider grip's position and the boundary's
# SVG path on every animation frame.
PAGE_JS = """
(() => {
  const B = (window.__bench = { click: null, frames: [], samples: null, hooks: 0, before: null, drawn: null, ws: [] });
  const Socket = window.WebSocket;  // the arrival time of every server message, while armed
  window.WebSocket = class extends Socket {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (e) => {
        if (B.samples) B.ws.push({ t: performance.now(), n: e.data.byteLength ?? e.data.size ?? e.data.length });
      });
    }
  };
  const chart = () => document.querySelector(".st-key-run_chart .js-plotly-plot");
  const hook = () => {
    const gd = chart();
    if (gd && gd.on && gd._ev && gd.__benched !== gd._ev) {  // a new graph div, or one Plotly re-initialised
      gd.__benched = gd._ev;
      B.hooks++;
      gd.on("plotly_animatingframe", (e) =>
        B.frames.push({ t: performance.now(), name: String(e.name), meta: gd.layout?.meta ?? null }));
      gd.on("plotly_afterplot", () => {  // the new run's figure is drawn
        const fresh = gd.layout?.meta && gd.layout.meta !== B.before;
        if (B.samples && B.drawn === null && fresh) B.drawn = performance.now();
      });
    }
  };
  const boundary = (gd) => {  // trace 3 of the figure: its line's SVG path
    const g = [...gd.querySelectorAll(".scatterlayer .trace")].find((t) => t.__data__?.[0]?.trace?.index === 3);
    return g?.querySelector("path.js-line")?.getAttribute("d") ?? "";
  };
  const tick = () => {
    hook();
    const gd = chart();
    if (B.samples && gd) {  // also the rAF ticks themselves: their rate is the ceiling of Plotly's animation
      B.samples.push({ t: performance.now(), slider: gd.querySelector(".slider-grip-rect")?.getAttribute("transform") ?? "",
                       d: boundary(gd) });
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  B.loaf = [];  // Chromium's long animation frames (> 50 ms), while armed: where a slow frame spent its time
  try {
    new PerformanceObserver((list) => {
      if (!B.samples) return;
      for (const e of list.getEntries()) {
        B.loaf.push({ t: e.startTime, dur: e.duration, script: e.scripts.reduce((a, x) => a + x.duration, 0),
                      layout: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0 });
      }
    }).observe({ type: "long-animation-frame", buffered: false });
  } catch (err) {}  // not in this browser: no breakdown
  let observer = null;  // while armed, hook a new graph div as soon as Plotly has set it up, not a frame later
  B.arm = (before) => {
    B.click = null;
    B.frames = [];
    B.samples = [];
    B.ws = [];
    B.loaf = [];
    B.play = null;
    B.before = before;
    B.drawn = null;
    observer = observer ?? new MutationObserver(hook);
    observer.observe(document.body, { childList: true, subtree: true });
  };
  B.disarm = () => { observer?.disconnect(); const s = B.samples; B.samples = null; return s; };
  document.addEventListener("click", (e) => {
    if (e.target.closest("button")?.textContent.trim() === "Train") B.click = performance.now();
    if (B.samples && B.play === null && e.target.closest?.(".updatemenu-button")) B.play = performance.now();
  }, true);
})();
"""


def load():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


class Wire:
    """Every ForwardMsg the server sends the page: (its payload size, its parsed message), in order."""

    def __init__(self, page):
        self.page, self.msgs = page, []
        page.on("websocket", self._socket)

    def _socket(self, ws):
        if "/_stcore/stream" in ws.url:
            ws.on("framereceived", self._frame)

    def _frame(self, payload):
        data = payload if isinstance(payload, bytes) else payload.encode()
        try:
            msg = ForwardMsg.FromString(data)
        except Exception:  # not a ForwardMsg: count its bytes all the same
            msg = None
        self.msgs.append((len(data), msg))

    def mark(self):
        return len(self.msgs)

    def finished(self, since, runs=1):
        """True once ``runs`` script runs have finished since ``mark()`` returned ``since``."""
        return (
            sum(1 for _, m in self.msgs[since:] if m is not None and m.WhichOneof("type") == "script_finished") >= runs
        )

    def upto_finished(self, since, runs=1):
        """The messages from ``since`` to the ``runs``-th script_finished, inclusive."""
        out, seen = [], 0
        for size, m in self.msgs[since:]:
            out.append((size, m))
            if m is not None and m.WhichOneof("type") == "script_finished":
                seen += 1
                if seen == runs:
                    break
        return out

    def wait(self, since, runs=1, timeout_ms=TIMEOUT_MS):
        """Pump Playwright's events until ``runs`` reruns have finished since ``since`` (bounded)."""
        deadline = time.monotonic() + timeout_ms / 1e3
        while not self.finished(since, runs):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no script_finished after {timeout_ms} ms ({len(self.msgs) - since} messages)")
            self.page.wait_for_timeout(20)
        return self.upto_finished(since, runs)


def chart_spec_size(msgs):
    """Bytes of the Plotly JSON of the run chart in these messages (None: none sent, e.g. a cache reference)."""
    sizes = [
        len(m.delta.new_element.plotly_chart.spec.encode())
        for _, m in msgs
        if m is not None and m.WhichOneof("type") == "delta" and m.delta.WhichOneof("type") == "new_element"
        and m.delta.new_element.WhichOneof("type") == "plotly_chart"
    ]  # fmt: skip
    return max(sizes) if sizes else None


class Playground:
    """The Playground in one browser page, with the bench hooks installed."""

    def __init__(self, browser, url):
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.page.add_init_script(PAGE_JS)
        self.wire = Wire(self.page)
        self.url = url

    def open(self):
        self.page.goto(self.url)
        expect(self.page.get_by_test_id("stApp")).to_have_attribute(
            "data-test-script-state", "notRunning", timeout=FIRST_LOAD_MS
        )
        # the script state reads notRunning before the first run has started, too
        expect(self.page.locator(".st-key-run_chart .js-plotly-plot")).to_be_visible(timeout=FIRST_LOAD_MS)
        self.settled()

    def settled(self):
        expect(self.page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
        expect(self.page.locator("[data-testid=stSkeleton], [data-testid=stSkeletonElement]")).to_have_count(0)
        expect(self.page.get_by_test_id("stException")).to_have_count(0)

    def counter(self):
        return self.page.locator(".st-key-counter").inner_text()

    def token(self):
        return self.page.evaluate("document.querySelector('.st-key-run_chart .js-plotly-plot')?.layout?.meta ?? null")

    def button(self, name):
        return self.page.get_by_role("button", name=name, exact=True)

    def reset(self):
        since = self.wire.mark()
        self.button("Reset").click()
        self.wire.wait(since)
        self.page.wait_for_function(
            "() => { const gd = document.querySelector('.st-key-run_chart .js-plotly-plot');"
            " return !!gd?.layout && !gd.layout.sliders; }"
        )
        self.settled()

    def idle_raf(self, seconds=1.0):
        """requestAnimationFrame ticks per second on the page at rest: how fast this browser can step at all now."""
        return self.page.evaluate(
            """(ms) => new Promise((done) => {
                const ticks = [];
                const tick = (t) => { ticks.push(t); if (t - ticks[0] < ms) requestAnimationFrame(tick);
                                      else done((ticks.length - 1) / ((t - ticks[0]) / 1e3)); };
                requestAnimationFrame(tick);
            })""",
            seconds * 1e3,
        )

    def train(self):
        """Click Train and wait for the whole replay: latency (ms), replay figures, the Train's messages."""
        idle = self.idle_raf()
        page, before = self.page, self.token()
        page.evaluate("(before) => window.__bench.arm(before)", before)
        since = self.wire.mark()
        self.button("Train").click()
        msgs = self.wire.wait(since)
        page.wait_for_function(  # the replay of the new run has shown its last frame
            """(before) => {
                const B = window.__bench, gd = document.querySelector('.st-key-run_chart .js-plotly-plot');
                const n = gd?.layout?.sliders?.[0]?.steps?.length;
                return !!n && gd.layout.meta !== before
                    && B.frames.some((f) => f.meta === gd.layout.meta && f.name === String(n - 1));
            }""",
            arg=before,
        )
        page.wait_for_timeout(100)  # a few more samples of the last picture
        samples = page.evaluate("window.__bench.disarm()")
        b = page.evaluate(
            """() => {
                const B = window.__bench, gd = document.querySelector('.st-key-run_chart .js-plotly-plot');
                return { click: B.click, frames: B.frames, hooks: B.hooks, drawn: B.drawn, play: B.play, ws: B.ws,
                         loaf: B.loaf, n: gd.layout.sliders[0].steps.length, token: gd.layout.meta };
            }"""
        )
        expect(page.locator(".st-key-counter")).to_contain_text(TRAINED)
        self.settled()
        frames = [f for f in b["frames"] if f["meta"] == b["token"]]
        if b["click"] is None or not frames:
            raise RuntimeError(f"no click time or no frame of the new replay: {b}")
        if frames[0]["name"] != "0":
            print(
                f"  warning: the first frame seen was {frames[0]['name']}, not 0: the hook came late", file=sys.stderr
            )
        names = [f["name"] for f in frames]
        if len(set(names)) != b["n"]:
            print(f"  warning: the replay showed {len(set(names))} of its {b['n']} frames", file=sys.stderr)
        t0, t1 = frames[0]["t"], frames[-1]["t"]
        window = [s for s in samples if t0 <= s["t"] <= t1 + 50]
        changes = [
            s["t"] for prev, s in zip(window, window[1:]) if (s["slider"], s["d"]) != (prev["slider"], prev["d"])
        ]
        paths = len({s["d"] for s in window})
        ticks = [s["t"] for s in window]
        chart_at = max(b["ws"], key=lambda m: m["n"])["t"]  # the chart's delta: the largest message
        slow = [e for e in b["loaf"] if t0 <= e["t"] <= t1]
        return {
            "idle_raf_per_s": idle,
            "slow_frames": len(slow),  # long animation frames during the replay, their time in scripts and render
            "slow_ms": sum(e["dur"] for e in slow),
            "slow_script_ms": sum(e["script"] for e in slow),
            "slow_layout_ms": sum(e["layout"] for e in slow),
            "latency_ms": frames[0]["t"] - b["click"],
            "to_chart_ms": chart_at - b["click"],  # the rerun on the server, and the wire
            "draw_ms": (b["drawn"] or chart_at) - chart_at,  # decoding and plotting the new figure (plotly_afterplot)
            "start_ms": frames[0]["t"]
            - (b["drawn"] or chart_at),  # the replay component pressing Play, Plotly starting
            "press_ms": (b["play"] or frames[0]["t"]) - (b["drawn"] or chart_at),  # of which: until it presses
            "raf_per_s": (len(ticks) - 1) / ((ticks[-1] - ticks[0]) / 1e3),
            "frames_per_s": (len(frames) - 1) / ((t1 - t0) / 1e3),
            "pictures_per_s": (len(changes) - 1) / ((changes[-1] - changes[0]) / 1e3) if len(changes) > 1 else 0.0,
            "paths_per_s": paths / ((t1 - t0) / 1e3),
            "frames": len(frames),
            "pictures": len(changes) + 1,
            "paths": paths,
            "bytes": sum(size for size, _ in msgs),
            "largest": max(size for size, _ in msgs),
            "spec": chart_spec_size(msgs),
            "hooks": b["hooks"],
        }

    def replay_cost(self):
        """Press the chart's Replay button and time the replay: renderer CPU (Chromium's Performance metrics, in
        thread time, so other processes on the machine do not count) per frame, and frames per second."""
        page, cdp = self.page, self.context.new_cdp_session(self.page)
        cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
        try:
            page.evaluate("(before) => window.__bench.arm(before)", None)
            m0 = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
            page.evaluate(
                """(label) => [...document.querySelectorAll('.st-key-run_chart .updatemenu-button')]
                    .find((b) => b.textContent.includes(label))
                    .dispatchEvent(new MouseEvent('click', { bubbles: true }))""",
                REPLAY,
            )
            page.wait_for_function(
                """() => { const gd = document.querySelector('.st-key-run_chart .js-plotly-plot');
                    const n = gd.layout.sliders[0].steps.length;
                    return window.__bench.frames.some((f) => f.name === String(n - 1)); }"""
            )
            m1 = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
            frames = page.evaluate("window.__bench.frames")
            page.evaluate("window.__bench.disarm()")
        finally:
            cdp.send("Performance.disable")
            cdp.detach()
        n = len(frames)
        return {
            "frames": n,
            "frames_per_s": (n - 1) / ((frames[-1]["t"] - frames[0]["t"]) / 1e3),
            "main_ms": 1e3 * (m1["ThreadTime"] - m0["ThreadTime"]) / n,  # the renderer's main thread, CPU ms per frame
            "process_ms": 1e3 * (m1["ProcessTime"] - m0["ProcessTime"]) / n,  # raster and compositor threads too
        }

    def unrelated_actions(self, train_largest):
        """Switch to the Data page and back, then nudge the threshold: what each sent, and whether it retrained."""
        page, token = self.page, self.token()
        page.evaluate("(before) => window.__bench.arm(before)", token)
        out = {}
        links = page.get_by_test_id("stSidebarNavLink")
        labels = [text.split("\n")[-1] for text in links.all_inner_texts()]  # "<icon name>\n\n<label>"
        for what, link in (("to Data", "Data"), ("back to Playground", "Playground")):
            since = self.wire.mark()
            links.nth(labels.index(link)).click()
            msgs = self.wire.wait(since)
            self.settled()
            out[what] = msgs
        expect(page.locator(".st-key-run_chart .js-plotly-plot")).to_be_visible()
        slider = page.get_by_role("slider", name="Threshold on P(class 1)")
        slider.focus()
        since = self.wire.mark()
        slider.press("ArrowRight")
        out["threshold +0.01"] = self.wire.wait(since)
        self.settled()
        value = page.get_by_test_id("stSlider").filter(has=slider).get_by_test_id("stSliderThumbValue")
        expect(value).to_have_text("0.51")
        page.wait_for_timeout(300)  # time for a replay to start, if one wrongly would
        frames = page.evaluate("window.__bench.frames.length")
        page.evaluate("window.__bench.disarm()")
        counter, after = self.counter(), self.token()
        report = {
            what: {"bytes": sum(s for s, _ in msgs), "largest": max(s for s, _ in msgs), "spec": chart_spec_size(msgs)}
            for what, msgs in out.items()
        }
        big = [w for w, r in report.items() if w != "to Data" and r["largest"] > SMALL * train_largest]
        retrained = TRAINED not in counter or after != token or frames > 0
        return report, {
            "retrained": retrained,
            "big": big,
            "counter": counter,
            "token": (token, after),
            "frames": frames,
        }


def median(runs, key):
    return statistics.median(r[key] for r in runs)


def rows():
    if not os.path.exists(CHROMIUM):
        raise SystemExit(f"{CHROMIUM} is missing: install it with `make chromium` (never `playwright install`).")
    print(f"  load average before: {load()}", file=sys.stderr)
    cold, warm, replays = [], [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for i in range(COLD):
                with Server(ROOT / "app.py", SERVER_FLAGS) as server:
                    server.wait_healthy()
                    app = Playground(browser, server.url)
                    try:
                        app.open()
                        cold.append(app.train())
                        print(f"  cold {i + 1}: {summary(cold[-1])}", file=sys.stderr)
                        if i < COLD - 1:
                            continue
                        for j in range(WARM):
                            app.reset()
                            warm.append(app.train())
                            print(f"  warm {j + 1}: {summary(warm[-1])}", file=sys.stderr)
                        for j in range(REPLAYS):
                            replays.append(app.replay_cost())
                            print(f"  replay button {j + 1}: {replays[-1]}", file=sys.stderr)
                        actions, verdict = app.unrelated_actions(median(warm, "largest"))
                    finally:
                        app.context.close()
        finally:
            browser.close()
    for what, r in actions.items():
        print(f"  {what}: {r}", file=sys.stderr)
    print(f"  retraining check: {verdict}", file=sys.stderr)
    la = load()
    print(f"  load average after: {la}", file=sys.stderr)
    runs = cold + warm
    spec = [r["spec"] for r in runs if r["spec"] is not None]
    at = f"load {la.split()[0]}"
    fps, pps = median(runs, "frames_per_s"), median(runs, "pictures_per_s")
    # Plotly steps a frame on the first rAF tick more than FRAME_MS after the last step
    ticks = math.floor(FRAME_MS * median(runs, "idle_raf_per_s") / 1e3) + 1
    out = [
        latency_row(f"first Train on a fresh server (cold caches), median of {COLD}, {at}", cold),
        latency_row(f"Train after Reset (warm shared cache), median of {WARM}, {at}", warm),
        Row("browser", f"replay: ms per plotly_animatingframe = {fps:.1f} frames/s (goal >= {RATE_GOAL}/s), "
            f"median of {len(runs)}, {at}", 1e3 / fps, unit="ms", goal=1e3 / RATE_GOAL),
        Row("browser", f"replay: ms per distinct picture on screen (rAF samples of slider grip + boundary path) = "
            f"{pps:.1f}/s (goal >= {RATE_GOAL}/s)", 1e3 / pps, unit="ms", goal=1e3 / RATE_GOAL),
        Row("browser", f"replay: distinct boundary paths per second ({median(runs, 'paths'):.0f} of "
            f"{median(runs, 'frames'):.0f} frames)", median(runs, "paths_per_s"), unit="/s"),
        Row("browser", "replay: requestAnimationFrame ticks per second (Plotly steps a frame on a tick)",
            median(runs, "raf_per_s"), unit="/s"),
        Row("browser", "  the same on the page at rest just before Train", median(runs, "idle_raf_per_s"), unit="/s"),
        Row("browser", f"  ceiling of the replay rate: FRAME_MS = {FRAME_MS} needs {ticks} of those ticks per frame",
            median(runs, "idle_raf_per_s") / ticks, unit="/s"),
        Row("browser", f"replay (chart's Replay button): renderer main-thread CPU per frame, median of {REPLAYS} "
            f"(over {1e3 / 60:.1f} ms: the frame misses a 60/s tick)", median(replays, "main_ms"), unit="ms"),
        Row("browser", f"  whole renderer process CPU per frame (Replay ran at {median(replays, 'frames_per_s'):.1f} "
            f"frames/s)", median(replays, "process_ms"), unit="ms"),
        Row("browser", f"websocket bytes from the server for one Train (click to script_finished), median of "
            f"{len(runs)}", median(runs, "bytes") / 1024, unit="KiB", goal=BYTES_GOAL_KIB),
        Row("browser", "  of which the chart's spec (its Plotly JSON)", statistics.median(spec) / 1024 if spec else 0.0,
            unit="KiB"),
    ]  # fmt: skip
    names = {"to Data": "switch to the Data page", "back to Playground": "switch back to the Playground",
             "threshold +0.01": "threshold slider +0.01"}  # fmt: skip
    for what, r in actions.items():
        out.append(Row("browser", f"websocket bytes, {names[what]} (largest message {r['largest'] / 1024:.1f} KiB)",
                       r["bytes"] / 1024, unit="KiB"))  # fmt: skip
    out += [
        Row("browser", "retrained on page switch / threshold move? (1 = yes: counter, run token or a replay moved)",
            float(verdict["retrained"]), unit="", goal=0),
        Row("browser", f"  chart resent on those reruns? (1 = yes: a message > {SMALL:.0%} of a Train's largest; "
            "the page redraws it, from the shared cache)", float(bool(verdict["big"])), unit=""),
    ]  # fmt: skip
    return out


def latency_row(what, runs):
    parts = " + ".join(f"{label} {median(runs, key):.0f}" for label, key in LATENCY_PARTS)
    return Row("browser", f"Train click -> first replayed frame, {what} ({parts})", median(runs, "latency_ms"),
               unit="ms", goal=LATENCY_GOAL_MS)  # fmt: skip


def summary(r):
    return (
        f"latency {r['latency_ms']:.0f} ms (to chart {r['to_chart_ms']:.0f}, draw {r['draw_ms']:.0f}, "
        f"start {r['start_ms']:.0f}, of which until the press {r['press_ms']:.0f}), rAF {r['raf_per_s']:.1f}/s "
        f"(idle {r['idle_raf_per_s']:.1f}/s), {r['frames']} frames at {r['frames_per_s']:.1f}/s, "
        f"{r['pictures']} pictures at {r['pictures_per_s']:.1f}/s, {r['paths']} paths, {r['bytes'] / 1024:.1f} KiB "
        f"(largest {r['largest'] / 1024:.1f}, spec {(r['spec'] or 0) / 1024:.1f}), hooks {r['hooks']}; "
        f"{r['slow_frames']} long frames in the replay: {r['slow_ms']:.0f} ms, scripts {r['slow_script_ms']:.0f}, "
        f"style and layout {r['slow_layout_ms']:.0f}"
    )
