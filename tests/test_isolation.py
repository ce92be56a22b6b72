"""Two classroom sessions at once: neither sees the other's settings, data or model, and shared caches stay unmutated.

AppTest instances in one process share Streamlit's caches exactly as the sessions of one server do;
the last test drives one real server over its websocket protocol with two sessions pressing Train together.
"""

import asyncio
import hashlib
from pathlib import Path

import numpy as np
from apptest_app import open_app, press
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.load import Server, Session

ROOT = Path(__file__).parents[1]
BLOBS = {"dataset": "blobs", "centers": "4", "epochs": "30"}  # 4 classes: softmax weights (4, 2)
CIRCLES = {"dataset": "circles", "degree": "3", "epochs": "50"}  # 2 classes, 9 cubic features: weights (1, 9)


def counter(at):
    return next(m.value for m in at.markdown if m.value.startswith("**Epoch"))


def query(at, key):
    v = at.query_params[key]
    return v[0] if isinstance(v, list) else v


def digest(prep, snaps):
    """One hash over a prepared data set and a list of snapshots: changes if any of their arrays is mutated."""
    h = hashlib.sha256()
    arrays = [prep.X_train, prep.X_test, prep.y_train, prep.y_test, prep.F_train, prep.F_test]
    arrays += [a for s in snaps for a in (s.coef, s.intercept)]
    for a in arrays:
        h.update(np.ascontiguousarray(a).tobytes())
    return h.hexdigest()


def test_two_sessions_keep_their_own_settings_data_and_model():
    a = open_app(**BLOBS)
    b = open_app(**CIRCLES)  # interleaved: b opens before a trains
    a = press(a, "Train")
    b = press(b, "Train")
    sa, sb = a.session_state.settings, b.session_state.settings
    assert (sa.dataset, sa.centers, sa.degree, sa.epochs) == ("blobs", 4, 1, 30)
    assert (sb.dataset, sb.centers, sb.degree, sb.epochs) == ("circles", 3, 3, 50)
    assert (query(a, "dataset"), query(b, "dataset")) == ("blobs", "circles")
    ra, rb = a.session_state.run, b.session_state.run
    assert ra is not rb and ra.trainer is not rb.trainer and ra.prep is not rb.prep
    assert ra.settings == sa and rb.settings == sb
    assert set(np.unique(ra.prep.y_train)) == {0, 1, 2, 3} and set(np.unique(rb.prep.y_train)) == {0, 1}
    assert ra.current.coef.shape == (4, 2) and ra.trainer.state.W.shape == (2, 4)
    assert rb.current.coef.shape == (1, 9) and rb.trainer.state.W.shape == (9, 1)
    assert counter(a).startswith("**Epoch 30 / 30**") and counter(b).startswith("**Epoch 50 / 50**")


def test_shared_cached_runs_are_not_mutated_by_other_sessions():
    a = press(open_app(**BLOBS), "Train")
    run_a = a.session_state.run
    prep_a, snaps_a = run_a.prep, list(run_a.snaps)
    before = digest(prep_a, snaps_a)

    c = press(open_app(**BLOBS), "Train")  # same settings: served from the same cache entries
    b = press(open_app(**CIRCLES), "Train")
    for label in (
        "Pause",
        "Step",
        "Step",
        "Train",
        "Pause",
        "Reset",
        "Step",
        "Train",
    ):  # c holds the shared run, then moves on
        c = press(c, label)
        b = press(b, {"Train": "Step"}.get(label, label))
    run_c = c.session_state.run
    assert run_c is not run_a and run_c.trainer.state.W is not run_a.trainer.state.W
    assert not {id(s) for s in run_c.snaps[1:]} & {id(s) for s in snaps_a}, "c's steps are its own snapshots"

    assert digest(prep_a, snaps_a) == before, "another session mutated data or snapshots that a is showing"
    a = press(press(a, "Reset"), "Train")  # the shared run from zero, fetched again
    assert digest(a.session_state.run.prep, a.session_state.run.snaps) == before
    assert counter(a).startswith("**Epoch 30 / 30** · step 150")


async def two_sessions_train_together(url):
    a, b = Session(url, "dataset=blobs&centers=4&epochs=30"), Session(url, "dataset=circles&degree=3&epochs=50")
    await asyncio.gather(a.open(), b.open())
    assert a.sidebar_deltas > 10 and a.finished == ForwardMsg.FINISHED_SUCCESSFULLY  # the whole page
    await asyncio.gather(a.run(a.buttons["Train"]), b.run(b.buttons["Train"]))  # both press at once
    a_trained = (list(a.texts), a.finished, a.sidebar_deltas)  # a then presses Reset and Step
    await a.run(a.buttons["Reset"])
    await a.run(a.buttons["Step"])  # fragment runs too: they must find the run the Train left
    await asyncio.gather(a.close(), b.close())
    return a, b, a_trained


def test_two_websocket_sessions_on_one_server_render_their_own_settings():
    with Server(ROOT / "app.py") as server:
        server.wait_healthy()
        a, b, (texts_a, finished_a, sidebar_a) = asyncio.run(
            asyncio.wait_for(two_sessions_train_together(server.url), 60)
        )
    assert not a.errors and not b.errors, (a.errors, b.errors)
    # Train reran only the run's part of the page (a fragment): nothing went to the sidebar
    assert (
        finished_a == b.finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY and sidebar_a == b.sidebar_deltas == 0
    )
    counter_a = next(t for t in texts_a if t.startswith("**Epoch"))
    counter_b = next(t for t in b.texts if t.startswith("**Epoch"))
    assert counter_a.startswith("**Epoch 30 / 30**") and counter_b.startswith("**Epoch 50 / 50**")
    probe_a = next(t for t in texts_a if t.startswith("P(") and "→" in t)  # "Probability at a point": P per class
    probe_b = next(t for t in b.texts if t.startswith("P(") and "→" in t)
    assert (probe_a.count("P("), probe_b.count("P(")) == (4, 2), (probe_a, probe_b)
    assert "dataset=blobs" in a.query and "centers=4" in a.query
    assert "dataset=circles" in b.query and "degree=3" in b.query
    # a's Reset and Step: fragment runs, on the run its Train left
    assert a.finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY and a.sidebar_deltas == 0
    assert next(t for t in a.texts if t.startswith("**Epoch")).startswith("**Epoch 0 / 30** · step 1 ")


def test_a_run_cut_by_the_time_limit_is_not_shared(monkeypatch):
    """Its length depends on how busy the server was: the next person must get a full run."""
    from playground import cached, engine
    from playground.settings import Settings

    s = Settings(epochs=40, seed=987)
    prep = engine.prepare(s, engine.generate(s))
    monkeypatch.setattr(engine, "MAX_SECONDS", 0.0)
    _, cut = cached.full_run(s, "generated", prep)
    assert cut.stopped and "time limit" in cut.stopped and cut.epoch < 40
    monkeypatch.setattr(engine, "MAX_SECONDS", 5.0)
    _, full = cached.full_run(s, "generated", prep)
    assert full.stopped is None and full.epoch == 40
