"""The browser side of a replay: a tiny component that starts it, keeps the counter moving with it,
and tells the server which frame was on screen when Pause was pressed."""

import time

import streamlit as st

from .figures import PAUSE, PLAY

JS = """
export default function (component) {
  const { data, setTriggerValue } = component;
  const R = (window.__lrReplay ??= { frame: null, played: new Set(), pending: null, installed: false, seq: 0 });
  // After a rerun of part of the page, Streamlit may render the replaced copy of this component once
  // more, with its older data: that must not rewind the counter or point Pause at an older run.
  if (data.seq < R.seq) return;
  R.seq = data.seq;
  R.data = data;
  R.send = setTriggerValue;
  const root = () => document.querySelector(".st-key-run_chart");
  const button = (label) => [...(root()?.querySelectorAll(".updatemenu-button") ?? [])]
      .find((b) => b.textContent.includes(label));
  const press = (b) => b.dispatchEvent(new MouseEvent("click", { bubbles: true }));
  const counter = (epoch, step) => {  // rewrite the text nodes in place, so React still owns them
    const strong = document.querySelector(".st-key-counter p strong");
    if (!strong || !strong.firstChild || !strong.nextSibling) return;
    strong.firstChild.nodeValue = `Epoch ${epoch} / ${R.data.total}`;
    strong.nextSibling.nodeValue = ` · step ${step} · ${R.data.rest}`;
  };
  const show = (i) => {  // the frame on screen, and the counter to match it
    if (!Number.isInteger(i) || !R.data.epochs || i >= R.data.epochs.length) return;
    R.frame = i;
    counter(R.data.epochs[i], R.data.steps[i]);
  };
  if (!data.autoplay) counter(data.now[0], data.now[1]);
  const start = () => {  // press Play once the figure of the pending run is on screen
    const gd = root()?.querySelector(".js-plotly-plot");
    const play = button("__PLAY__");
    if (!R.pending || !gd || !gd.layout || gd.layout.meta !== R.pending || !play) return false;
    R.pending = null;
    press(play);
    return true;
  };
  const hook = () => {  // Streamlit may swap the chart's element, or Plotly re-initialise it; follow it
    const gd = root()?.querySelector(".js-plotly-plot");
    if (gd && gd.on && gd._ev && gd.__lrHooked !== gd._ev) {
      gd.__lrHooked = gd._ev;
      gd.on("plotly_animatingframe", (e) => show(Number(e.name)));
      // straight after the new figure is drawn, before the browser renders the rest of the page
      gd.on("plotly_afterplot", () => queueMicrotask(start));
    }
  };
  if (!R.installed) {
    R.installed = true;
    // a new chart element, or one Plotly drew anew, is hooked as soon as it is in the page
    new MutationObserver(hook).observe(document.body, { childList: true, subtree: true });
    document.addEventListener("click", (e) => {  // the page's Pause also halts the replay at once
      const b = e.target.closest("button");
      if (b && b.textContent.trim() === "Pause" && !b.closest(".js-plotly-plot")) {
        const p = button("__PAUSE__");
        if (p) press(p);
        if (R.data.token && R.frame !== null) R.send("paused_at", { token: R.data.token, frame: R.frame });
      }
    }, true);
  }
  hook();
  if (data.autoplay && data.token && !R.played.has(data.token)) {
    R.played.add(data.token);
    R.frame = null;
    R.pending = data.token;
    const deadline = Date.now() + 10000;
    const poll = () => {  // in case the figure was drawn before this ran, or in a new element
      if (R.pending !== data.token || start()) return;
      if (Date.now() < deadline) setTimeout(poll, 25);
      else R.pending = null;
    };
    poll();
  }
}
""".replace("__PAUSE__", PAUSE).replace("__PLAY__", PLAY)

_component = st.components.v2.component("logreg_replay", js=JS, isolate_styles=False)


def replay(token, snaps, now, total, rest, autoplay, on_pause):
    """Mount the replay helper for the figure carrying ``token`` whose frames are ``snaps``;
    ``now`` is the (epoch, step) the server's counter shows."""
    data = {
        "seq": time.time_ns(),  # which render is newest: the browser ignores data older than it has seen
        "now": list(now),
        "token": token,
        "autoplay": autoplay,
        "epochs": [s.epoch for s in snaps],
        "steps": [s.step for s in snaps],
        "total": total,
        "rest": rest,
    }
    return _component(key="replay", data=data, on_paused_at_change=on_pause)


def paused_frame(token):
    """The frame index the browser reported at Pause for the replay ``token``, or None."""
    value = st.session_state.get("replay") or {}
    report = value.get("paused_at") if hasattr(value, "get") else None
    if isinstance(report, dict) and report.get("token") == token and isinstance(report.get("frame"), int):
        return report["frame"]
    return None
