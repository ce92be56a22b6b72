"""Inside the math: one training point's equations with the current numbers, the 1-D toy problem
learning, and the loss landscape with the optimizers' paths."""

import streamlit as st

from playground import cached
from playground import mathview as M
from playground.deeplink import through_app
from playground.settings import OPTIMIZERS

through_app()  # first: a deep link on a fresh server must go through app.py

SS = st.session_state
LR_OPTIONS = [0.01, 0.03, 0.1, 0.3, 1.0, 3.0]
L2_OPTIONS = [0.0, 0.001, 0.003, 0.01, 0.03, 0.1]
SPACES = {"toy": "(w, b) on the 1-D toy problem", "plane": "(w1, w2) on the Playground's data"}
CONFIG = {"displaylogo": False}

for key, default in (
    ("math_point", 0),
    ("math_toy_optimizer", "sgd"),
    ("math_toy_lr", 0.3),
    ("math_toy_epochs", 300),
    ("math_toy_l2", M.TOY_L2),
    ("math_space", "toy"),
    ("math_paths", list(OPTIMIZERS)),
):
    if key not in SS:
        SS[key] = default


def playground_run():
    """(settings, prep, snapshot, data_id, where from) of the Playground's run, or of a default run trained here."""
    settings, prep, data_id, run = cached.current(SS)
    if run is not None:
        return settings, prep, run.current, data_id, "the Playground's run"
    snaps, _ = cached.full_run(settings, data_id, prep)
    return settings, prep, snaps[-1], data_id, "a run of the Playground's settings, trained here"


@st.cache_resource(max_entries=64, ttl=3600, show_spinner=False)
def toy_run(optimizer, learning_rate, epochs, l2):
    """Snapshots of the toy problem's run, and why it stopped early (if it did)."""
    trainer = M.toy_trainer(optimizer, learning_rate, epochs, l2)
    return M.snapshots(trainer, M.CURVE_FRAMES), trainer.state.stopped


@st.cache_resource(max_entries=64, ttl=3600, show_spinner=False)
def toy_landscape(optimizers, learning_rate, epochs, l2):
    """The (w, b) landscape of the toy problem with the paths and scikit-learn's optimum."""
    return M.toy_landscape(optimizers, learning_rate, epochs, l2)


@st.cache_resource(max_entries=32, ttl=3600, show_spinner=False)
def plane(settings, data_id, optimizers, coef, intercept, _prep):
    """The (w1, w2) landscape of the Playground's data (three full runs: cached)."""
    best = cached.optimum(settings, data_id, _prep)
    return M.plane_landscape(settings, _prep, coef, intercept, optimizers, best)


st.title("Inside the math")

# ---- one training point ---------------------------------------------------------------------------
settings, prep, snap, data_id, source = playground_run()
st.header("One training point, by the numbers")
st.caption(
    f"Weights of {source} at epoch {snap.epoch} (step {snap.step}); x is the point's features after the "
    "feature map, exactly what the model sees. Every number is computed by `logreg_core.ops`."
)
n = len(prep.y_train)
SS.math_point = min(int(SS.math_point), n - 1)
i = st.number_input("Training point", 0, n - 1, step=1, key="math_point", help=f"An index from 0 to {n - 1}")
pt = M.point(prep.F_train, prep.y_train, snap.coef, snap.intercept, i)
eq = M.equations(pt)
left, right = st.columns([1, 2])
with left:
    st.markdown("**The point**")
    st.dataframe(
        {prep.names[0]: [prep.X_train[i, 0]], prep.names[1]: [prep.X_train[i, 1]], "class": [prep.classes[pt.y]]},
        hide_index=True,
    )
with right:
    st.markdown("**Its features, the weights and the gradients**")
    names = prep.feature_map.get_feature_names_out(prep.names)
    st.dataframe(M.point_table(pt, names, prep.classes), hide_index=True)
st.markdown("**1. The logit**: a weighted sum of the features")
st.latex(eq["z"])
st.markdown("**2. The probability**" + (": the sigmoid squashes z into (0, 1)" if pt.binary else ": softmax"))
st.latex(eq["p"])
st.markdown("**3. The loss**: cross-entropy, small when the true class gets a high probability")
st.latex(eq["loss"])
st.markdown("**4. The gradient**: the error p − y times the input")
st.latex(eq["gradient"])
st.caption(
    "A training step averages this gradient over its batch, adds L2 · w (and L1 · sign(w)), and hands it "
    "to the optimizer: see the Code page."
)

# ---- the 1-D toy problem ----------------------------------------------------------------------------
st.header("The 1-D toy problem: the sigmoid learns")
st.caption("Six points x = 1, …, 6 with labels 0, 0, 0, 1, 1, 1, trained full batch on the raw x.")
c1, c2, c3, c4 = st.columns(4)
c1.selectbox("Optimizer", OPTIMIZERS, key="math_toy_optimizer")
c2.select_slider("Learning rate", LR_OPTIONS, key="math_toy_lr", format_func=lambda v: f"{v:g}")
c3.slider("Epochs", 10, 1000, step=10, key="math_toy_epochs")
c4.select_slider("L2 penalty", L2_OPTIONS, key="math_toy_l2", format_func=lambda v: f"{v:g}")
lr, epochs, l2 = SS.math_toy_lr, SS.math_toy_epochs, SS.math_toy_l2
snaps, stopped = toy_run(SS.math_toy_optimizer, lr, epochs, l2)
st.plotly_chart(M.sigmoid_figure(snaps, *M.toy_data()), key="math_sigmoid", config=CONFIG)
if stopped:
    st.error(f"Training stopped: {stopped}", icon=":material/block:")

# ---- the loss landscape -----------------------------------------------------------------------------
st.header("The loss landscape")
c1, c2 = st.columns([2, 3])
c1.radio("Parameters", list(SPACES), key="math_space", format_func=SPACES.get)
c2.multiselect("Optimizers", OPTIMIZERS, key="math_paths")
chosen = tuple(o for o in OPTIMIZERS if o in SS.math_paths)
if SS.math_space == "toy":
    ls = toy_landscape(chosen, lr, epochs, l2)
    st.caption(
        f"The objective over (w, b) of the toy problem, every path from (0, 0) with learning rate {lr:g} for "
        f"{epochs} epochs and L2 = {l2:g} (the controls above). The toy data are separable, so without a penalty "
        "the loss keeps falling as w grows and the optimum is at infinity: the L2 penalty (0.01 by default) gives "
        "it a finite one, ★ (scikit-learn's solution of the same objective)."
    )
else:
    ls = plane(settings, data_id, chosen, snap.coef, snap.intercept, prep)
    b = ", ".join(f"{v:.3g}" for v in snap.intercept)
    st.caption(
        f"The objective of {source} over the weights of the first two features (class 0's for several classes), "
        f"with the bias ({b}) and every other weight held at the current values. Each path is a full run with the "
        "Playground's settings and that optimizer, seen from above: the other parameters move too, so a path need "
        "not run downhill on this slice. ★ is scikit-learn's optimum of the same objective."
    )
    if ls.optimum is None:
        st.caption(
            "No ★: scikit-learn solves the L2-penalized objective only, so it needs L1 = 0."
            if settings.l1 > 0
            else "No ★: these training data are separable and L2 = 0, so the optimum is at infinity. "
            "Set an L2 penalty on the Playground to give it a finite one."
        )
if not chosen:
    st.info("Pick an optimizer to draw its path.", icon=":material/touch_app:")
st.plotly_chart(M.landscape_figure(ls), key="math_landscape", config=CONFIG)
for name, why in ls.stopped.items():
    st.warning(f"{name} stopped: {why}", icon=":material/block:")
