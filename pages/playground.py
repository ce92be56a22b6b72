"""Playground: generate data, set the training knobs, and watch the boundary and the loss move."""

import time
from dataclasses import replace

import numpy as np
import streamlit as st

from logreg_core import export, metrics
from playground import cached, engine, figures
from playground import settings as S
from playground.deeplink import through_app
from playground.replay import paused_frame, replay
from playground.scenarios import SCENARIOS, parse_hidden, settings_of
from playground.session import Run
from playground.text import literal

through_app()  # first: a deep link on a fresh server must go through app.py

SS = st.session_state
LR_OPTIONS = [1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0]
SCALE_OPTIONS = [0.001, 0.01, 0.1, 1.0, 10.0, 100.0, 1000.0, 10000.0]
PENALTY_OPTIONS = [0.0, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0]
DATASET_LABELS = {"moons": "Moons", "blobs": "Blobs", "circles": "Circles", "xor": "XOR", "spiral": "Spiral",
                  "linear": "Linearly separable", "custom": "My data (Data page)"}  # fmt: skip


def shown(name):
    """False for the controls a classroom link hides."""
    return name not in SS.get("hidden", ())


def with_value(options, value):
    """Options that include ``value`` (a URL may carry one off the list)."""
    return sorted(set(options) | {value})


# ---- settings: the URL on first load, the widgets after that ------------------------------------
# SS.settings is the source of truth; widget keys are re-seeded from it because Streamlit drops the
# state of widgets that another page did not draw.
if "settings" not in SS:
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    SS.scenario = st.query_params.get("scenario") if st.query_params.get("scenario") in SCENARIOS else None
    SS.settings, SS.url_notes = S.from_query(params, base=settings_of(SS.scenario) if SS.scenario else None)
    SS.hidden = parse_hidden(st.query_params.get("hide"))
for key, default in (("scenario", None), ("hidden", set()), ("url_notes", [])):
    SS.setdefault(key, default)  # other pages may set the settings before this page ever ran
for key, value in vars(SS.settings).items():
    if key not in SS:
        SS[key] = value
custom = SS.get("custom_data")  # an engine.Data from the Data page
if SS.dataset == "custom" and custom is None:
    SS.url_notes = [
        *SS.url_notes,
        "No data from the Data page yet, so the playground uses Moons. Upload a CSV on the Data page.",
    ]
    SS.dataset = "moons"

with st.sidebar:
    st.header("Data")
    names = [d for d in S.DATASETS if d != "custom" or custom is not None]
    if shown("dataset"):
        st.selectbox("Data set", names, key="dataset", format_func=DATASET_LABELS.get)
    generated = SS.dataset != "custom"
    if shown("samples"):
        st.slider("Samples", 20, S.MAX_SAMPLES, step=10, key="samples", disabled=not generated)
    if shown("noise"):
        st.slider("Noise", 0.0, 2.0, step=0.05, key="noise", disabled=not generated)
    if SS.dataset == "blobs" and shown("centers"):
        st.slider("Centers (classes)", 2, 6, key="centers")
    if shown("scale"):
        st.select_slider(
            "Scale of x2",
            with_value(SCALE_OPTIONS, SS.scale),
            key="scale",
            disabled=not generated,
            format_func=lambda v: f"× {v:g}",
            help="Multiplies the second feature, as unscaled real data would",
        )
    if shown("test_fraction"):
        st.slider("Test fraction", 0.0, 0.5, step=0.05, key="test_fraction")
    if shown("seed"):
        st.number_input("Seed", 0, 2**31 - 1, step=1, key="seed")
    st.header("Features")
    if shown("standardize"):
        st.toggle("Standardize", key="standardize", help="z-score each feature with the training part's mean and std")
    if shown("degree"):
        st.slider(
            "Polynomial degree", 1, 6, key="degree", help="1 draws a straight boundary; higher degrees can bend it"
        )

    data_now = S.Settings(**{k: SS[k] for k in vars(S.Settings())})
    prep, data_id = cached.prepared_for(data_now, custom, SS.get("custom_data_id"))
    n_train = len(prep.X_train)

    st.header("Training")
    SS.learning_rate = float(SS.learning_rate)
    if shown("learning_rate"):
        lr_options = with_value(LR_OPTIONS, SS.learning_rate)
        st.select_slider("Learning rate", lr_options, key="learning_rate", format_func=lambda v: f"{v:g}")
    SS.batch_size = min(int(SS.batch_size), n_train)
    if shown("batch_size"):
        st.slider("Batch size", 1, n_train, key="batch_size")
        st.caption(f"= {engine.batch_label(replace(data_now, batch_size=SS.batch_size), prep)}")
    if shown("epochs"):
        st.slider("Epochs", 1, S.MAX_EPOCHS, key="epochs")
    if shown("optimizer"):
        st.radio("Optimizer", S.OPTIMIZERS, key="optimizer", horizontal=True)
    if shown("l2"):
        st.select_slider("L2 penalty", with_value(PENALTY_OPTIONS, SS.l2), key="l2", format_func=lambda v: f"{v:g}")
    if shown("l1"):
        st.select_slider("L1 penalty", with_value(PENALTY_OPTIONS, SS.l1), key="l1", format_func=lambda v: f"{v:g}")

settings = SS.settings = S.Settings(**{k: SS[k] for k in vars(S.Settings())})
query = S.to_query(settings, scenario=SS.scenario, hide=",".join(sorted(SS.hidden)))
if st.query_params.to_dict() != query:
    st.query_params.from_dict(query)
if SS.get("run") is None or SS.run.settings != settings or SS.get("run_data") != data_id:
    SS.run, SS.run_data = Run(settings, prep), data_id
run = SS.run

st.title("Watch logistic regression learn")
if SS.scenario:
    sc = SCENARIOS[SS.scenario]
    with st.container(border=True):
        st.markdown(f"**Scenario: {sc.title}** — {sc.watch}")
        if st.button("Close scenario", key="close_scenario"):
            SS.scenario = None
            st.rerun()
for note in SS.url_notes:
    st.warning(note, icon=":material/link:")
with st.sidebar:
    st.header("Overlay")
    show_optimum = st.toggle(
        "scikit-learn optimum",
        help="Where gradient descent should end up: scikit-learn's solution of the same objective",
    )
binary = prep.n_classes == 2


# ---- the four buttons ----------------------------------------------------------------------------
def on_train():
    run.train(time.time(), full_run=lambda: cached.full_run(settings, data_id, prep))


def on_pause():
    run.pause(time.time(), paused_frame(run.token))


def on_step():
    if run.step() is None:
        SS.flash = "This run is complete: press Train to start it over, or Reset."


def controls():
    """Train, Pause, Step, Reset and the epoch/step counter; returns the counter's fixed part."""
    buttons = st.columns([1, 1, 1, 1, 5], vertical_alignment="center")
    buttons[0].button("Train", type="primary", on_click=on_train, use_container_width=True)
    buttons[1].button("Pause", on_click=on_pause, use_container_width=True)
    buttons[2].button("Step", on_click=on_step, use_container_width=True)
    buttons[3].button("Reset", on_click=run.reset, use_container_width=True)
    state = run.trainer.state
    rest = f"{engine.batch_label(settings, prep)} · {engine.steps_per_epoch(settings, prep)} steps per epoch"
    with buttons[4].container(key="counter"):
        st.markdown(f"**Epoch {state.epoch} / {run.trainer.config.epochs}** · step {state.step} · {rest}")
    if SS.get("flash"):
        st.info(SS.pop("flash"), icon=":material/info:")
    if state.stopped:
        st.error(f"Training stopped: {state.stopped}", icon=":material/block:")
    return rest


# ---- the figure ------------------------------------------------------------------------------------
def run_chart(threshold, rest):
    """The loss curve and the data with its boundary, replayed in the browser after a Train."""
    optimum = None
    if show_optimum:
        best = cached.optimum(settings, data_id, prep)
        if best is None:
            st.caption("The scikit-learn overlay needs L1 = 0 (it solves the L2-penalized objective).")
        else:
            optimum = engine.boundary_xy(prep, best[0], best[1], threshold)
    token = run.token
    if run.view == "play":
        autoplay = SS.get("autoplayed") != token
        open_at = run.play_from if autoplay else len(run.snaps) - 1
        play_from = run.play_from if autoplay else None

        def build():
            frames = engine.frames(prep, run.snaps, threshold)
            return figures.figure(prep, frames, run.curves(), start=open_at, play_from=play_from, optimum=optimum)

        if run.from_cache:  # a whole run from zero: the same for everyone on these settings, so shared
            key = (settings, data_id, threshold, optimum is not None, open_at, play_from)
            fig = cached.figure_spec(cached.memo(key, build), token)
        else:
            fig = cached.figure_spec(build(), token)
        SS.autoplayed = token
    else:
        autoplay = False
        batch = prep.X_train[run.last_step.batch] if run.view == "step" and run.last_step is not None else None
        frames = [engine.frame(prep, run.current, threshold)]
        steps = run.step_losses()
        fig = figures.figure(prep, frames, run.curves(), token=token, optimum=optimum, batch=batch, steps=steps)
    # the replay helper goes first: the browser handles it before it spends its time drawing the figure,
    # so it is ready to press Play the moment the figure is on screen
    state = run.trainer.state
    replay(token, run.snaps, (state.epoch, state.step), run.trainer.config.epochs, rest, autoplay, on_pause)
    st.plotly_chart(
        fig,
        key="run_chart",
        width=figures.WIDTH,
        config={"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]},
    )

    for note in engine.diagnose(settings, prep, run.trainer) if run.view != "start" else []:
        st.info(note, icon=":material/lightbulb:")


def step_details():
    """The last Step's batch, weights and gradient."""
    snap = run.last_step
    names = list(prep.feature_map.get_feature_names_out(prep.names))
    st.subheader(f"Step {snap.step}: a batch of {len(snap.batch)} samples (ringed in orange)")
    rows = {"feature": names + ["bias"]}
    for c in range(snap.coef.shape[0]):
        label = "" if snap.coef.shape[0] == 1 else f" ({prep.classes[c]})"
        rows[f"weight{label}"] = np.r_[snap.coef[c], snap.intercept[c]]
        rows[f"gradient{label}"] = np.r_[snap.grad_coef[c], snap.grad_intercept[c]]
    st.dataframe(rows, hide_index=True)
    st.caption("The update is weight ← weight − learning rate × (optimizer's step from the gradient).")


# ---- results ---------------------------------------------------------------------------------------
def results(threshold):
    """Metrics, confusion matrix, ROC, the threshold slider and the probability at a point."""
    st.header("Results")
    snap = run.current
    X_eval, y_eval, part = (
        (prep.X_test, prep.y_test, "test") if len(prep.y_test) else (prep.X_train, prep.y_train, "train")
    )
    P_eval = engine.probabilities(prep, snap.coef, snap.intercept, X_eval)
    P_train = engine.probabilities(prep, snap.coef, snap.intercept, prep.X_train)
    rep = metrics.report(y_eval, P_eval, threshold)
    rep_train = metrics.report(prep.y_train, P_train, threshold)
    left, mid, right = st.columns([1, 1, 1.3] if binary else [1, 2, 0.01])
    with left:
        st.metric("Train accuracy", f"{rep_train['accuracy']:.3f}")
        st.metric("Train log-loss", f"{rep_train['log_loss']:.3f}")
        if part == "test":
            st.metric("Test accuracy", f"{rep['accuracy']:.3f}")
            st.metric("Test log-loss", f"{rep['log_loss']:.3f}")
        if binary:
            st.slider("Threshold on P(class 1)", 0.01, 0.99, 0.5, 0.01, key="threshold",
                      help="Moves the boundary and every metric without retraining")  # fmt: skip
    with mid:
        st.markdown(f"**Confusion matrix ({part})** — rows: true class, columns: predicted")
        st.dataframe(
            {
                "true \\ predicted": list(prep.classes),
                **{c: rep["confusion"][:, j] for j, c in enumerate(prep.classes)},
            },
            hide_index=True,
        )
        st.markdown("**Probability at a point**")
        cx, cy = st.columns(2)
        px = cx.number_input(
            literal(prep.names[0]), value=round((prep.box[0] + prep.box[1]) / 2, 2), step=0.1, key="probe_x"
        )
        py = cy.number_input(
            literal(prep.names[1]), value=round((prep.box[2] + prep.box[3]) / 2, 2), step=0.1, key="probe_y"
        )
        P_point = engine.probabilities(prep, snap.coef, snap.intercept, np.array([[px, py]]))[0]
        code = int(metrics.predict(P_point[None, :], threshold)[0])
        readout = ", ".join(f"P({literal(c)}) = {p:.3f}" for c, p in zip(prep.classes, P_point))
        st.markdown(f"{readout} → **{literal(prep.classes[code])}**")
    with right:
        if "auc" in rep:
            t_pred = metrics.predict(P_eval, threshold) == 1
            pos, neg = y_eval == 1, y_eval == 0
            point = (t_pred[neg].mean() if neg.any() else 0.0, t_pred[pos].mean() if pos.any() else 0.0)
            st.markdown(f"**ROC curve ({part})** · AUC = {rep['auc']:.3f}")
            st.plotly_chart(
                figures.roc_figure(rep["fpr"], rep["tpr"], rep["auc"], point), key="roc", config={"displaylogo": False}
            )


def downloads():
    """The trained model (JSON) and the data (CSV)."""
    st.header("Download")
    buttons = st.container(horizontal=True)  # side by side, at the left
    snap = run.current
    model = engine.model_of(prep, snap, settings)
    buttons.download_button(
        "Model (JSON)",
        lambda: export.dumps(model, prep.feature_map, settings=vars(settings), epoch=snap.epoch),
        file_name="logreg_model.json",
        mime="application/json",
        on_click="ignore",
    )
    buttons.download_button(
        "Data (CSV)", lambda: engine.data_csv(prep), file_name="logreg_data.csv", mime="text/csv", on_click="ignore"
    )


# ---- the run: a fragment, so Train, Pause, Step, Reset and the threshold rerun only this part ------
# (the sidebar's settings are not redrawn, which halves the browser's work before the chart is drawn)
@st.fragment
def training():
    rest = controls()
    threshold = SS.get("threshold", 0.5) if binary else 0.5
    run_chart(threshold, rest)
    if run.view == "step" and run.last_step is not None:
        step_details()
    results(threshold)
    downloads()


training()
