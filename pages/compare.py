"""Compare: up to 8 runs on the Playground's data, trained together in one sweep and replayed side by side."""

import streamlit as st

from playground import cached
from playground import compare as C
from playground.deeplink import through_app
from playground.settings import OPTIMIZERS

through_app()  # first: a deep link on a fresh server must go through app.py

SS = st.session_state
CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}
NUMBER = {"format": "%g", "required": True}
TABLE_COLUMNS = {
    "learning_rate": st.column_config.NumberColumn("learning rate", **NUMBER),
    "batch_size": st.column_config.NumberColumn(
        "batch size", step=1, format="%d", required=True, help="1 is SGD; the training set's size or more, full batch"
    ),
    "optimizer": st.column_config.SelectboxColumn("optimizer", options=OPTIMIZERS, required=True),
    "l2": st.column_config.NumberColumn("L2", **NUMBER),
    "l1": st.column_config.NumberColumn("L1", **NUMBER),
}
RESULT_COLUMNS = {
    name: st.column_config.NumberColumn(name, format="%.3f")
    for name in ("train loss", "test loss", "train accuracy", "test accuracy")
}
RESULT_COLUMNS["stopped"] = st.column_config.TextColumn("stopped early", width="large")

# Streamlit drops the state of widgets another page did not draw: keep the choice in a key of our own
SS.setdefault("compare_vary_kept", "learning_rate")
if "compare_vary" not in SS:
    SS.compare_vary = SS.compare_vary_kept


def playground_data():
    """(settings, prep, data_id, where from): the Playground's run, or the data its settings name."""
    settings, prep, data_id, run = cached.current(SS)
    if run is not None:
        return settings, prep, data_id, "the Playground's data and settings"
    return settings, prep, data_id, "the Playground's default data and settings (open the Playground to change them)"


def comparison(settings, data_id, prep, runs):
    """The trained comparison: a pure function of its key, so one sweep serves everyone who asks the same."""
    return cached.memo(("compare", settings, data_id, runs), lambda: C.compare(settings, prep, runs))


st.title("Compare runs")
settings, prep, data_id, source = playground_data()
n_train = len(prep.X_train)
st.caption(
    f"Up to {C.MAX_RUNS} runs on {source}: {n_train} training points, {len(prep.classes)} classes, "
    f"polynomial degree {settings.degree}, {settings.epochs} epochs, seed {settings.seed}. Every run walks the same "
    "batches in the same order, and all of them train together in one vectorized sweep."
)

st.radio(
    "Vary",
    list(C.PRESETS),
    key="compare_vary",
    format_func=C.LABELS.get,
    horizontal=True,
    help="Fills the table with a sweep of this hyper-parameter; the other columns start at the Playground's values",
)
SS.compare_vary_kept = SS.compare_vary
table = st.data_editor(
    C.preset(settings, SS.compare_vary, n_train),
    key="compare_runs",
    num_rows="dynamic",
    hide_index=True,
    column_config=TABLE_COLUMNS,
    width="content",
)
try:
    runs, problem = C.check_runs(table), None
except ValueError as e:
    runs, problem = None, str(e)
if problem:
    st.error(problem, icon=":material/error:")
if st.button("Compare", type="primary", disabled=runs is None):
    SS.compare_result = comparison(settings, data_id, prep, runs)
    SS.compare_key = (settings, data_id, runs)

result = SS.get("compare_result")
if result is not None:
    if runs is not None and SS.compare_key != (settings, data_id, runs):
        st.info("The table or the Playground has changed since this comparison: press Compare to train the table.")
    if result.note:
        st.info(result.note, icon=":material/lightbulb:")
    st.plotly_chart(result.figure, key="compare_chart", width=C.WIDTH, config=CONFIG)
    st.caption(
        "Each small plot is one run's model: shading is its predicted class, the line its boundary, filled points "
        "train and open points test data. ⟲ Replay plays every run from epoch 0 in step; the slider picks an epoch."
    )
    st.header("Results")
    st.dataframe(result.table, hide_index=True, column_config=RESULT_COLUMNS)
